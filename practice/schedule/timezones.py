"""Time zones: wall time to UTC and back, and session times as the therapist and client see them.

Instants are stored in UTC beside the IANA zone they were made in. A local wall time that
a daylight-saving change makes impossible or doubtful is read the way RFC 5545 (3.3.5)
reads it, so Practice and any calendar that imports its export agree on the instant:

* a time that happens twice (the hour repeated when clocks go back) means the *first*
  of the two, still on summer time (``fold=0``);
* a time that never happens (the hour skipped when clocks go forward) is read with the
  offset from before the gap, which shifts it forward by the gap's length: a weekly
  02:30 session in America/Chicago falls at 03:30 CDT on the day the clocks spring
  forward, and is back at 02:30 the week after.

Zone-aware ``datetime`` arithmetic is wall-clock arithmetic in Python; durations here are
therefore always added in UTC.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from practice.errors import ValidationError

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


@lru_cache(maxsize=512)
def check_zone(name: str) -> ZoneInfo:
    """Return the zone for an IANA name, refusing names that are not zones.

    Args:
        name: Such as ``America/Chicago``.

    Returns:
        The zone.

    Raises:
        ValidationError: The name is not a known IANA zone.
    """
    if not name or name != name.strip() or name.startswith("/") or ".." in name:
        raise ValidationError("The time zone is not a known zone name.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError) as error:
        raise ValidationError("The time zone is not a known zone name.") from error


def require_utc(moment: datetime) -> None:
    """Refuse an instant that is not an aware UTC datetime (a bug, not the therapist's input).

    Args:
        moment: The instant to check.

    Raises:
        ValueError: It is naive or not in ``timezone.utc``.
    """
    if moment.tzinfo is not UTC:
        raise ValueError("expected an aware datetime in timezone.utc")


def wall_to_utc(wall: datetime, zone: str) -> datetime:
    """The instant a local wall time stands for, read as RFC 5545 reads it.

    Args:
        wall: A naive local wall time.
        zone: The IANA zone whose clock it is on.

    Returns:
        An aware UTC datetime: the first of two for a repeated time, and shifted forward
        out of the gap for a skipped one.
    """
    if wall.tzinfo is not None:
        raise ValueError("expected a naive wall time")
    return wall.replace(tzinfo=check_zone(zone), fold=0).astimezone(UTC)


def to_local(moment: datetime, zone: str) -> datetime:
    """The naive wall time an aware instant shows on a zone's clock.

    Args:
        moment: An aware datetime.
        zone: The IANA zone.

    Returns:
        The naive local wall time.
    """
    return in_zone(moment, zone).replace(tzinfo=None, fold=0)


def in_zone(moment: datetime, zone: str) -> datetime:
    """An aware instant expressed in a zone (for display and for TZID-bearing export).

    Args:
        moment: An aware datetime.
        zone: The IANA zone.

    Returns:
        The same instant, aware, in ``zone``.
    """
    if moment.tzinfo is None:
        raise ValueError("expected an aware datetime")
    return moment.astimezone(check_zone(zone))


def is_skipped(wall: datetime, zone: str) -> bool:
    """Whether a wall time falls in a gap when the clocks go forward (it never happens).

    Args:
        wall: A naive local wall time.
        zone: The IANA zone.

    Returns:
        True when no instant shows this wall time.
    """
    return to_local(wall_to_utc(wall, zone), zone) != wall


def is_repeated(wall: datetime, zone: str) -> bool:
    """Whether a wall time happens twice, in the hour repeated when the clocks go back.

    Args:
        wall: A naive local wall time.
        zone: The IANA zone.

    Returns:
        True when two instants show this wall time.
    """
    tz = check_zone(zone)
    first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    return first.utcoffset() != second.utcoffset() and not is_skipped(wall, zone)


def format_long_date(day: date) -> str:
    """A date as a therapist reads it in a message: ``3 March 2027``.

    Args:
        day: The date.

    Returns:
        Day, month name and year, independent of the system locale.
    """
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _day_text(moment: datetime) -> str:
    return (
        f"{_WEEKDAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1][:3]} {moment.year}"
    )


def format_span(start_utc: datetime, end_utc: datetime, zone: str) -> str:
    """A session's time on a zone's clock: ``Tue 3 Mar 2026 10:00–10:50 CST``.

    Args:
        start_utc: When it starts.
        end_utc: When it ends.
        zone: The IANA zone of the clock to show.

    Returns:
        Weekday, date, start and end times and the zone's abbreviation; the end carries
        its own date when the session runs past midnight.
    """
    start, end = in_zone(start_utc, zone), in_zone(end_utc, zone)
    end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{_day_text(end)} {end:%H:%M}"
    return f"{_day_text(start)} {start:%H:%M}–{end_text} {end.tzname()}"


@dataclass(frozen=True, slots=True)
class ShownTimes:
    """A session's time on the therapist's clock and on the client's.

    Attributes:
        therapist: As the therapist sees it.
        client: As the client sees it.
        same_clock: Whether both clocks show the same time (one line is enough).
    """

    therapist: str
    client: str
    same_clock: bool


def shown_times(
    start_utc: datetime, end_utc: datetime, *, therapist_zone: str, client_zone: str
) -> ShownTimes:
    """A session's time for both people, each on their own clock.

    Args:
        start_utc: When it starts.
        end_utc: When it ends.
        therapist_zone: The therapist's IANA zone.
        client_zone: The client's IANA zone.

    Returns:
        Both renderings, and whether they agree.
    """
    therapist = format_span(start_utc, end_utc, therapist_zone)
    client = format_span(start_utc, end_utc, client_zone)
    return ShownTimes(therapist=therapist, client=client, same_clock=therapist == client)


@dataclass(frozen=True, slots=True)
class ComputerZone:
    """This computer's time zone, for a new practice's clock.

    Attributes:
        name: The IANA zone; ``UTC`` when the computer's could not be told.
        found: Whether it was read from the computer (False: the UTC fallback).
    """

    name: str
    found: bool


def computer_zone(
    environ: Mapping[str, str] | None = None, etc: Path = Path("/etc")
) -> ComputerZone:
    """This computer's IANA time zone, without a third-party library.

    Read, in order, from the ``TZ`` variable (a zone name, or a path into a zoneinfo
    folder), the ``/etc/localtime`` link (Linux and macOS), and ``/etc/timezone``
    (Debian). The first that names a real zone wins.

    Args:
        environ: The environment to read ``TZ`` from (default: this process's).
        etc: The folder holding ``localtime`` and ``timezone`` (for tests).

    Returns:
        The zone, or UTC with ``found=False`` when none of them names one (Windows, or a
        computer with no zone set).
    """
    tz = (os.environ if environ is None else environ).get("TZ", "").removeprefix(":")
    candidates = [tz]
    with contextlib.suppress(OSError):
        candidates.append(str((etc / "localtime").readlink()))
    with contextlib.suppress(OSError, UnicodeDecodeError):
        candidates.append((etc / "timezone").read_text(encoding="utf-8").strip())
    for candidate in candidates:
        # A path names its zone after the zoneinfo folder (posix/ and right/ are variants).
        name = candidate.rpartition("zoneinfo/")[2].removeprefix("posix/").removeprefix("right/")
        try:
            check_zone(name)
        except ValidationError:
            continue
        return ComputerZone(name, found=True)
    return ComputerZone("UTC", found=False)
