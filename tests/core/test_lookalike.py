"""Names found however they were typed: invisible characters, other scripts, wide letters."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice.services.letters.guard import OtherPerson, names_found
from practice.text.keys import word_spans
from practice.text.lookalike import (
    NameMatcher,
    is_default_ignorable,
    reading_form,
    skeleton,
    words,
)

# Invisible characters a word processor or a careless paste leaves inside a word.
INVISIBLES = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u034f", "\ufe0f",
              "\u180e", "\u2064", "\U000e0041")


def _lookalikes() -> dict[str, list[str]]:
    """For each Latin letter, the letters of other scripts that read as it."""
    from practice.text.lookalike import _confusables

    found: dict[str, list[str]] = {}
    for source, target in _confusables().items():
        folded = target.casefold()
        if (len(folded) == 1 and folded in string.ascii_lowercase and not source.isascii()
                # A character of a script without spaces would be a word of its own.
                and len(list(word_spans(f"x{source}x"))) == 1
                and folded in words(source)[0].keys):
            found.setdefault(folded, []).append(source)
    return found


LOOKALIKES = _lookalikes()
_LATIN_NAME = st.text(st.sampled_from(string.ascii_lowercase), min_size=3, max_size=10).map(
    str.capitalize)


@st.composite
def disguised(draw: st.DrawFn, name: str, invisibles: tuple[str, ...] = INVISIBLES,
              lookalikes: dict[str, list[str]] | None = None) -> str:
    """``name`` with invisible characters slipped in and some letters swapped for look-alikes."""
    swaps_for = LOOKALIKES if lookalikes is None else lookalikes
    out = []
    for ch in name:
        swaps = swaps_for.get(ch.casefold(), [])
        if swaps and draw(st.booleans()):
            ch = draw(st.sampled_from(swaps))
        out.append(ch)
        if draw(st.booleans()):
            out.append(draw(st.sampled_from(invisibles)))
    return "".join(out)


@pytest.mark.parametrize("shown", [
    "Bra\u00adm", "Br\u200dam", "B\u200bram", "Br\u0430m", "\u0412ram", "\uff22\uff52\uff41\uff4d",
    "\U0001d401\U0001d42b\U0001d41a\U0001d426", "BRAM", "bräm", "Bra\u0301m",
])
def test_a_name_is_found_however_it_is_disguised(shown: str) -> None:
    assert names_found({"summary": f"Seen with {shown} today."},
                       [OtherPerson(1, ("Bram Okafor",))], ("Ada Lee",)) == ["summary"]


@pytest.mark.parametrize(("name", "text"), [
    ("Tom", "She feels torn about it."),
    ("Ian", "Lan, her sister, drove her."),
    ("Arnie", "Amie"),
    ("Kim", "Her kirn"),
    ("Will", "Will power"),  # an exact word is a match, as before
])
def test_ordinary_words_that_only_skeleton_match_a_name_do_not_refuse_a_letter(
    name: str, text: str,
) -> None:
    expected = ["t"] if name == "Will" else []
    assert names_found({"t": text}, [OtherPerson(1, (name,))], ()) == expected


def test_look_alike_letters_from_another_script_fold_to_latin_as_uts39_says() -> None:
    assert skeleton("\u0430") == "a"  # Cyrillic a
    assert skeleton("\u0391") == "A"  # Greek capital alpha
    assert skeleton("m") == "rn"  # UTS #39 folds m too; plain words are spared (above)
    assert reading_form("Zo\u00eb Bra\u00adm") == "Zoe Bram"


def test_the_invisible_characters_are_unicodes_default_ignorables() -> None:
    for ch in INVISIBLES:
        assert is_default_ignorable(ch), hex(ord(ch))
    for ch in "a -\u00a0\u0300":
        assert not is_default_ignorable(ch)
    assert all(unicodedata.category(ch) in ("Cf", "Mn", "Lo", "Cn")
               for ch in map(chr, range(0x2060, 0x2070)))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), first=_LATIN_NAME, last=_LATIN_NAME,
       before=st.text(max_size=40), after=st.text(max_size=40))
def test_a_partners_name_disguised_anywhere_in_prose_is_found(
    data: st.DataObject, first: str, last: str, before: str, after: str,
) -> None:
    shown = data.draw(disguised(data.draw(st.sampled_from([first, last]))))
    person = OtherPerson(1, (f"{first} {last}",))
    assert names_found({"prose": f"{before} {shown} {after}"}, [person], ()) == ["prose"]


@settings(max_examples=100, deadline=None)
@given(name=st.text(st.characters(categories=["Lu", "Ll"]), min_size=3, max_size=10),
       data=st.data())
def test_a_name_in_any_script_is_found_with_invisible_characters_inside(
    name: str, data: st.DataObject,
) -> None:
    cut = data.draw(st.integers(1, len(name) - 1))
    shown = name[:cut] + data.draw(st.sampled_from(INVISIBLES)) + name[cut:]
    assert NameMatcher.of([name]).found_in(f"met {shown} here") == \
        NameMatcher.of([name]).found_in(f"met {name} here")


@settings(max_examples=100, deadline=None)
@given(name=_LATIN_NAME, word=st.text(st.sampled_from(string.ascii_letters), min_size=1,
                                      max_size=12))
def test_two_plain_latin_words_match_only_when_they_are_the_same_word(
    name: str, word: str,
) -> None:
    assert NameMatcher.of([name]).found_in(word) == (word.casefold() == name.casefold())
