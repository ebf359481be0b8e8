"""Money is whole cents: typed amounts are read exactly, and bad ones refused in plain words."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice.billing import MAX_CENTS, Money, money_of, parse_money
from practice.errors import ValidationError


@pytest.mark.parametrize(("typed", "cents"), [
    ("150.00", 15000), ("150", 15000), ("150.5", 15050), ("$1,500.25", 150025),
    (" 0.99 ", 99), (".50", 50), ("0", 0), ("+20.00", 2000),
])
def test_a_typed_amount_is_read_as_exact_cents(typed: str, cents: int) -> None:
    assert parse_money(typed) == Money(cents)


def test_three_decimals_are_refused_with_the_rule_in_words() -> None:
    with pytest.raises(ValidationError, match="Amounts have at most two decimals"):
        parse_money("150.005")


@pytest.mark.parametrize("typed", ["-150.00", "−5", "(20.00)", "$-3"])
def test_a_negative_amount_is_refused_and_points_to_refunds(typed: str) -> None:
    with pytest.raises(ValidationError, match="cannot be negative"):
        parse_money(typed)


@pytest.mark.parametrize("typed", ["abc", "1,50", "150.00.00", "1e3", "$", ".", "12 34",
                                   "150,00", "NaN", "١٥٠"])
def test_something_that_is_not_an_amount_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match="must be an amount of money"):
        parse_money(typed, "The payment")


def test_an_empty_amount_asks_for_one() -> None:
    with pytest.raises(ValidationError, match="The payment is missing"):
        parse_money("  ", "The payment")


def test_an_absurdly_large_amount_is_taken_for_a_typing_mistake() -> None:
    with pytest.raises(ValidationError, match=r"more than 1,000,000\.00"):
        parse_money("10000000.00")


def test_amounts_from_code_follow_the_same_rules() -> None:
    assert money_of(Decimal("12.30")) == Money(1230)
    assert money_of(1230) == Money(1230)
    with pytest.raises(ValidationError, match="at most two decimals"):
        money_of(Decimal("0.001"))
    with pytest.raises(ValidationError, match="negative"):
        money_of(-1)
    with pytest.raises(ValidationError, match="amount of money"):
        money_of(Decimal("NaN"))


def test_money_prints_plainly_and_for_people() -> None:
    assert str(Money(150025)) == "1500.25"
    assert Money(150025).display() == "$1,500.25"
    assert str(Money(-5)) == "-0.05"
    assert Money(-2050).display() == "-$20.50"
    assert Money(100).decimal == Decimal("1.00")
    assert Money(300) - Money(500) == Money(-200)


@given(st.integers(min_value=0, max_value=MAX_CENTS))
def test_every_amount_printed_reads_back_as_the_same_cents(cents: int) -> None:
    money = Money(cents)
    assert parse_money(str(money)) == money
    assert parse_money(money.display()) == money


@given(st.decimals(min_value=0, max_value=Decimal(MAX_CENTS) / 100, allow_nan=False,
                   allow_infinity=False, places=2))
def test_any_two_decimal_amount_is_accepted_exactly(value: Decimal) -> None:
    assert parse_money(f"{value:f}").decimal == value


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=999),
       st.integers(min_value=3, max_value=6))
def test_no_amount_with_more_than_two_decimals_is_ever_accepted(whole: int, frac: int,
                                                               places: int) -> None:
    text = f"{whole}.{frac:0{places}d}"
    with pytest.raises(ValidationError, match="at most two decimals"):
        parse_money(text)


@given(st.text(max_size=12))
def test_any_text_is_either_a_nonnegative_amount_or_refused_in_words(text: str) -> None:
    try:
        money = parse_money(text)
    except ValidationError as refused:
        assert refused.message
    else:
        assert 0 <= money.cents <= MAX_CENTS
