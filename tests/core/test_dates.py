"""Dates typed by a therapist: both common forms read, impossible ones refused in words."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice.errors import ValidationError
from practice.services.common.dates import parse_day


def test_an_iso_date_and_a_us_date_read_as_the_same_day() -> None:
    assert parse_day("1985-03-14", "Date of birth") == date(1985, 3, 14)
    assert parse_day(" 03/14/1985 ", "Date of birth") == date(1985, 3, 14)


def test_a_blank_date_is_none_unless_required() -> None:
    assert parse_day("  ", "Date of birth") is None
    with pytest.raises(ValidationError, match="Signed on is required"):
        parse_day("", "Signed on", required=True)


@pytest.mark.parametrize("typed", ["2023-02-30", "02/30/2023", "2023-13-01", "0000-01-01"])
def test_an_impossible_date_is_refused_without_repeating_it(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_day(typed, "Date of birth")
    assert refused.value.message == "Date of birth is not a date that exists."


def test_words_are_refused_with_the_forms_that_are_read() -> None:
    with pytest.raises(ValidationError, match="YYYY-MM-DD or MM/DD/YYYY"):
        parse_day("last tuesday", "Signed on")


@given(st.text(max_size=40))
def test_any_text_is_a_date_or_a_plain_refusal(typed: str) -> None:
    try:
        parse_day(typed, "Signed on")
    except ValidationError as refused:
        assert refused.message.startswith("Signed on ")
