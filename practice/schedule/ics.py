"""Calendar export: an RFC 5545 .ics of the sessions in a date range, safe to leave the app.

What leaves the app by default: a title such as "Session — A.B." (or the unit's label),
the time, the length, and "Office" or "Telehealth". Never exported, whatever the options:
notes, diagnoses, CPT codes, status reasons, clients' ids, or anything else clinical. The
therapist can opt in to full names, the kind of session, the video link and a contact
line; each unit's contact-safety ceiling (set from its members' choices, the most
restrictive member deciding) always wins over the opt-in.

Which sessions: those starting in the range. A series is written as one VEVENT with an
RRULE re-based onto its first session in the range and ended (UNTIL) at its last, with
EXDATEs for sessions removed or cancelled, and one VEVENT with RECURRENCE-ID for each
session changed on its own. A moved session whose original time is outside the range,
but whose new time is inside it, is written as a standalone VEVENT. Cancelled sessions
are left out (their slot is free); completed and no-show ones stay in.

UIDs are UUIDv5 of the row id under a per-store secret namespace: stable across exports
(re-importing updates events instead of duplicating them), and meaningless outside.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum

from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, vRecur

from practice.schedule.expansion import rule_times
from practice.schedule.initials import unit_initials
from practice.schedule.model import Appointment, LocationKind, Series
from practice.schedule.recurrence import occurrence, recurrence_ids
from practice.schedule.rules import rule_without_end
from practice.schedule.timezones import check_zone, in_zone, require_utc, to_local, wall_to_utc
from practice.text.lookalike import NameMatcher

PRODID = "-//Practice//Schedule export//EN"
#: A calendar title may not fall back on a name word this long or longer ("Jo" counts):
#: a wrong refusal there only gives initials, while a letter refused wrongly stops care.
CALENDAR_NAME_WORD = 2
_MARGIN = timedelta(days=1)


class Identity(IntEnum):
    """How much of a unit's identity a calendar title may carry, least to most."""

    NOTHING = 0
    INITIALS = 1
    NAME = 2


@dataclass(frozen=True, slots=True)
class UnitCalendarInfo:
    """What the export may know about a care unit, with its contact-safety ceiling.

    The defaults are the safe ones: a caller that forgets to set a permission exports less.

    Attributes:
        unit_id: The care unit.
        member_names: The members' chosen names (for initials; full names only if allowed).
        label: The therapist's own title for the unit's sessions, used as the whole title
            (the caller leaves it out where it would name anyone outside the unit).
        most_shown: The most identity any member's contact safety allows in a calendar.
        contact_line: A contact line the therapist may opt in to (such as a phone number).
        contact_allowed: Whether every member's contact safety allows the contact line.
        video_link_allowed: Whether every member's contact safety allows the video link.
    """

    unit_id: int
    member_names: tuple[str, ...] = ()
    label: str | None = None
    most_shown: Identity = Identity.INITIALS
    contact_line: str | None = None
    contact_allowed: bool = False
    video_link_allowed: bool = False


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """The therapist's export choices (the defaults leak nothing clinical or identifying).

    Attributes:
        uid_namespace: The store's secret UUID namespace for event UIDs.
        identity: How much identity titles may carry (capped per unit by contact safety).
        include_session_kind: Title "Couple session" rather than "Session".
        include_video_links: Put the video link in LOCATION (where the unit allows it).
        include_contact: Put the unit's contact line in DESCRIPTION (where allowed).
        calendar_name: The calendar's display name.
    """

    uid_namespace: uuid.UUID
    identity: Identity = Identity.INITIALS
    include_session_kind: bool = False
    include_video_links: bool = False
    include_contact: bool = False
    calendar_name: str = "Sessions"


@dataclass(frozen=True, slots=True)
class _Shown:
    """The exported face of one session; two sessions that look alike need no override."""

    summary: str
    location: str
    description: str | None
    start: datetime
    duration: timedelta


def _mentions_member(label: str, names: Sequence[str]) -> bool:
    # Compared as a reader sees them: a soft hyphen or a Cyrillic "а" in the label still names.
    return NameMatcher.of(names, min_word=CALENDAR_NAME_WORD).found_in(label)


def _title(session: Appointment, unit: UnitCalendarInfo | None, options: ExportOptions) -> str:
    word = (
        f"{session.kind.value.capitalize()} session" if options.include_session_kind else "Session"
    )
    if unit is None:
        return word
    shown = min(options.identity, unit.most_shown)
    names = unit.member_names
    if unit.label and (shown is Identity.NAME or not _mentions_member(unit.label, names)):
        return unit.label
    who = ""
    if shown is Identity.NAME:
        who = " & ".join(name.strip() for name in names if name.strip())
    elif shown is Identity.INITIALS:
        who = unit_initials(names)
    return f"{word} — {who}" if who else word


def _shown(
    session: Appointment, units: Mapping[int, UnitCalendarInfo], options: ExportOptions
) -> _Shown:
    unit = units.get(session.unit_id)
    location = "Office"
    if session.location is LocationKind.TELEHEALTH:
        allowed = options.include_video_links and unit is not None and unit.video_link_allowed
        location = session.video_link if allowed and session.video_link else "Telehealth"
    description = None
    if options.include_contact and unit is not None and unit.contact_allowed:
        description = unit.contact_line or None
    return _Shown(
        summary=_title(session, unit, options),
        location=location,
        description=description,
        start=in_zone(session.start_utc, session.zone),
        duration=timedelta(minutes=session.duration_minutes),
    )


def _event(uid: str, shown: _Shown, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", shown.start)
    # DURATION rather than DTEND: aware-datetime arithmetic is wall-clock arithmetic, and a
    # session running over a clock change would get the wrong end.
    event.add("duration", shown.duration)
    event.add("summary", shown.summary)
    event.add("location", shown.location)
    if shown.description:
        event.add("description", shown.description)
    event.add("class", "PRIVATE")
    event.add("transp", "OPAQUE")
    return event


def _aware_wall(wall: datetime, zone: str) -> datetime:
    """A wall time with its zone attached as written (fold 0), for TZID-bearing values."""
    return wall.replace(tzinfo=check_zone(zone), fold=0)


@dataclass(frozen=True, slots=True)
class _Context:
    units: Mapping[int, UnitCalendarInfo]
    options: ExportOptions
    stamp: datetime
    start_utc: datetime
    end_utc: datetime

    def in_range(self, moment: datetime) -> bool:
        return self.start_utc <= moment < self.end_utc

    def uid(self, kind: str, row_id: int) -> str:
        return str(uuid.uuid5(self.options.uid_namespace, f"{kind}:{row_id}"))

    def shown(self, session: Appointment) -> _Shown:
        return _shown(session, self.units, self.options)


def _rebases_cleanly(series: Series, first: datetime, last: datetime) -> bool:
    """Whether the rule started at ``first`` gives the same sessions up to ``last``."""
    rebased = rrulestr(rule_without_end(series.rule), dtstart=first, cache=False)
    again = list(rebased.between(first, last, inc=True))
    return again == rule_times(series, first, last + timedelta(microseconds=1))


def _recurrence(series: Series, live: list[datetime], event: Event) -> None:
    """Add RRULE and EXDATE (or, if the rule cannot be re-based, RDATE) to a master event."""
    first, last = live[0], live[-1]
    if _rebases_cleanly(series, first, last):
        recur = vRecur.from_ical(rule_without_end(series.rule))
        recur["UNTIL"] = [wall_to_utc(last, series.zone)]
        event.add("rrule", recur)
        removed = sorted(set(rule_times(series, first, last)) - set(live))
        if removed:
            event.add("exdate", [_aware_wall(w, series.zone) for w in removed])
    else:
        event.add("rdate", [_aware_wall(w, series.zone) for w in live[1:]])


def _series_events(
    series: Series, rows: Mapping[datetime, Appointment], ctx: _Context
) -> tuple[list[Event], list[Appointment]]:
    """The events for one series, and its rows that must be written standalone."""
    assert series.id is not None  # export_ics checked it
    low = to_local(ctx.start_utc, series.zone) - _MARGIN
    high = to_local(ctx.end_utc, series.zone) + _MARGIN
    keys = [
        k for k in recurrence_ids(series, low, high) if ctx.in_range(wall_to_utc(k, series.zone))
    ]
    in_keys = set(keys)
    standalone = [row for key, row in rows.items() if key not in in_keys]
    live = [k for k in keys if not (k in rows and rows[k].status.is_cancellation)]
    if not live:
        return [], standalone
    uid = ctx.uid("series", series.id)
    if len(live) == 1:
        only = rows.get(live[0]) or occurrence(series, live[0])
        return [_event(uid, ctx.shown(only), ctx.stamp)], standalone
    # The master carries the rule's face; a session changed on its own is an override.
    # DTSTART is the rule's own wall time, even where that day's clock skips it (RFC 5545
    # reads it forward out of the gap, as Practice does); the instant would mislead the rule.
    first = replace(ctx.shown(occurrence(series, live[0])), start=_aware_wall(live[0], series.zone))
    master = _event(uid, first, ctx.stamp)
    _recurrence(series, live, master)
    events = [master]
    for key in live:
        row = rows.get(key)
        if row is not None and ctx.shown(row) != ctx.shown(occurrence(series, key)):
            override = _event(uid, ctx.shown(row), ctx.stamp)
            override.add("recurrence-id", _aware_wall(key, series.zone))
            events.append(override)
    return events, standalone


def export_ics(
    start_utc: datetime,
    end_utc: datetime,
    series: Iterable[Series],
    rows: Iterable[Appointment],
    units: Mapping[int, UnitCalendarInfo],
    options: ExportOptions,
    *,
    stamp: datetime | None = None,
) -> bytes:
    """Write the sessions starting in a range as an .ics calendar.

    Args:
        start_utc: Range start (aware UTC).
        end_utc: Range end (aware UTC, excluded).
        series: Stored series that may have sessions in the range.
        rows: Stored appointment rows: standalone ones in the range, and every row of
            these series whose original or new time falls in it.
        units: What the export may know of each care unit; a unit missing here is
            titled "Session".
        options: The therapist's choices.
        stamp: The DTSTAMP to write (aware UTC); now by default.

    Returns:
        The calendar, UTF-8 encoded, with the VTIMEZONE of every zone it uses. The caller
        writes it where the therapist chose, owner-only (``store.atomic.write_atomically``).

    Raises:
        ValueError: A series or row has not been stored (it has no id for a stable UID).
    """
    require_utc(start_utc)
    require_utc(end_utc)
    moment = stamp or datetime.now(UTC)
    require_utc(moment)
    ctx = _Context(units, options, moment, start_utc, end_utc)
    stored = list(series)
    by_series: dict[int, dict[datetime, Appointment]] = {
        s.id: {} for s in stored if s.id is not None
    }
    if len(by_series) != len(stored):
        raise ValueError("only stored series can be exported")
    standalone: list[Appointment] = []
    for row in rows:
        if row.id is None:
            raise ValueError("only stored appointments can be exported")
        if row.series_id in by_series and row.recurrence_id is not None:
            by_series[row.series_id][row.recurrence_id] = row
        else:
            standalone.append(row)
    events: list[Event] = []
    for one in sorted(stored, key=lambda s: s.id or 0):
        found, loose = _series_events(one, by_series[one.id or 0], ctx)
        events.extend(found)
        standalone.extend(loose)
    for row in sorted(standalone, key=lambda r: (r.start_utc, r.id or 0)):
        if ctx.in_range(row.start_utc) and not row.status.is_cancellation:
            events.append(_event(ctx.uid("appointment", row.id or 0), ctx.shown(row), ctx.stamp))
    data: bytes = _calendar(events, options, start_utc, end_utc).to_ical()
    return data


def _calendar(
    events: list[Event], options: ExportOptions, start: datetime, end: datetime
) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", options.calendar_name)
    for event in events:
        calendar.add_component(event)
    first = min([start, *(e.decoded("dtstart") for e in events)]) - timedelta(days=7)
    calendar.add_missing_timezones(
        first_date=first.date(), last_date=(end + timedelta(days=366)).date()
    )
    return calendar
