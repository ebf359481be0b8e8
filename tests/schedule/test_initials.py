"""Initials for calendar titles."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice.schedule.initials import initials, unit_initials


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Alex Bell", "A.B."),
        ("alex bell", "A.B."),
        ("Ana de la Cruz", "A.C."),
        ("María José García-López", "M.G."),
        ("Ömer Şahin", "Ö.Ş."),
        ("Cher", "C."),
        ("  ", ""),
        ("(Sam) Rivers", "S.R."),
    ],
)
def test_a_persons_initials_are_their_first_and_last_words(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_a_couple_and_a_polycule_read_as_a_list() -> None:
    assert unit_initials(["Alex Bell", "Chris Doe"]) == "A.B. & C.D."
    assert unit_initials(["Alex Bell", "Chris Doe", "Eli Fox"]) == "A.B., C.D. & E.F."
    assert unit_initials(["Alex Bell", "", "42"]) == "A.B."


@given(st.text(max_size=60))
def test_initials_never_carry_more_than_two_letters_of_a_name(name: str) -> None:
    result = initials(name)
    assert re.fullmatch(r"(\w\.){0,2}", result)
    assert not any(ch.isdigit() or ch == "_" for ch in result)
