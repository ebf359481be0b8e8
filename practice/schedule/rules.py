"""Repeat rules: the RFC 5545 RRULE text a series keeps, checked and parsed once.

A rule is expanded in the series' naive local wall time (see ``recurrence``), so it may
not carry its own time of day (BYHOUR, BYMINUTE, BYSECOND): every session starts at the
first session's wall-clock time. Rules more often than daily are refused too: sessions do
not repeat by the hour, and such rules could generate millions of instants.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from dateutil.rrule import rrule, rrulestr

from practice.errors import ValidationError
from practice.schedule.timezones import to_local

WEEKLY = "FREQ=WEEKLY"
FORTNIGHTLY = "FREQ=WEEKLY;INTERVAL=2"
MONTHLY = "FREQ=MONTHLY"

_FREQUENCIES = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
_ALLOWED_PARTS = frozenset(
    {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO",
     "BYMONTH", "BYSETPOS", "WKST"}
)  # fmt: skip
# RFC 5545 forbids these day selectors with some frequencies; BYMONTHDAY is refused with
# DAILY too, because an impossible daily rule (the 31st of February) makes dateutil walk
# day by day to the year 9999 before it gives up.
_ONLY_WITH = {
    "BYMONTHDAY": frozenset({"MONTHLY", "YEARLY"}),
    "BYYEARDAY": frozenset({"YEARLY"}),
    "BYWEEKNO": frozenset({"YEARLY"}),
}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_INTERVAL = 52
MAX_COUNT = 5000


def _invalid(reason: str) -> ValidationError:
    return ValidationError(f"The repeat rule is not valid: {reason}.")


def rule_parts(text: str) -> dict[str, str]:
    """Split RRULE text into its parts, keys upper-cased, in their written order.

    Args:
        text: ``FREQ=WEEKLY;BYDAY=TU``, with or without a leading ``RRULE:``.

    Returns:
        The parts, such as ``{"FREQ": "WEEKLY", "BYDAY": "TU"}``.

    Raises:
        ValidationError: A part is not ``NAME=VALUE`` or is given twice.
    """
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    parts: dict[str, str] = {}
    for chunk in filter(None, (c.strip() for c in body.split(";"))):
        name, sep, value = chunk.partition("=")
        key = name.strip().upper()
        if not sep or not key or not value.strip() or key in parts:
            raise _invalid("each part must be NAME=VALUE, once")
        parts[key] = value.strip().upper()
    return parts


def join_parts(parts: dict[str, str]) -> str:
    """Write rule parts back as RRULE text (without ``RRULE:``).

    Args:
        parts: As returned by ``rule_parts``.

    Returns:
        ``FREQ=...;...`` with FREQ first, as RFC 5545 recommends for interoperability.
    """
    ordered = {"FREQ": parts["FREQ"], **parts}
    return ";".join(f"{key}={value}" for key, value in ordered.items())


def _check_parts(parts: dict[str, str]) -> None:
    freq = parts.get("FREQ")
    if freq not in _FREQUENCIES:
        raise _invalid("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
    unknown = sorted(set(parts) - _ALLOWED_PARTS)
    if unknown:
        raise _invalid(f"{unknown[0]} cannot be used here (a session keeps its start time)")
    for key, frequencies in _ONLY_WITH.items():
        if key in parts and freq not in frequencies:
            raise _invalid(f"{key} cannot be used with FREQ={freq}")
    if "COUNT" in parts and "UNTIL" in parts:
        raise _invalid("COUNT and UNTIL cannot both be given")
    _check_bounded_int(parts, "INTERVAL", MAX_INTERVAL)
    _check_bounded_int(parts, "COUNT", MAX_COUNT)


def _check_bounded_int(parts: dict[str, str], key: str, most: int) -> None:
    if key in parts and not (parts[key].isdigit() and 1 <= int(parts[key]) <= most):
        raise _invalid(f"{key} must be a whole number from 1 to {most}")


def _local_until(value: str, zone: str) -> str:
    """Rewrite UNTIL as a naive local wall time in the series' zone, the form expansion uses.

    A UTC value (``...Z``) is converted; a date alone is taken as the end of that day, so
    ``UNTIL=20270301`` keeps a session held on 1 March 2027.
    """
    try:
        if len(value) == 8:
            moment = datetime.combine(date.fromisoformat(value), time(23, 59, 59))
        elif value.endswith("Z"):
            utc_until = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            moment = to_local(utc_until, zone)
        else:
            moment = datetime.strptime(value, "%Y%m%dT%H%M%S")
    except ValueError as error:
        raise _invalid("UNTIL must be a date or a date and time") from error
    return moment.strftime("%Y%m%dT%H%M%S")


@lru_cache(maxsize=4096)
def parse_rule(text: str, dtstart_local: datetime, zone: str) -> rrule:
    """Check a series' rule and parse it for expansion in naive local wall time.

    The result is cached (series are re-created on every edit and every read), and it is
    shared: treat it as read-only.

    Args:
        text: The RRULE value.
        dtstart_local: The first session's wall time (naive); it must be an occurrence.
        zone: The series' IANA zone (to read a UTC UNTIL).

    Returns:
        A dateutil ``rrule`` whose occurrences are naive local wall times.

    Raises:
        ValidationError: The rule is malformed, not allowed for sessions, does not
            include the first session, or ends before it.
    """
    parts = rule_parts(text)
    _check_parts(parts)
    if "UNTIL" in parts:
        parts["UNTIL"] = _local_until(parts["UNTIL"], zone)
    try:
        parsed = rrulestr(join_parts(parts), dtstart=dtstart_local, cache=False)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise _invalid("a value is out of range or misspelt") from error
    if not isinstance(parsed, rrule):  # pragma: no cover - one RRULE never gives a set
        raise _invalid("only one rule is allowed")
    first = next(iter(parsed), None)
    if first is None:
        raise _invalid("it ends before the first session")
    if first != dtstart_local:
        raise ValidationError("The first session does not fall on the repeat pattern.")
    return parsed


def monthly_on_weekday(dtstart_local: datetime) -> str:
    """The rule for "every month on the same weekday", such as the second Tuesday.

    A first session in a month's last week repeats on the last such weekday (``-1TU``),
    since not every month has a fifth one.

    Args:
        dtstart_local: The first session's wall time.

    Returns:
        RRULE text such as ``FREQ=MONTHLY;BYDAY=2TU``.
    """
    weekday = _WEEKDAYS[dtstart_local.weekday()]
    nth = (dtstart_local.day - 1) // 7 + 1
    return f"FREQ=MONTHLY;BYDAY={-1 if nth == 5 else nth}{weekday}"


def continue_rule(text: str, zone: str, *, skipped: int, shift: timedelta) -> str:
    """The rule for the rest of a series split after ``skipped`` occurrences.

    A COUNT shrinks by the occurrences left behind (RFC 5545 counts removed ones too); an
    UNTIL moves with the sessions, so a series moved from 10:00 to 14:00 keeps its last day.

    Args:
        text: The original RRULE value.
        zone: The series' IANA zone.
        skipped: How many occurrences the earlier part keeps.
        shift: How far the new first session is from the occurrence it replaces.

    Returns:
        RRULE text for the continuation.
    """
    parts = rule_parts(text)
    if "COUNT" in parts:
        parts["COUNT"] = str(int(parts["COUNT"]) - skipped)
    if "UNTIL" in parts:
        until = datetime.strptime(_local_until(parts["UNTIL"], zone), "%Y%m%dT%H%M%S")
        parts["UNTIL"] = (until + shift).strftime("%Y%m%dT%H%M%S")
    return join_parts(parts)


def rule_without_end(text: str) -> str:
    """The rule with its COUNT and UNTIL taken out (the export writes its own UNTIL).

    Args:
        text: An RRULE value.

    Returns:
        RRULE text that repeats without end.
    """
    parts = {key: value for key, value in rule_parts(text).items() if key not in ("COUNT", "UNTIL")}
    return join_parts(parts)


def fixed_period(text: str) -> timedelta | None:
    """The rule's period when whole periods can be skipped without walking them.

    A daily or weekly rule with no COUNT and no BYSETPOS repeats the same pattern every
    INTERVAL days or weeks from its first session, so expansion may start from any
    occurrence a whole number of periods later and give the same sessions from there.

    Args:
        text: An RRULE value.

    Returns:
        The period, or ``None`` when expansion must walk from the first session.
    """
    parts = rule_parts(text)
    if parts.get("FREQ") not in ("DAILY", "WEEKLY") or {"COUNT", "BYSETPOS"} & set(parts):
        return None
    days = 7 if parts["FREQ"] == "WEEKLY" else 1
    return timedelta(days=days * int(parts.get("INTERVAL", "1")))
