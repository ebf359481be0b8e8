"""Text that reads the same to a person: finding a name however it was typed or pasted.

A name can print exactly as itself without being the same characters: a soft hyphen pasted
from a word processor inside it (U+00AD in "Bram"), a zero-width joiner, fullwidth or
mathematical letters, or a letter from another script that looks alike (Cyrillic "а" for
Latin "a"). Before comparing, text is brought to the form a reader sees: NFKC, Unicode's
default-ignorable code points removed, accents stripped, and then each word's UTS #39
*skeleton* taken (confusable letters folded to their prototypes, from
``resources/text/confusables.txt``).

A skeleton alone also matches ordinary words that a careful font tells apart ("torn" and
"Tom", since UTS #39 folds "m" to "rn"; "Lan" and "Ian", since it folds "I" to "l"), which
would refuse legitimate letters. So two words made only of plain Latin letters are compared as
they are (case- and accent-insensitively); skeletons are compared only when either word
carries something else (another script, a digit, a look-alike symbol).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from practice.paths import resources_dir
from practice.text.keys import word_spans

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt, stable since 6.0): soft
# hyphen, combining grapheme joiner, Arabic letter mark, Hangul fillers, Khmer inherent
# vowels, Mongolian free variation selectors and vowel separator, zero-width space and
# (non-)joiners, direction marks and embeddings, word joiner and invisible operators,
# variation selectors, byte order mark, halfwidth Hangul filler, unassigned specials,
# shorthand format controls, musical formatting, tags.
_DEFAULT_IGNORABLE: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_IGNORABLE_RE = re.compile(
    "[" + "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in _DEFAULT_IGNORABLE)
    + "\u0640]"  # Arabic tatweel only stretches the letters beside it
)


def is_default_ignorable(ch: str) -> bool:
    """Tell whether a character is a Unicode default-ignorable code point (prints nothing)."""
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _DEFAULT_IGNORABLE)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", kept)


def reading_form(text: str) -> str:
    """Bring text to what a reader sees: NFKC, no invisible characters, no accents.

    Case is kept (a skeleton needs it: Cyrillic "В" looks like "B", "в" does not).

    Args:
        text: Any text, as typed or pasted.

    Returns:
        The text a person would read: "Bram" for "Bram" with a soft hyphen inside,
        "Zoe" for "Zoë".
    """
    return _strip_marks(_IGNORABLE_RE.sub("", unicodedata.normalize("NFKC", text)))


@cache
def _confusables() -> dict[str, str]:
    table: dict[str, str] = {}
    path = resources_dir() / "text" / "confusables.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, target = line.split(";")
            table[chr(int(source, 16))] = "".join(chr(int(c, 16)) for c in target.split())
    return table


def skeleton(text: str) -> str:
    """The UTS #39 skeleton of text: each confusable letter replaced by its prototype.

    Args:
        text: Text already in ``reading_form``.

    Returns:
        NFD(map(NFD(text))), e.g. "Bram" for "Brаm" with a Cyrillic "а".
    """
    table = _confusables()
    mapped = "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


@dataclass(frozen=True, slots=True)
class Word:
    """One word as a reader sees it, with what it is compared by.

    Attributes:
        folded: Case-folded reading form ("bram").
        keys: Its skeletons, taken before and after case folding (an upper-case "I" looks
            like "l", a lower-case "i" does not).
        plain: Only Latin letters a-z: compared by ``folded`` alone against another plain word.
    """

    folded: str
    keys: frozenset[str]
    plain: bool

    def reads_as(self, other: Word) -> bool:
        """Tell whether two words read the same to a person.

        Args:
            other: Another word.

        Returns:
            True when equal once folded, or (unless both are plain Latin words) when they
            share a skeleton.
        """
        if self.folded == other.folded:
            return True
        if self.plain and other.plain:
            return False
        return not self.keys.isdisjoint(other.keys)


def _key(text: str) -> str:
    # Prototypes keep their case (Greek "Μ" folds to "M", and only a lower-case "m" to "rn"),
    # so the skeleton is taken again once case-folded.
    once = _strip_marks(skeleton(text)).casefold()
    return _strip_marks(skeleton(once)).casefold()


@lru_cache(maxsize=16384)
def _word(shown: str) -> Word:
    folded = shown.casefold()
    return Word(folded, frozenset({_key(shown), _key(folded)}),
                folded.isascii() and folded.isalpha())


def words(text: str) -> tuple[Word, ...]:
    """Split text into the words a reader sees (one per CJK character), in order.

    Args:
        text: Any text, as typed or pasted.

    Returns:
        The words; a soft hyphen or zero-width joiner inside a word does not split it.
    """
    form = reading_form(text)
    return tuple(_word(form[start:end]) for start, end in word_spans(form))


def contains(text: Sequence[Word], phrase: Sequence[Word]) -> bool:
    """Tell whether ``phrase`` appears in ``text`` as consecutive words that read the same.

    Args:
        text: From ``words``.
        phrase: From ``words``; empty never matches.

    Returns:
        True when found.
    """
    size = len(phrase)
    if not size:
        return False
    return any(
        all(text[i + k].reads_as(phrase[k]) for k in range(size))
        for i in range(len(text) - size + 1)
    )


#: A name word shorter than this (mostly particles: "de", "la", "al") is matched only as part
#: of the full name, never on its own.
MIN_NAME_WORD = 3


@dataclass(frozen=True)
class NameMatcher:
    """Finds people's names in text, however typed: whole names and their longer words.

    Build one with ``NameMatcher.of``; a word shared with an allowed name (the client's own,
    the recipient's) is not looked for on its own.
    """

    phrases: tuple[tuple[Word, ...], ...]

    @classmethod
    def of(cls, names: Iterable[str], allowed: Iterable[str] = (), *,
           min_word: int = MIN_NAME_WORD) -> NameMatcher:
        """Build a matcher for ``names``.

        Args:
            names: The names that must not appear.
            allowed: Names that may appear; their words are not looked for alone.
            min_word: The shortest word of a name looked for on its own.

        Returns:
            The matcher.
        """
        own = [w for name in allowed for w in words(name)]
        phrases: dict[tuple[Word, ...], None] = {}
        for name in names:
            whole = words(name)
            if whole:
                phrases[whole] = None
            for w in whole:
                if len(w.folded) >= min_word and not any(w.reads_as(o) for o in own):
                    phrases[(w,)] = None
        return cls(tuple(phrases))

    @classmethod
    def of_terms(cls, terms: Iterable[str]) -> NameMatcher:
        """Build a matcher for whole terms only ("dyspareunia", "F52.6"), never their words.

        Args:
            terms: The terms that must not appear.

        Returns:
            The matcher.
        """
        return cls(tuple(dict.fromkeys(w for w in (words(t) for t in terms) if w)))

    def found_in(self, text: str | Sequence[Word]) -> bool:
        """Tell whether any of the names appears in ``text``.

        Args:
            text: Text, or its ``words``.

        Returns:
            True when one of the names (or one of their longer words) is there.
        """
        seen = words(text) if isinstance(text, str) else text
        return any(contains(seen, phrase) for phrase in self.phrases)
