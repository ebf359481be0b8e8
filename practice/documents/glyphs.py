"""Refuse text the letter font cannot draw, instead of printing boxes or dropping it."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping

from practice.documents.cmap import codepoints
from practice.documents.errors import UndrawableText
from practice.documents.fonts import font_files

# Invisible or layout-changing characters: ReportLab would draw them as nothing (or
# as stray glyphs), so text containing them would not print as the therapist typed it.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# ReportLab lays text out left to right without shaping: Hebrew or Arabic would print
# reversed and unjoined, which is worse than refusing.
_RIGHT_TO_LEFT = frozenset(
    {"R", "AL", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"}
)
# ReportLab 5.1 writes the text layer (ToUnicode CMap) of characters beyond U+FFFF as
# five hex digits instead of a UTF-16 surrogate pair, so emoji and the like would print
# but could not be copied, searched or read aloud; keep to the Basic Multilingual Plane.
_LAST_CODEPOINT = 0xFFFF
_SOFT_HYPHEN = 0xAD  # a Cf character ReportLab does handle, and common in pasted text
_WHITESPACE = frozenset({ord("\n"), ord(" ")})


def normalise(text: str) -> str:
    """Return text as it will be printed: NFC-composed, with plain line ends and spaces.

    Composing first matters: a name typed on a Mac often arrives as "e" plus a combining
    accent, which the font draws best as the single precomposed letter.

    Args:
        text: Any text from a field.

    Returns:
        The text in NFC, with CR/CRLF as LF and tabs as spaces.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return unicodedata.normalize("NFC", text)


@functools.cache
def drawable_codepoints() -> frozenset[int]:
    """Return every code point both the regular and bold letter fonts draw properly.

    Read from the fonts' own character maps, the same ReportLab reads when it prints: a
    screen that only checks text (the letter templates, a form) never loads ReportLab.
    """
    regular, *others = (codepoints(path) for path in font_files())
    common = set(regular).intersection(*others)
    return frozenset(cp for cp in common if _printable(cp)) | _WHITESPACE


def _printable(cp: int) -> bool:
    if cp > _LAST_CODEPOINT:
        return False
    if cp == _SOFT_HYPHEN:
        return True
    char = chr(cp)
    return (
        unicodedata.category(char) not in _REFUSED_CATEGORIES
        and unicodedata.bidirectional(char) not in _RIGHT_TO_LEFT
    )


def is_drawable(text: str) -> bool:
    """Tell whether every character of text (once normalised) can be printed.

    Args:
        text: Any text.

    Returns:
        True when the letter fonts draw every character.
    """
    return drawable_codepoints().issuperset(map(ord, normalise(text)))


def check_drawable(fields: Mapping[str, str]) -> None:
    """Check that every field's text can be printed in the letter font.

    Args:
        fields: Text by field name; the names are what the error reports.

    Raises:
        UndrawableText: Naming every field with an unprintable character (never the text).
    """
    bad = [name for name, text in fields.items() if not is_drawable(text)]
    if bad:
        raise UndrawableText(bad)
