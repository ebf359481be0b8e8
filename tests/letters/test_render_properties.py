"""Property: any text the font can draw, in any field, renders, and no character is lost."""

from __future__ import annotations

import dataclasses
import io
import unicodedata
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from practice.documents.glyphs import drawable_codepoints
from practice.letters.model import LetterContent
from practice.letters.render import render_letter
from practice.letters.specimen import specimen_letter

_ALPHABET = sorted(chr(c) for c in drawable_codepoints())
_SPECIMEN = specimen_letter()


def _text(max_size: int) -> st.SearchStrategy[str]:
    chars = st.one_of(st.sampled_from(_ALPHABET), st.sampled_from(list(" <>&;\n")))
    return st.text(chars, min_size=1, max_size=max_size).filter(str.strip)


@st.composite
def letters(draw: st.DrawFn) -> LetterContent:
    line = _text(60)
    recipient = dataclasses.replace(
        _SPECIMEN.recipient,
        name=draw(line),
        organisation=draw(line),
        address_lines=tuple(draw(st.lists(line, max_size=3))),
        fax=draw(line),
    )
    signatory = dataclasses.replace(
        _SPECIMEN.signatory, name=draw(line), certifications=(draw(line),)
    )
    return dataclasses.replace(
        _SPECIMEN,
        letterhead=dataclasses.replace(_SPECIMEN.letterhead, practice_name=draw(line)),
        recipient=recipient,
        reference_name=draw(line),
        purpose=draw(line),
        paragraphs=tuple(draw(st.lists(_text(400), min_size=1, max_size=5))),
        signatory=signatory,
        cc=tuple(draw(st.lists(line, max_size=2))),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=letters())
def test_any_drawable_text_in_any_field_renders_a_numbered_letter(content: LetterContent) -> None:
    reader = PdfReader(io.BytesIO(render_letter(content)))
    pages = [page.extract_text() for page in reader.pages]
    assert f"Page 1 of {len(pages)}" in pages[0]
    # Every character of the body can be read back (line breaks aside; a soft hyphen
    # is invisible by design).
    printed = "".join("".join(pages).split())
    for paragraph in content.paragraphs:
        typed = "".join(unicodedata.normalize("NFC", paragraph).replace("\xad", "").split())
        if _order_is_guessed(typed):
            assert not Counter(typed) - Counter(printed), "a character was lost"
        else:
            assert typed in printed


# pypdf's own list of code points it reads right to left (pypdf._utils).
_RIGHT_TO_LEFT = (("\u0590", "\u08ff"), ("\ufb1d", "\ufdff"), ("\ufe70", "\ufeff"))


def _order_is_guessed(text: str) -> bool:
    """Whether a text extractor can only guess the order of this text's characters.

    The PDF draws every character in the order typed. Reading it back, pypdf reverses runs
    of code points in right-to-left blocks (and the neutral characters beside them, such
    as a colon after an Arabic-Indic symbol), and orders glyphs by where they stand, so a
    zero-width combining mark may come before or after its neighbour. For such text only
    the characters themselves can be checked, not their order.
    """
    return any(unicodedata.category(c) in {"Mn", "Me"}
               or any(low <= c <= high for low, high in _RIGHT_TO_LEFT) for c in text)


def test_marks_and_right_to_left_symbols_before_a_colon_are_printed_whole() -> None:
    # Found by the property above: NKo's high tone mark, then an Arabic-Indic cube root,
    # each followed by a colon.
    for paragraph in ("\u07eb: a\u07ebb", "\u0606: x"):
        content = dataclasses.replace(_SPECIMEN, paragraphs=(paragraph,))
        reader = PdfReader(io.BytesIO(render_letter(content)))
        printed = "".join("".join(page.extract_text() for page in reader.pages).split())
        typed = "".join(paragraph.split())
        assert _order_is_guessed(typed)
        assert not Counter(typed) - Counter(printed)
