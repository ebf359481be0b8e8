"""Initials for calendar titles: "A.B." for a person, "A.B. & C.D." for a couple."""

from __future__ import annotations

from collections.abc import Sequence


def _first_letter(word: str) -> str:
    letter = next((ch for ch in word if ch.isalpha()), "")
    upper = letter.upper()
    # Some letters upper-case to two ("ß" to "SS"): keep those as written.
    return upper if len(upper) == 1 else letter


def initials(name: str) -> str:
    """A person's initials from the name they go by: first and last word.

    Particles and middle names are left out ("Ana de la Cruz" gives "A.C."), a hyphenated
    surname gives its first letter, and a single name gives one initial.

    Args:
        name: The client's chosen name.

    Returns:
        Such as ``A.B.``; empty when the name has no letters.
    """
    letters = [_first_letter(word) for word in name.split()]
    letters = [letter for letter in letters if letter]
    if not letters:
        return ""
    chosen = letters if len(letters) == 1 else [letters[0], letters[-1]]
    return "".join(f"{letter}." for letter in chosen)


def unit_initials(names: Sequence[str]) -> str:
    """A care unit's initials: each member's, joined as a reader would say them.

    Args:
        names: The members' chosen names, in the unit's order.

    Returns:
        ``A.B.``, ``A.B. & C.D.`` or ``A.B., C.D. & E.F.``; empty for no usable name.
    """
    each = [text for text in (initials(name) for name in names) if text]
    if len(each) <= 1:
        return "".join(each)
    return f"{', '.join(each[:-1])} & {each[-1]}"
