"""A unit's payers: one member, a split by percentage, or each their own, to the cent."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice.billing import Arrangement, PayerPlan, shares_for_session, split_cents
from practice.errors import ValidationError


def test_one_member_pays_the_whole_fee() -> None:
    plan = PayerPlan(Arrangement.ONE_PAYS, payer_id=7)
    assert shares_for_session(18000, plan, attendees=[7, 8]) == ((7, 18000),)


def test_a_split_divides_the_fee_by_percentage_to_the_cent() -> None:
    plan = PayerPlan(Arrangement.SPLIT, shares=((7, 60), (8, 40)))
    assert shares_for_session(18001, plan, attendees=[7]) == ((7, 10801), (8, 7200))


def test_each_their_own_shares_a_joint_session_among_those_who_came() -> None:
    plan = PayerPlan(Arrangement.EACH_OWN)
    assert shares_for_session(20000, plan, attendees=[9, 7, 8]) == (
        (7, 6667), (8, 6667), (9, 6666))
    with pytest.raises(ValidationError, match="Nobody is recorded"):
        shares_for_session(20000, plan, attendees=[])


@pytest.mark.parametrize(("shares", "words"), [
    (((7, 60), (8, 30)), "add up to 100"),
    (((7, 100), (7, 0)), "from 1 to 100"),
    (((7, 50), (7, 50)), "add up to 100"),
])
def test_a_split_that_does_not_add_up_is_refused(shares: tuple[tuple[int, int], ...],
                                                 words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        PayerPlan(Arrangement.SPLIT, shares=shares)


def test_one_pays_needs_a_payer_who_is_a_member() -> None:
    with pytest.raises(ValidationError, match="Choose which member"):
        PayerPlan(Arrangement.ONE_PAYS)
    with pytest.raises(ValidationError, match="must be a member"):
        PayerPlan(Arrangement.ONE_PAYS, payer_id=3).check_members([1, 2])


@given(st.integers(min_value=0, max_value=10**8),
       st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=6))
def test_shares_always_add_up_to_the_fee_exactly(total: int, weights: list[int]) -> None:
    parts = split_cents(total, list(enumerate(weights)))
    assert sum(cents for _, cents in parts) == total
    assert all(cents >= 0 for _, cents in parts)
    whole = sum(weights)
    assert all(abs(cents * whole - total * w) < whole for (_, cents), w in zip(
        parts, weights, strict=True))
