"""Receipts and statements: drawn from the ledger, kept, logged, and sent only by a safe channel."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from practice.errors import NotFound, ValidationError
from practice.services import billing
from practice.services.billing_documents import (
    PURPOSES,
    documents_for,
    gather_statement,
    issue_receipt,
    issue_statement,
    issue_superbill,
)
from practice.services.letters.disclosures import list_disclosures
from tests.billing.conftest import Practice
from tests.billing.documents_helpers import (
    CHOSEN,
    LEGAL,
    pdf_text,
    pdftotext,
    qpdf_check,
    set_billing_profile,
    whitfield,
)

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
APRIL = (date(2026, 4, 1), date(2026, 4, 30))
TODAY = date(2026, 4, 10)


def _a_month_of_therapy(practice: Practice) -> tuple[int, int, int]:
    """Three 90834 sessions in March at 150.00, a 200.00 card payment, a write-off of 30.00
    and an adjustment down of 30.00 in March, and 100.00 cash in April.

    Returns:
        The client, the March payment and the April payment.
    """
    set_billing_profile(practice.sessions)
    client = whitfield(practice.sessions)
    unit = practice.unit("individual", client)
    for week in range(3):
        practice.hold(unit, week=week)
    march = billing.record_payment(practice.sessions, client, "200.00", date(2026, 3, 3),
                                   "card", today=TODAY)
    first, second, third = billing.charges_for(practice.sessions, client_id=client)
    billing.write_off(practice.sessions, third.id, "30.00", on=date(2026, 3, 20),
                      reason="Courtesy")
    billing.adjust_charge(practice.sessions, second.id, "120.00", on=date(2026, 3, 21),
                          reason="Agreed sliding fee")
    april = billing.record_payment(practice.sessions, client, "100.00", date(2026, 4, 2),
                                   "cash", today=TODAY)
    assert first.service_date == date(2026, 3, 2)
    return client, march.id, april.id


def test_a_statement_carries_the_balance_in_and_runs_it_through_every_entry(
        practice: Practice) -> None:
    client, _, _ = _a_month_of_therapy(practice)
    march = gather_statement(practice.sessions, client, start=MARCH[0], end=MARCH[1],
                             today=TODAY)
    assert march.opening.cents == 0
    assert [(e.on.day, e.kind, e.amount.cents, e.balance.cents) for e in march.entries] == [
        (2, "charge", 15000, 15000), (3, "payment", -20000, -5000),
        (9, "charge", 15000, 10000), (16, "charge", 15000, 25000),
        (20, "write_off", -3000, 22000), (21, "adjustment", -3000, 19000)]
    april = gather_statement(practice.sessions, client, start=APRIL[0], end=APRIL[1],
                             today=TODAY)
    assert (april.opening.cents, april.closing.cents) == (19000, 9000)
    (account,) = billing.balances(practice.sessions, client)
    assert account.balance == april.closing


def test_a_statement_pdf_holds_the_amounts_and_the_legal_name_never_the_chosen_one(
        practice: Practice, tmp_path: Path) -> None:
    client, _, _ = _a_month_of_therapy(practice)
    out = tmp_path / "statement.pdf"
    issued = issue_statement(practice.sessions, client, start=APRIL[0], end=APRIL[1],
                             today=TODAY, out=out)
    printed = pdf_text(out.read_bytes())
    for shown in (LEGAL, "Balance carried in", "$190.00", "$100.00", "$90.00",
                  "Amount due: $90.00"):
        assert shown in printed
    assert CHOSEN not in printed
    poppler = pdftotext(out)
    if poppler is not None:
        assert LEGAL in poppler and CHOSEN not in poppler and "$90.00" in poppler
    (kept,) = documents_for(practice.sessions, client, "statement")
    assert kept.pdf == out.read_bytes() and kept.total.cents == issued.total.cents == 9000
    assert (kept.period_from, kept.period_to) == APRIL
    (logged,) = list_disclosures(practice.sessions, client)
    assert logged.copy_to_client and logged.purpose == PURPOSES["statement"] == "Statement"
    assert logged.id == kept.disclosure_id and logged.scopes == {"attendance"}


def test_a_receipt_names_the_payer_legally_and_what_the_payment_paid(
        practice: Practice, tmp_path: Path) -> None:
    client, march, _ = _a_month_of_therapy(practice)
    out = tmp_path / "receipt.pdf"
    issued = issue_receipt(practice.sessions, march, today=TODAY, out=out)
    printed = pdf_text(out.read_bytes())
    # Received on 3 March; it paid the session of 2 March and part of 9 March's.
    for shown in (LEGAL, f"Receipt number {march}", "$200.00", "Card", "03/03/2026",
                  "03/02/2026 Psychotherapy, 45 minutes (90834) $150.00",
                  "03/09/2026 Psychotherapy, 45 minutes (90834) $50.00"):
        assert shown in printed
    assert CHOSEN not in printed
    poppler = pdftotext(out)
    if poppler is not None:
        assert LEGAL in poppler and CHOSEN not in poppler and "$200.00" in poppler
    (kept,) = documents_for(practice.sessions, client, "receipt")
    assert (kept.total.cents, kept.period_from, kept.client_id) == (20000, date(2026, 3, 3),
                                                                     client)
    (logged,) = list_disclosures(practice.sessions, client)
    assert logged.purpose == "Receipt" and logged.id == issued.disclosure_id
    with practice.sessions.begin() as s:
        actions = s.execute(text(
            "SELECT action, entity_id FROM audit_log WHERE entity = 'billing_document'")).all()
    assert [(a, int(i)) for a, i in actions] == [("billing_document.receipt", kept.id)]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_receipts_and_statements_pass_qpdf_check_plain_and_password_protected(
        practice: Practice, tmp_path: Path) -> None:
    client, march, _ = _a_month_of_therapy(practice)
    receipt, statement = tmp_path / "receipt.pdf", tmp_path / "statement.pdf"
    issue_receipt(practice.sessions, march, today=TODAY, out=receipt)
    issue_statement(practice.sessions, client, start=MARCH[0], end=APRIL[1], today=TODAY,
                    out=statement, password="kept-safe-2026")
    assert qpdf_check(receipt).returncode == 0
    assert qpdf_check(statement, "kept-safe-2026").returncode == 0


def test_a_client_who_marked_no_channel_safe_gets_no_money_document(
        practice: Practice, tmp_path: Path) -> None:
    set_billing_profile(practice.sessions)
    client = practice.client("Jordan Blake", "JB")
    unit = practice.unit("individual", client)
    practice.hold(unit, week=0)
    paid = billing.record_payment(practice.sessions, client, "150.00", date(2026, 3, 2),
                                  "card", today=TODAY)
    out = tmp_path / "refused.pdf"
    attempts: tuple[Callable[[], object], ...] = (
        lambda: issue_receipt(practice.sessions, paid.id, today=TODAY, out=out),
        lambda: issue_statement(practice.sessions, client, start=MARCH[0], end=MARCH[1],
                                today=TODAY, out=out),
        lambda: issue_superbill(practice.sessions, client, start=MARCH[0], end=MARCH[1],
                                today=TODAY, out=out),
    )
    for attempt in attempts:
        with pytest.raises(ValidationError, match="marked neither post nor email as safe"):
            attempt()
    assert not out.exists()
    assert documents_for(practice.sessions, client) == []
    assert not list_disclosures(practice.sessions, client)


def test_a_document_by_a_channel_the_client_did_not_mark_safe_is_refused(
        practice: Practice) -> None:
    client, march, _ = _a_month_of_therapy(practice)
    with pytest.raises(ValidationError, match="not marked email as safe"):
        issue_receipt(practice.sessions, march, today=TODAY, channel="email")
    with pytest.raises(ValidationError, match="sent by post or by email"):
        issue_receipt(practice.sessions, march, today=TODAY, channel="fax")
    assert documents_for(practice.sessions, client) == []


def test_bad_requests_get_a_clear_message_and_nothing_is_issued(
        practice: Practice, tmp_path: Path) -> None:
    client, _, _ = _a_month_of_therapy(practice)
    with pytest.raises(NotFound, match="No payment with number 9999"):
        issue_receipt(practice.sessions, 9999, today=TODAY)
    with pytest.raises(ValidationError, match=r"ends \(2026-03-01\) before it starts"):
        issue_statement(practice.sessions, client, start=MARCH[1], end=MARCH[0], today=TODAY)
    with pytest.raises(ValidationError, match="nothing to put on a statement"):
        issue_statement(practice.sessions, client, start=date(2025, 1, 1),
                        end=date(2025, 12, 31), today=TODAY)
    newcomer = whitfield(practice.sessions)
    with pytest.raises(ValidationError, match="nothing to put on a statement"):
        issue_statement(practice.sessions, newcomer, start=MARCH[0], end=MARCH[1], today=TODAY)
    assert documents_for(practice.sessions, client) == []
