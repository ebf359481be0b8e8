"""Issuing a receipt or a statement: checked, drawn, written out, stored and logged as given.

Both go to the client only by a channel they marked safe (``channels.safe_channel``) and,
like a superbill, are kept in ``billing_documents`` and logged as a copy given to the
client with its audit entry, through the same ``issue`` helpers: nothing leaves the
practice unlogged, and nothing is logged that was not made.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from practice.billing.money import Money
from practice.services.billing_documents.account import gather_receipt, gather_statement
from practice.services.billing_documents.channels import safe_channel
from practice.services.billing_documents.issue import _issue, _keep
from practice.services.billing_documents.model import IssuedDocument
from practice.services.letters.profile import letterhead
from practice.services.releases import Scope
from practice.services.settings import LOGO, PracticeProfile, load_image, load_profile

# Both list the dates of sessions charged or paid for: that the client attended, no more.
_SCOPES: frozenset[Scope] = frozenset({"attendance"})


def _therapist(profile: PracticeProfile) -> str:
    return ", ".join(p for p in (profile.therapist_name.strip(), profile.credentials.strip())
                     if p)


def issue_receipt(sessions: sessionmaker[Session], payment_id: int, *, today: date,
                  out: Path | None = None, password: str | None = None,
                  channel: str | None = None) -> IssuedDocument:
    """Issue the receipt for one payment to the payer: drawn, optionally written, kept, logged.

    Args:
        sessions: The store's sessionmaker.
        payment_id: The payment.
        today: The day it is given.
        out: Where to write the PDF, if anywhere.
        password: Protect the written file with AES-256.
        channel: ``post`` or ``email``; the first the client marked safe when omitted.

    Returns:
        The stored document (total: the payment's amount) with its disclosure.

    Raises:
        NotFound: No such payment.
        ValidationError: The client marked no channel (or not the one named) safe.
        UndrawableText: A name or address the font cannot draw.
        LetterError: The file cannot be written where asked, or the password is blank.
    """
    from practice.services.billing_documents.account_render import render_receipt

    receipt = gather_receipt(sessions, payment_id, today=today)
    sent = safe_channel(sessions, receipt.patient.client_id, "receipt", channel)
    profile = load_profile(sessions)
    day = receipt.received_on
    return _issue(
        sessions,
        lambda: render_receipt(receipt, letterhead(profile, load_image(sessions, LOGO)),
                               _therapist(profile)),
        lambda pdf: _keep(sessions, "receipt", receipt.patient, pdf, today=today,
                          period=(day, day), total=receipt.amount, scopes=_SCOPES,
                          payment_id=payment_id, channel=sent.channel),
        out, password)


def issue_statement(sessions: sessionmaker[Session], client_id: int, *, start: date, end: date,
                    today: date, out: Path | None = None, password: str | None = None,
                    channel: str | None = None) -> IssuedDocument:
    """Issue a payer's statement for a period: drawn, optionally written, kept, logged.

    Args:
        sessions: The store's sessionmaker.
        client_id: The payer.
        start: The first day.
        end: The last day.
        today: The day it is given.
        out: Where to write the PDF, if anywhere.
        password: Protect the written file with AES-256.
        channel: ``post`` or ``email``; the first the client marked safe when omitted.

    Returns:
        The stored document (total: the amount due at the end, nothing when in credit)
        with its disclosure.

    Raises:
        ValidationError: Dates out of order, nothing on the account, or no channel (or
            not the one named) marked safe by the client.
        NotFound: No such client.
        UndrawableText: A name or address the font cannot draw.
        LetterError: The file cannot be written where asked, or the password is blank.
    """
    from practice.services.billing_documents.account_render import render_statement

    statement = gather_statement(sessions, client_id, start=start, end=end, today=today)
    sent = safe_channel(sessions, client_id, "statement", channel)
    profile = load_profile(sessions)
    due = Money(max(statement.closing.cents, 0))
    return _issue(
        sessions,
        lambda: render_statement(statement, letterhead(profile, load_image(sessions, LOGO)),
                                 _therapist(profile)),
        lambda pdf: _keep(sessions, "statement", statement.patient, pdf, today=today,
                          period=(start, end), total=due, scopes=_SCOPES, channel=sent.channel),
        out, password)
