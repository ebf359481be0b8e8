"""Dates typed by a person: ISO (2024-03-14) or the US form (03/14/2024), checked for real."""

from __future__ import annotations

import re
from datetime import date

from practice.errors import ValidationError

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_day(text: str | None, field: str, *, required: bool = False) -> date | None:
    """Read a date as a therapist types it, or say plainly why it is not one.

    Args:
        text: What was typed; blank means no date.
        field: The field's name, for the message ("Date of birth").
        required: Whether a blank is refused.

    Returns:
        The date, or None when blank and not required.

    Raises:
        ValidationError: The text is not a date that exists (the message never repeats it).
    """
    typed = (text or "").strip()
    if not typed:
        if required:
            raise ValidationError(f"{field} is required.")
        return None
    iso, us = _ISO.fullmatch(typed), _US.fullmatch(typed)
    if iso is not None:
        year, month, day = (int(part) for part in iso.groups())
    elif us is not None:
        month, day, year = (int(part) for part in us.groups())
    else:
        raise ValidationError(f"{field} must be written as YYYY-MM-DD or MM/DD/YYYY.")
    if year < 1:
        raise ValidationError(f"{field} is not a date that exists.")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(f"{field} is not a date that exists.") from None
