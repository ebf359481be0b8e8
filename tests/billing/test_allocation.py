"""A payment is applied oldest first or by hand, never beyond what was paid or what is owed."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice.billing import Allocation, Due, allocate_by_hand, allocate_oldest_first, unapplied
from practice.errors import ValidationError

START = date(2026, 1, 5)


def test_a_payment_pays_the_oldest_session_first_and_the_rest_is_credit() -> None:
    dues = [Due(3, date(2026, 2, 2), 15000), Due(1, date(2026, 1, 5), 15000),
            Due(2, date(2026, 1, 19), 15000)]
    parts = allocate_oldest_first(20000, dues)
    assert parts == (Allocation(1, 15000), Allocation(2, 5000))
    assert unapplied(20000, parts) == 0
    overpaid = allocate_oldest_first(50000, dues)
    assert unapplied(50000, overpaid) == 5000


def test_a_payment_applied_by_hand_goes_where_the_therapist_says() -> None:
    dues = [Due(1, date(2026, 1, 5), 15000), Due(2, date(2026, 1, 19), 15000)]
    assert allocate_by_hand(10000, dues, {2: 10000, 1: 0}) == (Allocation(2, 10000),)


@pytest.mark.parametrize(("chosen", "words"), [
    ({1: 15001}, "than it still owes"),
    ({1: 15000, 2: 6000}, "more than the payment"),
    ({9: 100}, "still owes"),
    ({1: -1}, "cannot be negative"),
])
def test_a_hand_allocation_that_does_not_fit_is_refused(chosen: dict[int, int],
                                                        words: str) -> None:
    dues = [Due(1, date(2026, 1, 5), 15000), Due(2, date(2026, 1, 19), 15000)]
    with pytest.raises(ValidationError, match=words):
        allocate_by_hand(20000, dues, chosen)


owed = st.lists(st.integers(min_value=1, max_value=100_000), max_size=12)


def _dues(amounts: list[int], shuffle: list[int]) -> list[Due]:
    return [Due(i + 1, START + timedelta(days=shuffle[i % len(shuffle)] if shuffle else i), c)
            for i, c in enumerate(amounts)]


@given(st.integers(min_value=0, max_value=2_000_000), owed,
       st.lists(st.integers(min_value=0, max_value=60), max_size=12))
def test_oldest_first_never_applies_more_than_paid_nor_more_than_owed(
        paid: int, amounts: list[int], days: list[int]) -> None:
    dues = _dues(amounts, days)
    parts = allocate_oldest_first(paid, dues)
    by_charge = {d.charge_id: d for d in dues}
    assert sum(p.cents for p in parts) <= paid
    assert all(0 < p.cents <= by_charge[p.charge_id].cents for p in parts)
    assert len({p.charge_id for p in parts}) == len(parts)
    # Nothing is left as credit while something is still owed.
    assert sum(p.cents for p in parts) == min(paid, sum(amounts))
    # Oldest first: a charge is only touched once every older one is paid in full.
    paid_up = {p.charge_id: p.cents for p in parts}
    order = sorted(dues, key=lambda d: (d.on, d.charge_id))
    for earlier, later in itertools.pairwise(order):
        if paid_up.get(later.charge_id):
            assert paid_up.get(earlier.charge_id) == earlier.cents


@given(st.integers(min_value=0, max_value=500_000), owed, st.data())
def test_by_hand_either_fits_or_is_refused_and_never_leaves_a_negative_balance(
        paid: int, amounts: list[int], data: st.DataObject) -> None:
    dues = _dues(amounts, [])
    chosen = {d.charge_id: data.draw(st.integers(min_value=-5, max_value=d.cents + 5))
              for d in dues}
    try:
        parts = allocate_by_hand(paid, dues, chosen)
    except ValidationError:
        return
    by_charge = {d.charge_id: d for d in dues}
    assert sum(p.cents for p in parts) <= paid
    assert all(by_charge[p.charge_id].cents - p.cents >= 0 for p in parts)
    assert all(p.cents > 0 for p in parts)
