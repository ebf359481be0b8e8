"""A charge on a signed session is corrected only by an adjusting entry; the store refuses edits."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from practice.billing import Money
from practice.errors import ValidationError
from practice.services import billing
from tests.billing.conftest import Practice

SESSION_DAY = date(2026, 3, 2)


@pytest.fixture
def signed_charge(practice: Practice) -> tuple[int, int]:
    ana = practice.client("Ana Ruiz")
    unit = practice.unit("individual", ana)
    held = practice.hold(unit)
    practice.sign(unit, held, SESSION_DAY)
    (charge,) = billing.charges_for(practice.sessions, payer_id=ana)
    return ana, charge.id


def test_a_charge_on_a_signed_session_cannot_be_edited_or_deleted_in_the_store(
        practice: Practice, signed_charge: tuple[int, int]) -> None:
    _ana, charge_id = signed_charge
    for statement in (f"UPDATE charges SET fee_cents = 1, amount_cents = 1 WHERE id = {charge_id}",
                      f"DELETE FROM charges WHERE id = {charge_id}"):
        with pytest.raises(IntegrityError, match="corrected by an adjusting entry"), \
                practice.sessions.begin() as s:
            s.execute(text(statement))
    assert billing.charges_for(practice.sessions)[0].amount == Money(15000)


def test_an_adjusting_entry_corrects_a_signed_sessions_charge_with_its_reason(
        practice: Practice, signed_charge: tuple[int, int]) -> None:
    ana, charge_id = signed_charge
    corrected = billing.adjust_charge(practice.sessions, charge_id, "120.00",
                                      on=date(2026, 3, 5), reason="Sliding scale agreed late")
    assert (corrected.amount, corrected.adjusted, corrected.owed, corrected.due) == (
        Money(15000), Money(-3000), Money(12000), Money(12000))
    up = billing.adjust_charge(practice.sessions, charge_id, "130.00", on=date(2026, 3, 6),
                               reason="Typing mistake")
    assert up.adjusted == Money(-2000)
    (row,) = billing.balances(practice.sessions, ana)
    assert row.charged == Money(13000)
    with practice.sessions.begin() as s:
        reasons = s.execute(text("SELECT direction, amount_cents, reason FROM charge_adjustments "
                                 "ORDER BY id")).all()
        actions = s.execute(text("SELECT action FROM audit_log WHERE entity = 'charge' "
                                 "ORDER BY seq")).scalars().all()
    assert [tuple(r) for r in reasons] == [("decrease", 3000, "Sliding scale agreed late"),
                                           ("increase", 1000, "Typing mistake")]
    assert actions == ["charge.create", "charge.adjust", "charge.adjust"]


def test_adjustments_and_write_offs_are_never_changed_or_deleted(
        practice: Practice, signed_charge: tuple[int, int]) -> None:
    ana, charge_id = signed_charge
    billing.adjust_charge(practice.sessions, charge_id, "100.00", on=SESSION_DAY, reason="Fee")
    billing.record_payment(practice.sessions, ana, "10.00", SESSION_DAY, "cash")
    billing.write_off(practice.sessions, charge_id, "20.00", on=SESSION_DAY, reason="Hardship")
    for statement in ("UPDATE charge_adjustments SET amount_cents = 1",
                      "DELETE FROM charge_adjustments", "DELETE FROM write_offs",
                      "UPDATE fee_schedule SET fee_cents = 1", "DELETE FROM payments",
                      "UPDATE payment_allocations SET amount_cents = 1"):
        with pytest.raises(IntegrityError, match="never changed or deleted"), \
                practice.sessions.begin() as s:
            s.execute(text(statement))


def test_an_adjustment_down_on_a_paid_charge_returns_the_difference_as_credit(
        practice: Practice, signed_charge: tuple[int, int]) -> None:
    ana, charge_id = signed_charge
    billing.record_payment(practice.sessions, ana, "150.00", date(2026, 3, 3), "card")
    corrected = billing.adjust_charge(practice.sessions, charge_id, "100.00",
                                      on=date(2026, 3, 5), reason="Charged the wrong fee")
    assert (corrected.paid, corrected.due) == (Money(10000), Money(0))
    (payment,) = billing.payments_for(practice.sessions, ana)
    assert payment.unapplied == Money(5000)
    (row,) = billing.balances(practice.sessions, ana)
    assert row.balance == Money(-5000)  # credit in the client's favour


def test_a_write_off_forgives_only_what_is_still_owed(
        practice: Practice, signed_charge: tuple[int, int]) -> None:
    ana, charge_id = signed_charge
    billing.record_payment(practice.sessions, ana, "100.00", date(2026, 3, 3), "cash")
    with pytest.raises(ValidationError, match=r"still owed on the charge \(\$50\.00\)"):
        billing.write_off(practice.sessions, charge_id, "50.01", on=SESSION_DAY,
                          reason="Hardship")
    done = billing.write_off(practice.sessions, charge_id, on=SESSION_DAY, reason="Hardship")
    assert (done.written_off, done.due) == (Money(5000), Money(0))
    assert billing.outstanding(practice.sessions) == []


@pytest.mark.parametrize(("call", "words"), [
    (lambda p, c: billing.adjust_charge(p.sessions, c, "-1.00", on=SESSION_DAY, reason="x"),
     "cannot be negative"),
    (lambda p, c: billing.adjust_charge(p.sessions, c, "99.999", on=SESSION_DAY, reason="x"),
     "at most two decimals"),
    (lambda p, c: billing.adjust_charge(p.sessions, c, "100.00", on=date(2026, 3, 1),
                                        reason="x"), "before the session"),
    (lambda p, c: billing.adjust_charge(p.sessions, c, "100.00", on=SESSION_DAY, reason=" "),
     "Give a reason"),
    (lambda p, c: billing.adjust_charge(p.sessions, c, "150.00", on=SESSION_DAY, reason="x"),
     "already comes to that amount"),
    (lambda p, c: billing.write_off(p.sessions, c, on=date(2026, 2, 1), reason="x"),
     "before the session"),
])
def test_a_bad_correction_is_refused_and_nothing_is_recorded(
        practice: Practice, signed_charge: tuple[int, int], call: object, words: str) -> None:
    _ana, charge_id = signed_charge
    with pytest.raises(ValidationError, match=words):
        call(practice, charge_id)  # type: ignore[operator]
    (charge,) = billing.charges_for(practice.sessions)
    assert (charge.adjusted, charge.written_off) == (Money(0), Money(0))


def test_the_store_refuses_a_payment_applied_beyond_itself_or_a_charge_below_zero(
        practice: Practice, signed_charge: tuple[int, int]) -> None:
    ana, charge_id = signed_charge
    payment = billing.record_payment(practice.sessions, ana, "100.00", date(2026, 3, 3), "cash")
    now = "'2026-03-03 00:00:00'"
    refused = {
        f"INSERT INTO payment_allocations (payment_id, charge_id, amount_cents, created_at) "
        f"VALUES ({payment.id}, {charge_id}, 1, {now})": "more of the payment",
        f"INSERT INTO refunds (payment_id, amount_cents, refunded_on, reason, created_at) "
        f"VALUES ({payment.id}, 1, '2026-03-04', 'x', {now})": "more of the payment",
        f"INSERT INTO write_offs (charge_id, amount_cents, written_off_on, reason, created_at) "
        f"VALUES ({charge_id}, 5001, '2026-03-04', 'x', {now})": "less than nothing",
        "INSERT INTO charge_adjustments (charge_id, direction, amount_cents, adjusted_on, "
        f"reason, created_at) VALUES ({charge_id}, 'decrease', 5001, '2026-03-04', 'x', {now})":
            "less than nothing",
        "INSERT INTO payments (client_id, amount_cents, received_on, method, created_at) "
        f"VALUES ({ana}, -5, '2026-03-04', 'cash', {now})": "CHECK constraint failed",
    }
    for statement, words in refused.items():
        with pytest.raises(IntegrityError, match=words), practice.sessions.begin() as s:
            s.execute(text(statement))
