"""The recovery key: 160 random bits written as a code a therapist can print and type back."""

from __future__ import annotations

import secrets

from practice.errors import WrongPassphrase

# Crockford's base32: no I, L, O or U, so a handwritten or misread code still parses.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = {"O": "0", "I": "1", "L": "1"}
RECOVERY_BYTES = 20
_GROUP = 4


def new_recovery_key() -> bytes:
    """Return 160 fresh random bits."""
    return secrets.token_bytes(RECOVERY_BYTES)


def format_recovery_key(raw: bytes) -> str:
    """Write the key as eight groups of four characters, e.g. ``7K2M-…``."""
    number = int.from_bytes(raw, "big")
    chars = []
    for _ in range(len(raw) * 8 // 5):
        chars.append(_ALPHABET[number & 31])
        number >>= 5
    code = "".join(reversed(chars))
    return "-".join(code[i : i + _GROUP] for i in range(0, len(code), _GROUP))


def parse_recovery_key(text: str) -> bytes:
    """Read a typed recovery key, forgiving case, spaces, dashes and look-alike letters.

    Args:
        text: What the therapist typed.

    Returns:
        The 160-bit key.

    Raises:
        WrongPassphrase: The text is not a recovery key of the right length.
    """
    cleaned = "".join(_READ_AS.get(c, c) for c in text.upper() if c not in " -\t\r\n")
    expected = RECOVERY_BYTES * 8 // 5
    if len(cleaned) != expected or any(c not in _ALPHABET for c in cleaned):
        raise WrongPassphrase(
            f"That is not a recovery key: it should be {expected} letters and digits in "
            f"groups of four, as printed when the store was set up."
        )
    number = 0
    for c in cleaned:
        number = (number << 5) | _ALPHABET.index(c)
    return number.to_bytes(RECOVERY_BYTES, "big")
