"""Receipts and statements drawn by the one PDF engine (``practice.documents``).

The payer is named by their legal name (a receipt kept for taxes or a health savings
account must match their identity); the chosen name appears nowhere on either. Every
typed text is checked for characters the font cannot draw before anything is laid out.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from practice.billing.money import Money
from practice.documents.fonts import ensure_fonts
from practice.documents.glyphs import check_drawable
from practice.documents.layout import (
    build_pdf,
    letterhead_flowables,
    long_date,
    notice,
    para,
    short_date,
    styles,
)
from practice.documents.model import Letterhead
from practice.services.billing_documents.account import Receipt, Statement
from practice.services.billing_documents.model import Patient
from practice.services.billing_documents.render import (
    _heading,
    _parties,
    _patient_lines,
    _table,
)

RECEIPT_NOTICE = ("This receipt acknowledges a payment received by the practice. It is not a "
                  "bill. Keep it with your records.")
STATEMENT_NOTICE = ("A balance below zero is credit in your favour, applied to your next "
                    "sessions unless you ask for it back. Questions about this statement: "
                    "contact the practice at the number above.")


def _check(letterhead: Letterhead, therapist: str, patient: Patient) -> None:
    # Paragraphs resolve their fonts when made, before build_pdf would register them.
    ensure_fonts()
    check_drawable({
        "Practice name": letterhead.practice_name,
        "Practice address": "\n".join(letterhead.address_lines),
        "Practice phone": letterhead.phone,
        "Therapist name and credentials": therapist,
        "Client's legal name": patient.legal_name,
        "Client's address": patient.address,
    })


def _practice_lines(letterhead: Letterhead, therapist: str) -> list[str]:
    return [line for line in (letterhead.practice_name, therapist, *letterhead.address_lines,
                              letterhead.phone) if line.strip()]


def render_receipt(receipt: Receipt, letterhead: Letterhead, therapist: str) -> bytes:
    """Draw a receipt for one payment.

    Args:
        receipt: From ``gather_receipt``.
        letterhead: The practice's letterhead.
        therapist: The therapist's name and credentials.

    Returns:
        The PDF, unprotected.

    Raises:
        UndrawableText: A name or address holds characters the font cannot draw.
    """
    _check(letterhead, therapist, receipt.patient)
    style = styles()
    paid = [[short_date(receipt.received_on), receipt.method, receipt.amount.display()]]
    story: list[Flowable] = [
        *letterhead_flowables(letterhead),
        para("Receipt", style.title),
        para(f"Receipt number {receipt.payment_id}, given on {long_date(receipt.issued_on)}.",
             style.body),
        _parties(("Received from", _patient_lines(receipt.patient)),
                 ("Received by", _practice_lines(letterhead, therapist))),
        *_heading("Payment"),
        _table(("Date received", "Method", "Amount"), (2.0, 2.5, 2.0), paid, right_from=2),
    ]
    if receipt.lines:
        rows = [[short_date(line.service_date), f"{line.label} ({line.code})"
                 if line.label != line.code else line.code, line.applied.display()]
                for line in receipt.lines]
        applied = sum((line.applied for line in receipt.lines), Money.zero())
        story += [*_heading("Applied to"),
                  _table(("Session date", "Service", "Applied"), (1.3, 3.7, 1.5), rows,
                         right_from=2, total=["Total applied", "", applied.display()])]
    if receipt.refunded:
        story.append(para(f"Refunded to you since: {receipt.refunded.display()}.", style.body))
    if receipt.credit:
        story.append(para(f"Held as credit on your account: {receipt.credit.display()}.",
                          style.body))
    story += [Spacer(0, 10), notice(RECEIPT_NOTICE)]
    return build_pdf(story, title="Receipt", author=letterhead.practice_name,
                     running_header=f"Receipt {receipt.payment_id}: {receipt.patient.legal_name}")


def render_statement(statement: Statement, letterhead: Letterhead, therapist: str) -> bytes:
    """Draw a payer's statement over a period.

    Args:
        statement: From ``gather_statement``.
        letterhead: The practice's letterhead.
        therapist: The therapist's name and credentials.

    Returns:
        The PDF, unprotected.

    Raises:
        UndrawableText: A name or address holds characters the font cannot draw.
    """
    _check(letterhead, therapist, statement.patient)
    style = styles()
    rows = [[short_date(statement.start), "Balance carried in", "", "",
             statement.opening.display()]]
    for entry in statement.entries:
        debit = entry.amount.display() if entry.amount.cents > 0 else ""
        credit = (-entry.amount).display() if entry.amount.cents < 0 else ""
        rows.append([short_date(entry.on), entry.description, debit, credit,
                     entry.balance.display()])
    closing = statement.closing
    story: list[Flowable] = [
        *letterhead_flowables(letterhead),
        para("Statement of account", style.title),
        para(f"From {long_date(statement.start)} to {long_date(statement.end)}, given on "
             f"{long_date(statement.issued_on)}.", style.body),
        _parties(("Account of", _patient_lines(statement.patient)),
                 ("From", _practice_lines(letterhead, therapist))),
        *_heading("Charges, adjustments and payments"),
        _table(("Date", "Description", "Charges", "Credits", "Balance"),
               (0.9, 2.9, 0.9, 0.9, 0.9), rows, right_from=2,
               total=["", "Balance at the end of the period", statement.charged.display(),
                      statement.credited.display(), closing.display()]),
        Spacer(0, 8),
        para(f"Amount due: {closing.display()}." if closing.cents > 0 else
             "Nothing is due." if closing.cents == 0 else
             f"Credit in your favour: {(-closing).display()}.", style.body, bold=True),
        Spacer(0, 10),
        notice(STATEMENT_NOTICE),
    ]
    return build_pdf(story, title="Statement", author=letterhead.practice_name,
                     running_header=f"Statement: {statement.patient.legal_name}, "
                                    f"{short_date(statement.start)} to "
                                    f"{short_date(statement.end)}")
