"""Property: whatever mix of payments, corrections and refunds, the stored sums hold."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from practice.errors import ValidationError
from practice.models.billing import BROKEN_LEDGER
from practice.services import billing
from tests.billing.conftest import FIRST, Practice

DAY = date(2026, 3, 2)

actions = st.lists(st.one_of(
    st.tuples(st.just("pay"), st.integers(1, 60_000), st.booleans()),
    st.tuples(st.just("adjust"), st.integers(0, 2), st.integers(0, 30_000)),
    st.tuples(st.just("write_off"), st.integers(0, 2), st.integers(1, 20_000)),
    st.tuples(st.just("refund"), st.integers(0, 3), st.integers(1, 40_000)),
), max_size=8)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=actions)
def test_no_payment_is_applied_beyond_itself_and_no_charge_owes_below_zero(
        practice: Practice, steps: list[tuple[str, int, int | bool]]) -> None:
    # One client per example, three sessions an hour apart on a day of their own.
    practice.slot += 1
    ana = practice.client(f"Client {practice.slot}")
    unit = practice.unit("individual", ana)
    day_start = FIRST + timedelta(days=practice.slot)
    for hour in range(3):
        practice.hold(unit, start=day_start + timedelta(hours=hour))
    charges = [c.id for c in billing.charges_for(practice.sessions, payer_id=ana)]
    for kind, first, second in steps:
        # A step may be refused in words; nothing of it is half-written (checked below).
        with contextlib.suppress(ValidationError):
            _apply(practice, ana, charges, kind, first, second)
        rows = billing.charges_for(practice.sessions, payer_id=ana)
        payments = billing.payments_for(practice.sessions, ana)
        assert all(row.due.cents >= 0 and row.paid.cents >= 0 for row in rows)
        assert all(p.unapplied.cents >= 0 for p in payments)
        (balance,) = billing.balances(practice.sessions, ana)
        owed = sum(row.due.cents for row in rows)
        credit = sum(p.unapplied.cents for p in payments)
        assert balance.balance.cents == owed - credit
        # Credit is never left idle while something is owed.
        assert owed == 0 or credit == 0
    with practice.sessions.begin() as s:
        assert s.execute(text(BROKEN_LEDGER)).first() is None


def _apply(practice: Practice, ana: int, charges: list[int], kind: str, first: int,
           second: int | bool) -> None:
    if kind == "pay":
        billing.record_payment(practice.sessions, ana, first, DAY, "card")
    elif kind == "adjust":
        billing.adjust_charge(practice.sessions, charges[first], int(second), on=DAY,
                              reason="Corrected")
    elif kind == "write_off":
        billing.write_off(practice.sessions, charges[first], int(second), on=DAY,
                          reason="Hardship")
    else:
        payments = billing.payments_for(practice.sessions, ana)
        if first < len(payments):
            billing.refund(practice.sessions, payments[first].id, int(second), on=DAY,
                           reason="Returned")
