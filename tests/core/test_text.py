"""Names and text in any script: folding, sort keys, index text and input checks."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice.errors import ValidationError
from practice.text.keys import (
    clean_line,
    clean_prose,
    fold,
    index_text,
    initials,
    sort_key,
    tokens,
    word_spans,
)


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Zoë Ångström", "zoe angstrom"),
        ("Σοφία Παπαδοπούλου", "σοφια παπαδοπουλου"),
        ("ΣΟΦΊΑ", "σοφια"),
        ("Ёлка Волков", "елка волков"),
        ("أمينة", "امينة"),
        ("Straße", "strasse"),
        ("İlknur", "ilknur"),
    ],
)
def test_folding_ignores_case_and_accents_in_every_script(typed: str, folded: str) -> None:
    assert fold(typed) == folded


def test_cjk_names_become_one_word_per_character_so_given_names_are_found() -> None:
    assert tokens("李小龙") == ["李", "小", "龙"]
    assert tokens("김민준") == ["김", "민", "준"]


def test_an_emoji_in_a_chosen_name_is_a_searchable_word() -> None:
    words = tokens("River 🌈")
    assert words[0] == "river"
    assert len(words) == 2 and unicodedata.category(words[1]) == "Co"


def test_sort_keys_put_accented_names_beside_plain_ones() -> None:
    names = ["Zoë", "Ångström", "adams", "Émile", "Zoe"]
    assert sorted(names, key=sort_key) == ["adams", "Ångström", "Émile", "Zoë", "Zoe"]


def test_initials_come_from_the_name_shown() -> None:
    assert initials("Zoë Ångström") == "Z.Å."
    assert initials("Σοφία Παπαδοπούλου") == "Σ.Π."


def test_word_spans_find_words_and_each_cjk_character() -> None:
    text = "李小龙 met Zoë"
    assert [text[a:b] for a, b in word_spans(text)] == ["李", "小", "龙", "met", "Zoë"]


def test_a_required_name_cannot_be_blank() -> None:
    with pytest.raises(ValidationError, match="Legal name is required"):
        clean_line("   ", "Legal name", max_len=200, required=True)


def test_a_name_with_a_control_character_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_line("Ann\x07e", "Chosen name", max_len=200)
    assert "Ann" not in str(caught.value)


def test_prose_keeps_line_breaks_and_tabs() -> None:
    assert clean_prose("a\n\tb", "Plan", max_len=10) == "a\n\tb"


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=80
).filter(lambda s: s.strip())


@given(names)
def test_any_printable_name_is_kept_as_typed_apart_from_normalisation(name: str) -> None:
    cleaned = clean_line(name, "Name", max_len=200)
    assert cleaned == unicodedata.normalize("NFC", name.strip())


@given(st.text(max_size=200))
def test_sort_key_and_index_text_accept_any_text(text: str) -> None:
    assert len(sort_key(text)) <= 400
    assert "  " not in index_text(text)
    assert all(" " not in word for word in tokens(text))
