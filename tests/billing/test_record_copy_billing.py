"""The client's copy of their record holds their own billing records, and nothing of a partner's.

Billing records belong to the designated record set (45 CFR 164.501): the copy lists the
charges for the client's care or billed to them, their payments and corrections, their
balance and the money documents given to them. Where a partner pays for the couple's
sessions, the client sees the session's line marked as billed to another payer, never what
the partner paid.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from practice.billing import Arrangement, PayerPlan
from practice.schedule.model import SessionKind
from practice.services import billing
from practice.services.billing_documents import issue_receipt
from practice.services.record_access import export_record, gather_record
from tests.billing.conftest import Practice
from tests.billing.documents_helpers import pdf_text, set_billing_profile, whitfield

TODAY = date(2026, 4, 10)
PARTNER_PAID = "123.45"  # what the partner paid: it must never reach the client's copy


@pytest.fixture
def couple_where_the_partner_pays(practice: Practice) -> tuple[int, int]:
    """Sky's two individual sessions (150.00 each), her payment of 210.00 by card, a write-off
    of 10.00 on the second with a receipt given; and a couple's session billed for Sky's
    care to Ben, who paid 123.45 of it.

    Returns:
        Sky and Ben.
    """
    set_billing_profile(practice.sessions)
    sky = whitfield(practice.sessions)
    ben = practice.client("Benedict Okafor", "Ben")
    alone = practice.unit("individual", sky)
    practice.hold(alone, week=0)
    practice.hold(alone, week=1)
    paid = billing.record_payment(practice.sessions, sky, "210.00", date(2026, 3, 10), "card",
                                  today=TODAY)
    second = billing.charges_for(practice.sessions, payer_id=sky)[1]
    billing.write_off(practice.sessions, second.id, "10.00", on=date(2026, 3, 20),
                      reason="Courtesy")
    issue_receipt(practice.sessions, paid.id, today=TODAY)
    couple = practice.unit("couple", sky, ben)
    billing.set_payer_plan(practice.sessions, couple,
                           PayerPlan(Arrangement.ONE_PAYS, payer_id=ben),
                           identified_client_id=sky)
    practice.hold(couple, kind=SessionKind.COUPLE, week=2)
    billing.record_payment(practice.sessions, ben, PARTNER_PAID, date(2026, 3, 18), "cash",
                           today=TODAY)
    return sky, ben


def _export(practice: Practice, client: int, tmp_path: Path) -> tuple[str, dict[str, object]]:
    pdf, fhir = tmp_path / "copy.pdf", tmp_path / "copy.json"
    export_record(practice.sessions, client, today=TODAY, pdf_path=pdf, json_path=fhir)
    return pdf_text(pdf.read_bytes()), json.loads(fhir.read_text(encoding="utf-8"))


def test_the_copy_lists_the_clients_charges_total_and_receipt_but_not_the_partners_payment(
        practice: Practice, couple_where_the_partner_pays: tuple[int, int],
        tmp_path: Path) -> None:
    sky, _ben = couple_where_the_partner_pays
    text, bundle = _export(practice, sky, tmp_path)
    flat = " ".join(text.split())

    assert "Charges" in flat and "90834" in flat and "90847" in flat
    assert "$150.00" in flat and "$180.00" in flat  # each line's fee, the partner's too
    assert "Total charged to you: $290.00. Paid: $210.00. Balance: $80.00." in flat
    assert "Billed to another payer" in flat
    assert "Written off" in flat and "-$10.00" in flat
    assert "Receipt" in flat and "$210.00" in flat
    # Nothing of Ben's account: neither his payment nor what he still owes.
    assert "123.45" not in flat and "$56.55" not in flat
    assert "123.45" not in json.dumps(bundle) and "56.55" not in json.dumps(bundle)


def test_a_split_line_shows_only_the_clients_own_share(practice: Practice) -> None:
    ana, ben = practice.client("Ana Ruiz"), practice.client("Ben Okafor")
    couple = practice.unit("couple", ana, ben)
    billing.set_payer_plan(practice.sessions, couple,
                           PayerPlan(Arrangement.SPLIT, shares=((ana, 70), (ben, 30))),
                           identified_client_id=ben)
    practice.hold(couple, kind=SessionKind.COUPLE)
    record = gather_record(practice.sessions, ana, today=TODAY).billing
    assert record is not None
    (line,) = record.lines  # one session line, though two payers were charged for it
    assert (line.code, str(line.fee), str(line.share), str(line.due)) == (
        "90847", "180.00", "126.00", "126.00")
    assert str(record.balance.balance) == "126.00"


def test_the_billing_records_validate_as_fhir_r4b(
        practice: Practice, couple_where_the_partner_pays: tuple[int, int],
        tmp_path: Path) -> None:
    from fhir.resources.R4B import get_fhir_model_class
    from fhir.resources.R4B.bundle import Bundle

    sky, _ben = couple_where_the_partner_pays
    _, bundle = _export(practice, sky, tmp_path)
    Bundle.model_validate(bundle)
    resources = [e["resource"] for e in bundle["entry"]]  # type: ignore[attr-defined]
    for resource in resources:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    items = [r for r in resources if r["resourceType"] == "ChargeItem"]
    assert sorted(r["code"]["coding"][0]["code"] for r in items) == ["90834", "90834", "90847"]
    (account,) = [r for r in resources if r["resourceType"] == "Invoice"]
    assert (account["totalGross"]["value"], account["totalNet"]["value"]) == (290.0, 80.0)
    assert len(account["lineItem"]) == 3
    receipts = [r for r in resources if r["resourceType"] == "DocumentReference"
                and r["type"]["text"] == "Receipt"]
    assert len(receipts) == 1


def test_a_client_with_no_billing_record_is_told_so(practice: Practice, tmp_path: Path) -> None:
    sky = whitfield(practice.sessions)
    text, bundle = _export(practice, sky, tmp_path)
    assert "No charge is recorded for you." in " ".join(text.split())
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}  # type: ignore[attr-defined]
    assert not kinds & {"ChargeItem", "Invoice"}
