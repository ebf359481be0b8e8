"""Expanding series into sessions for a window, and the edits a series allows.

A series' rule is expanded in naive local wall time in the series' zone and each
occurrence is then placed on the time line (``timezones.wall_to_utc``), so a weekly
10:00 session stays at 10:00 on the local clock across daylight-saving changes while its
UTC instant moves by the hour.

Stored rows win over the rule: an occurrence that has a row (a status, a note, a move or
any other change) is shown as that row, wherever its time now is, and the rule's copy is
suppressed. Rows are never hidden by an EXDATE, an end or a split, so past sessions keep
their history and notes (the edits themselves are in ``edits``).

Plain daily and weekly rules are computed rather than stepped, and others are cached (see
``expansion``), so a week view costs a few microseconds per series rather than a walk from
each series' first session; an occurrence that has a row is dropped before it is built.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache

from practice.schedule.errors import NotAnOccurrence
from practice.schedule.expansion import rule_times
from practice.schedule.model import Appointment, Series
from practice.schedule.timezones import require_utc, to_local, wall_to_utc

# No zone's offset moves by more than a day; the margin makes the local window safe.
_MARGIN = timedelta(days=1)


def recurrence_ids(series: Series, start_local: datetime, end_local: datetime) -> list[datetime]:
    """The series' occurrences (recurrence ids) with wall times in ``[start_local, end_local)``.

    Args:
        series: The series.
        start_local: Window start, naive local wall time in the series' zone.
        end_local: Window end (excluded).

    Returns:
        Wall times in order, without removed occurrences or any past the series' end.
    """
    if series.ends_before_local is not None:
        end_local = min(end_local, series.ends_before_local)
    if end_local <= max(start_local, series.dtstart_local):
        return []
    times = rule_times(series, start_local, end_local)
    if not series.exdates_local:
        return times
    return [t for t in times if t not in series.exdates_local]


def in_rule(series: Series, recurrence_id: datetime) -> bool:
    """Whether the rule gives this wall time before the series' end (removed or not).

    Args:
        series: The series.
        recurrence_id: A naive local wall time in the series' zone.

    Returns:
        True when the rule holds an occurrence then.
    """
    before_end = series.ends_before_local is None or recurrence_id < series.ends_before_local
    hit = rule_times(series, recurrence_id, recurrence_id + timedelta(microseconds=1))
    return before_end and bool(hit)


def is_occurrence(series: Series, recurrence_id: datetime) -> bool:
    """Whether a wall time names a session of the series (not removed, not past its end).

    Args:
        series: The series.
        recurrence_id: A naive local wall time in the series' zone.

    Returns:
        True when the series holds a session then.
    """
    return recurrence_id not in series.exdates_local and in_rule(series, recurrence_id)


def _occurrence(series: Series, recurrence_id: datetime, start_utc: datetime) -> Appointment:
    return Appointment(
        unit_id=series.unit_id,
        kind=series.kind,
        start_utc=start_utc,
        zone=series.zone,
        duration_minutes=series.duration_minutes,
        location=series.location,
        expected_client_ids=series.expected_client_ids,
        video_link=series.video_link,
        cpt_code=series.cpt_code,
        series_id=series.id,
        recurrence_id=recurrence_id,
    )


def occurrence(series: Series, recurrence_id: datetime) -> Appointment:
    """The session a series holds at a recurrence id, as the rule gives it (not stored).

    Args:
        series: The series.
        recurrence_id: The occurrence's wall time in the series' zone.

    Returns:
        An unstored appointment for that occurrence.

    Raises:
        NotAnOccurrence: The series holds no session then.
    """
    if not is_occurrence(series, recurrence_id):
        raise NotAnOccurrence("The series has no session at that date and time.")
    return _occurrence(series, recurrence_id, wall_to_utc(recurrence_id, series.zone))


@lru_cache(maxsize=256)
def _local_window(
    start_utc: datetime, end_utc: datetime, zone: str, duration: timedelta
) -> tuple[datetime, datetime]:
    """Wall-time bounds that hold every occurrence overlapping a window (shared by series)."""
    low = to_local(start_utc - duration, zone) - _MARGIN
    return low, to_local(end_utc, zone) + _MARGIN


def _placed(
    series: Series, start_utc: datetime, end_utc: datetime
) -> list[tuple[datetime, datetime]]:
    """Recurrence id and start (UTC) of each occurrence overlapping ``[start_utc, end_utc)``."""
    require_utc(start_utc)
    require_utc(end_utc)
    duration = series.duration
    low, high = _local_window(start_utc, end_utc, series.zone, duration)
    found = []
    for wall in recurrence_ids(series, low, high):
        start = wall_to_utc(wall, series.zone)
        if start < end_utc and start + duration > start_utc:
            found.append((wall, start))
    return found


def occurrences(series: Series, start_utc: datetime, end_utc: datetime) -> list[Appointment]:
    """The series' sessions overlapping ``[start_utc, end_utc)``, as the rule gives them.

    Args:
        series: The series.
        start_utc: Window start (aware UTC).
        end_utc: Window end (aware UTC, excluded).

    Returns:
        Unstored appointments in time order; rows are not applied (see ``sessions_between``).
    """
    return [_occurrence(series, wall, start) for wall, start in _placed(series, start_utc, end_utc)]


def sessions_between(
    series: Iterable[Series], rows: Iterable[Appointment], start_utc: datetime, end_utc: datetime
) -> list[Appointment]:
    """Every session overlapping a window: stored rows, and series occurrences without a row.

    Args:
        series: The series to expand (those not overlapping the window cost next to nothing).
        rows: Stored appointments: every row whose time overlaps the window, and every row
            of these series whose recurrence id falls in it (a moved session's row hides
            its occurrence even when the move took it out of the window).
        start_utc: Window start (aware UTC).
        end_utc: Window end (aware UTC, excluded).

    Returns:
        Sessions in order of start, then unit id; cancelled ones included (filter by status).
    """
    stored = list(rows)
    replaced = {(row.series_id, row.recurrence_id) for row in stored if row.series_id is not None}
    found = [row for row in stored if row.start_utc < end_utc and row.end_utc > start_utc]
    for one in series:
        # An occurrence with a row is dropped before it is built (most past ones have one).
        found.extend(
            _occurrence(one, wall, start)
            for wall, start in _placed(one, start_utc, end_utc)
            if one.id is None or (one.id, wall) not in replaced
        )
    found.sort(key=lambda s: (s.start_utc, s.unit_id))
    return found
