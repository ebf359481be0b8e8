"""The passphrase hint: length and variety only, and it says so."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ui.widgets.passphrase import HINT_CAVEAT, MIN_LENGTH, passphrase_problem, strength


def test_short_passphrases_are_refused_and_long_ones_judged_strong() -> None:
    assert strength("tiny").level == 0
    assert passphrase_problem("tiny", "tiny") == f"Use at least {MIN_LENGTH} characters."
    assert strength("aaaaaaaaaaaa").level == 1
    assert strength("Kettle42 blue").level == 2
    assert strength("saffron kettle meadow blue").level == 3


def test_the_two_fields_must_agree() -> None:
    assert passphrase_problem("saffron kettle", "saffron kettel") is not None
    assert passphrase_problem("saffron kettle", "saffron kettle") is None


def test_the_hint_admits_what_it_cannot_judge() -> None:
    assert "cannot tell" in HINT_CAVEAT


@given(st.text(min_size=MIN_LENGTH), st.text(min_size=1, max_size=5))
def test_adding_characters_never_lowers_the_judgement_by_length_alone(
    base: str, more: str,
) -> None:
    if all(c in base for c in more):  # same kinds of characters, only longer
        assert strength(base + more).level >= strength(base).level
