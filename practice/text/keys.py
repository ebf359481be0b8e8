"""Text keys for names and notes in any script: sort keys, search text, tokens, and input checks.

SQLite's own ``unicode61`` tokenizer folds case and Latin accents only: it would not find
"Σοφία" for "σοφια", "Ёлка" for "елка", "أمينة" for "امينة", or "小龙" inside "李小龙" (CJK
has no spaces between words). So the store indexes a *search text* that Python folds the same
way for indexing and for queries: case-folded, compatibility-decomposed, accents stripped, each
CJK/Hangul/Thai character a word of its own, and each emoji mapped to a private-use character
(which the tokenizer keeps as a word) so that emoji in chosen names are searchable too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from practice.errors import ValidationError

# Scripts written without spaces between words: each character becomes its own token.
_UNSPACED_RANGES: tuple[tuple[int, int], ...] = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3040, 0x31FF),  # Hiragana, Katakana, Bopomofo, Hangul compatibility jamo, kana ext.
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3134F),  # CJK extensions B to G
)
# Emoji and other symbols land in the supplementary private-use planes, which unicode61 treats
# as word characters; plane 1 symbols keep their low 16 bits in plane 15, BMP ones in plane 16.
_PUA_PLANE_15 = 0xF0000
_PUA_PLANE_16 = 0x100000
_TATWEEL = "\u0640"
_UNSPACED_CLASS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _UNSPACED_RANGES)
# A character of an unspaced script on its own, or a run of other letters and digits.
_SPAN_RE = re.compile(f"[{_UNSPACED_CLASS}]|(?:(?![{_UNSPACED_CLASS}])[^\\W_])+")
_CONTROL_OK_IN_PROSE = frozenset("\n\t")


def _unspaced(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _UNSPACED_RANGES)


def fold(text: str) -> str:
    """Fold text for comparison: case-folded, compatibility-decomposed, accents removed.

    Args:
        text: Any text.

    Returns:
        The folded text; "Zoë Ångström" becomes "zoe angstrom", "Σοφία" becomes "σοφια".
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not _is_ignorable(ch))
    # Recompose what stripping left decomposed (Hangul syllables fall apart into jamo).
    return unicodedata.normalize("NFC", stripped)


@lru_cache(maxsize=8192)
def _is_ignorable(ch: str) -> bool:
    return ch == _TATWEEL or unicodedata.category(ch) == "Mn"


@lru_cache(maxsize=8192)
def _index_piece(ch: str) -> str:
    """What one folded character becomes in the index text."""
    cp = ord(ch)
    if unicodedata.category(ch) == "So" and cp < 0x20000:
        symbol = chr(_PUA_PLANE_16 + cp) if cp < 0x10000 else chr(_PUA_PLANE_15 + (cp & 0xFFFF))
        return f" {symbol} "
    if _unspaced(cp):
        return f" {ch} "
    return ch


def index_text(*parts: str | None) -> str:
    """Build the text the search index sees for the given parts (names, a section, ...).

    Args:
        *parts: Pieces of text; ``None`` and empty ones are skipped.

    Returns:
        Folded text with unspaced scripts and symbols split into one token per character.
    """
    present = [p for p in parts if p]
    joined = " ".join(present)
    if joined.isascii():
        # Most notes are plain ASCII: folding is lower-casing there, and this is 50x faster.
        return " ".join(joined.lower().split())
    pieces = "".join(_index_piece(ch) for ch in fold(" ".join(present)))
    return " ".join(pieces.split())


def tokens(text: str) -> list[str]:
    """Split text into the folded words the search index holds.

    Args:
        text: Any text.

    Returns:
        The words, in order, as the tokenizer sees them in ``index_text(text)``.
    """
    words: list[str] = []
    current: list[str] = []
    for ch in index_text(text):
        if _is_token_char(ch):
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


@lru_cache(maxsize=8192)
def _is_token_char(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LN" or category == "Co"


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Fold one word of displayed text to its index form (cached: vocabularies repeat)."""
    return " ".join(tokens(word))


def word_spans(text: str) -> Iterator[tuple[int, int]]:
    """Find the words of displayed text, as (start, end) offsets, one per CJK character.

    Args:
        text: Text as stored and shown.

    Yields:
        Offsets into ``text`` of each word, in order.
    """
    return (m.span() for m in _SPAN_RE.finditer(text))


def sort_key(name: str) -> str:
    """Return the stored sort key for a name: folded, spaces collapsed, at most 400 characters.

    Args:
        name: A person's or organisation's name.

    Returns:
        A key that sorts "Ångström" with the A's and "zoë" beside "Zoe".
    """
    return " ".join(fold(name).split())[:400]


def initials(name: str) -> str:
    """Return the initials of a name ("Zoë Ångström" gives "Z.Å.").

    Args:
        name: A person's name.

    Returns:
        One upper-case letter per word, each followed by a full stop.
    """
    return "".join(f"{part[0].upper()}." for part in name.split() if part)


def clean_line(
    value: str | None, field: str, *, max_len: int, required: bool = False
) -> str | None:
    """Check a one-line text field and return it trimmed and NFC-normalised.

    Args:
        value: What the user typed.
        field: The field's name as the user knows it (used in the error message).
        max_len: Most characters allowed.
        required: Whether an empty value is refused.

    Returns:
        The cleaned value, or ``None`` when empty and not required.

    Raises:
        ValidationError: The value is missing, too long, or holds control characters.
    """
    if value is None or not value.strip():
        if required:
            raise ValidationError(f"{field} is required.")
        return None
    cleaned = unicodedata.normalize("NFC", value.strip())
    _refuse_unstorable(cleaned, field, allow=frozenset())
    if len(cleaned) > max_len:
        raise ValidationError(f"{field} is too long (at most {max_len} characters).")
    return cleaned


def clean_prose(value: str, field: str, *, max_len: int) -> str:
    """Check free text (a note section, an addendum) and return it as typed.

    Args:
        value: What the user typed; line breaks and tabs are kept.
        field: The field's name as the user knows it.
        max_len: Most characters allowed.

    Returns:
        The same text.

    Raises:
        ValidationError: The text is too long or holds characters that cannot be stored.
    """
    _refuse_unstorable(value, field, allow=_CONTROL_OK_IN_PROSE)
    if len(value) > max_len:
        raise ValidationError(f"{field} is too long (at most {max_len} characters).")
    return value


def _refuse_unstorable(value: str, field: str, *, allow: frozenset[str]) -> None:
    for ch in value:
        category = unicodedata.category(ch)
        if (category == "Cc" and ch not in allow) or category == "Cs":
            raise ValidationError(f"{field} contains characters that cannot be stored.")
