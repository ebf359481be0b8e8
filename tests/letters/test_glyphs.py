"""The glyph check: what DejaVu Sans can draw is allowed, anything else is refused by field."""

from __future__ import annotations

import pytest

from practice.documents.fonts import fonts_dir
from practice.documents.glyphs import check_drawable, drawable_codepoints, is_drawable, normalise
from practice.letters import UndrawableText


def test_latin_accents_greek_and_cyrillic_are_all_drawable() -> None:
    latin = [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x180)]
    greek = [chr(c) for c in range(0x391, 0x3CA) if c != 0x3A2]
    cyrillic = [chr(c) for c in range(0x400, 0x460)]
    assert [c for c in latin + greek + cyrillic if not is_drawable(c)] == []


def test_cjk_is_not_in_the_bundled_font_so_it_is_refused() -> None:
    assert not is_drawable("王")
    assert 0x738B not in drawable_codepoints()


def test_the_check_names_fields_in_order_without_their_text() -> None:
    with pytest.raises(UndrawableText) as caught:
        check_drawable({"a": "fine", "b": "漢字", "c": "ok", "d": "\x00"})
    assert caught.value.fields == ("b", "d")
    assert "漢字" not in str(caught.value)


def test_line_ends_and_tabs_are_whitespace_not_errors() -> None:
    check_drawable({"notes": "one\r\ntwo\rthree\tfour\n"})
    assert normalise("one\r\ntwo\rthree\tfour") == "one\ntwo\nthree four"


def test_the_font_licence_is_bundled_beside_the_fonts() -> None:
    names = {p.name for p in fonts_dir().iterdir()}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt"} <= names
    licence = (fonts_dir() / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence and "Permission is hereby granted" in licence


def test_characters_beyond_the_basic_plane_are_refused_though_the_font_has_them() -> None:
    """ReportLab would print the emoji but write a broken text layer for it."""
    from practice.documents.fonts import REGULAR, ensure_fonts

    assert 0x1F600 in ensure_fonts()[REGULAR]
    assert not is_drawable("\U0001f600")
