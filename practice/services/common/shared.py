"""Small helpers every clinical service shares: the clock, loading by id, and contact checks."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from practice.errors import NotFound, ValidationError
from practice.models.base import Base
from practice.text.keys import clean_line

M = TypeVar("M", bound=Base)
H = TypeVar("H", bound=Hashable)

# The 50 states, DC and the inhabited territories (telehealth licensure is by state).
US_STATES = frozenset({
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
    "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
})
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_CHARS = frozenset("0123456789+()-. /x")
_OLDEST_BIRTH = date(1900, 1, 1)


# Ids per IN list: well under SQLite's limit on bound parameters in one statement.
ID_CHUNK = 500


def id_chunks(ids: Iterable[int]) -> list[list[int]]:
    """Distinct ids in ascending order, cut into lists short enough for one ``IN (...)``."""
    ordered = sorted(set(ids))
    return [ordered[i:i + ID_CHUNK] for i in range(0, len(ordered), ID_CHUNK)]


class Shared:
    """Hands back one object per distinct value, for the few values thousands of rows repeat.

    Each row read from the store brings its own copy of a status, a kind, pronouns or a
    date; a list of ten thousand clients held by a screen keeps one of each instead.
    """

    def __init__(self) -> None:
        self._seen: dict[Hashable, Any] = {}

    def __call__(self, value: H) -> H:
        """The first object seen equal to ``value`` (``value`` itself if it is the first)."""
        found: H = self._seen.setdefault(value, value)
        return found


def utcnow() -> datetime:
    """Return the current time, aware, in UTC, to the second (hashes stay readable)."""
    return datetime.now(UTC).replace(microsecond=0)


def load(session: Session, model: type[M], record_id: int, what: str) -> M:
    """Fetch one row by primary key or raise ``NotFound``.

    Args:
        session: An open session.
        model: The mapped class.
        record_id: The primary key.
        what: The record's kind in the user's words ("client", "note").

    Returns:
        The row.

    Raises:
        NotFound: No such row.
    """
    row = session.get(model, record_id)
    if row is None:
        raise NotFound(f"No {what} with id {record_id} exists.")
    return row


def clean_phone(value: str | None, field: str) -> str | None:
    """Check a phone or fax number (digits, spaces and + ( ) - . / x); 7 to 20 digits."""
    cleaned = clean_line(value, field, max_len=40)
    if cleaned is None:
        return None
    digits = sum(ch.isdigit() for ch in cleaned)
    if not set(cleaned.lower()) <= _PHONE_CHARS or not 7 <= digits <= 20:
        raise ValidationError(f"{field} is not a phone number.")
    return cleaned


def clean_email(value: str | None, field: str) -> str | None:
    """Check an email address's shape."""
    cleaned = clean_line(value, field, max_len=254)
    if cleaned is not None and not _EMAIL_RE.match(cleaned):
        raise ValidationError(f"{field} is not an email address.")
    return cleaned


def clean_state(value: str | None, field: str = "State") -> str | None:
    """Check a US state or territory code ("LA", "TX") and return it upper-case."""
    cleaned = clean_line(value, field, max_len=2)
    if cleaned is None:
        return None
    if cleaned.upper() not in US_STATES:
        raise ValidationError(f"{field} must be a two-letter US state or territory code.")
    return cleaned.upper()


def clean_time_zone(value: str | None, field: str = "Time zone") -> str | None:
    """Check an IANA time zone name such as "America/Chicago"."""
    cleaned = clean_line(value, field, max_len=64)
    if cleaned is None:
        return None
    try:
        ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(f"{field} is not a known time zone.") from error
    return cleaned


def check_birth_date(value: date | None, today: date) -> date | None:
    """Refuse a date of birth in the future or before 1900."""
    if value is not None and not _OLDEST_BIRTH <= value <= today:
        raise ValidationError("Date of birth must be a past date after 1900.")
    return value

