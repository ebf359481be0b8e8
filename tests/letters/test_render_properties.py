"""Property: any text the font can draw, in any field, renders, and no character is lost."""

from __future__ import annotations

import dataclasses
import io
import unicodedata
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from practice.letters.glyphs import drawable_codepoints
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
        assert _spacing(typed) in _spacing(printed)
        assert not Counter(_marks(typed)) - Counter(_marks(printed)), "a combining mark was lost"


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in {"Mn", "Me"}


def _spacing(text: str) -> str:
    """The characters that take up room, in order.

    A combining mark has no width, so a text extractor, which orders glyphs by where they
    stand, may read it before or after its neighbour (NKo's tone marks come back after a
    following colon); the order of those is the extractor's guess, not the letter's.
    """
    return "".join(c for c in text if not _is_mark(c))


def _marks(text: str) -> list[str]:
    return [c for c in text if _is_mark(c)]


def test_a_tone_mark_before_a_colon_is_printed_whole() -> None:
    # Found by the property above: NKo's high tone mark followed by a colon.
    content = dataclasses.replace(_SPECIMEN, paragraphs=("\u07eb: a\u07ebb",))
    reader = PdfReader(io.BytesIO(render_letter(content)))
    printed = "".join("".join(page.extract_text() for page in reader.pages).split())
    assert _spacing(":ab") in _spacing(printed)
    assert Counter(_marks(printed))["\u07eb"] >= 2
