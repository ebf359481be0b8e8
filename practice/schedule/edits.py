"""Edits a series allows: move, record, cancel or restore one session; end; split.

Every function returns new values for the caller to store; nothing here touches the store.
Edits that would rewrite sessions that have already started are refused (``HistoryKept``):
past sessions keep their history, and are changed one at a time by status. A single
session may still be moved after the fact, to correct when it really took place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from practice.schedule.errors import HistoryKept, NotAnOccurrence
from practice.schedule.expansion import rule_times
from practice.schedule.model import Appointment, Series, SessionStatus
from practice.schedule.recurrence import in_rule, is_occurrence, occurrence
from practice.schedule.rules import continue_rule, parse_rule
from practice.schedule.timezones import require_utc, to_local, wall_to_utc

# No zone's offset moves by more than a day; the margin makes the local window safe.
_MARGIN = timedelta(days=1)


def _check_row(series: Series, recurrence_id: datetime, row: Appointment | None) -> None:
    if row is not None and (row.series_id, row.recurrence_id) != (series.id, recurrence_id):
        raise ValueError("the row given is not this occurrence's row")


def materialise(
    series: Series, recurrence_id: datetime, row: Appointment | None = None
) -> Appointment:
    """The occurrence as a row to store or change: its existing row, or a new one.

    Args:
        series: The series (stored: it has an id).
        recurrence_id: The occurrence's wall time in the series' zone.
        row: The occurrence's stored row, if it has one.

    Returns:
        ``row`` itself, or a new unstored row holding the rule's values.

    Raises:
        NotAnOccurrence: The series holds no session then and there is no row.
    """
    if series.id is None:
        raise ValueError("store the series before storing its sessions")
    _check_row(series, recurrence_id, row)
    return row if row is not None else occurrence(series, recurrence_id)


def move_occurrence(
    series: Series,
    recurrence_id: datetime,
    new_start_utc: datetime,
    *,
    row: Appointment | None = None,
    zone: str | None = None,
) -> Appointment:
    """Move one session of a series; the others stay where they are.

    Args:
        series: The series.
        recurrence_id: The occurrence to move (its original wall time).
        new_start_utc: Its new start (aware UTC).
        row: The occurrence's stored row, if it has one (its status and note go with it).
        zone: The zone the move was made in; the series' zone if not given.

    Returns:
        The row to store: it keeps the recurrence id, so the rule's copy stays hidden.

    Raises:
        NotAnOccurrence: The series holds no session then and there is no row.
    """
    require_utc(new_start_utc)
    moved = materialise(series, recurrence_id, row)
    return replace(moved, start_utc=new_start_utc, zone=zone or moved.zone)


def set_occurrence_status(
    series: Series,
    recurrence_id: datetime,
    status: SessionStatus,
    reason: str | None = None,
    *,
    row: Appointment | None = None,
) -> Appointment:
    """Record what became of one session (completed, cancelled, late cancel, no-show).

    A cancellation recorded this way keeps a row with its reason; to take a session out
    of the series without a trace (a holiday), use ``cancel_occurrence``.

    Args:
        series: The series.
        recurrence_id: The occurrence.
        status: Its new status.
        reason: Why (kept in the record, never exported).
        row: The occurrence's stored row, if it has one.

    Returns:
        The row to store.
    """
    return replace(materialise(series, recurrence_id, row), status=status, status_reason=reason)


def _refuse_started(recurrence_id: datetime, series: Series, now_utc: datetime) -> None:
    require_utc(now_utc)
    if wall_to_utc(recurrence_id, series.zone) <= now_utc:
        raise HistoryKept(
            "Sessions that have already started keep their history: change them one at "
            "a time (for example, record a cancellation or a no-show)."
        )


def cancel_occurrence(series: Series, recurrence_id: datetime, *, now_utc: datetime) -> Series:
    """Take one future session out of the series (an EXDATE), such as for a holiday.

    An occurrence with a stored row keeps showing as that row: record its status instead.

    Args:
        series: The series.
        recurrence_id: The occurrence to remove.
        now_utc: The present moment (aware UTC).

    Returns:
        The series with the occurrence removed.

    Raises:
        NotAnOccurrence: The series holds no session then.
        HistoryKept: The session has already started.
    """
    if not is_occurrence(series, recurrence_id):
        raise NotAnOccurrence("The series has no session at that date and time.")
    _refuse_started(recurrence_id, series, now_utc)
    return replace(series, exdates_local=series.exdates_local | {recurrence_id})


def restore_occurrence(series: Series, recurrence_id: datetime) -> Series:
    """Put a removed session back into the series.

    Args:
        series: The series.
        recurrence_id: The removed occurrence.

    Returns:
        The series without that EXDATE.
    """
    return replace(series, exdates_local=series.exdates_local - {recurrence_id})


def _next_after(series: Series, now_utc: datetime) -> datetime | None:
    """The first occurrence of the rule that has not started, if the series has one left."""
    rule = parse_rule(series.rule, series.dtstart_local, series.zone)
    wall: datetime | None = rule.after(to_local(now_utc, series.zone) - _MARGIN, inc=True)
    while wall is not None and wall_to_utc(wall, series.zone) <= now_utc:
        wall = rule.after(wall)
    if wall is None or (series.ends_before_local is not None and wall >= series.ends_before_local):
        return None
    return wall


def end_series(series: Series, *, now_utc: datetime, from_local: datetime | None = None) -> Series:
    """End a series; its past sessions, and every stored row, stay as they are.

    Args:
        series: The series.
        now_utc: The present moment (aware UTC).
        from_local: The first wall time to drop (naive, in the series' zone); by default
            the first session that has not started yet.

    Returns:
        The series with its end set (never later than an end it already had).

    Raises:
        HistoryKept: ``from_local`` is not in the future.
    """
    if from_local is None:
        from_local = _next_after(series, now_utc)
        if from_local is None:
            return series
    else:
        _refuse_started(from_local, series, now_utc)
    if series.ends_before_local is not None:
        from_local = min(from_local, series.ends_before_local)
    return replace(series, ends_before_local=from_local)


@dataclass(frozen=True, slots=True)
class SeriesSplit:
    """A series split for a "this and following" change.

    Attributes:
        original: The series as it was.
        ended: The earlier part, ended before ``at`` (same id); ``None`` when the change
            starts at the first session, and ``following`` then keeps the original id.
        following: The new part, from the new first session on (id ``None`` unless it
            replaces the whole series).
        at: The occurrence the change starts from (its original wall time).
        shift: How far the new first session is from ``at`` (wall-clock time).
    """

    original: Series
    ended: Series | None
    following: Series
    at: datetime
    shift: timedelta


def split_series(
    series: Series,
    at: datetime,
    *,
    now_utc: datetime,
    new_first_start_local: datetime | None = None,
    rule: str | None = None,
) -> SeriesSplit:
    """Split a series for a change to "this and following" sessions.

    Removed occurrences after ``at`` move with the sessions (by ``shift``) and are kept
    where they still name an occurrence of the new rule. Change the following part's
    other fields (location, length, link, who is expected) with ``dataclasses.replace``,
    then store it and call ``carry_over_rows``.

    Args:
        series: The series.
        at: The occurrence the change starts from; it must not have started.
        now_utc: The present moment (aware UTC).
        new_first_start_local: The new wall time for that session (default ``at``).
        rule: A new rule (default: the old one, its COUNT or UNTIL carried over).

    Returns:
        The two parts.

    Raises:
        NotAnOccurrence: ``at`` is not an occurrence of the rule.
        HistoryKept: The session at ``at`` has already started.
        ValidationError: The new first session does not fall on the rule.
    """
    if not in_rule(series, at):
        raise NotAnOccurrence("The series has no session at that date and time.")
    _refuse_started(at, series, now_utc)
    first = new_first_start_local or at
    shift = first - at
    skipped = len(rule_times(series, series.dtstart_local, at))
    new_rule = rule or continue_rule(series.rule, series.zone, skipped=skipped, shift=shift)
    end = series.ends_before_local
    following = replace(
        series,
        id=series.id if skipped == 0 else None,
        rule=new_rule,
        dtstart_local=first,
        exdates_local=frozenset(),
        ends_before_local=None if end is None else end + shift,
    )
    moved = {e + shift for e in series.exdates_local if e >= at}
    kept = frozenset(e for e in moved if in_rule(following, e))
    following = replace(following, exdates_local=kept)
    ended = None
    if skipped:
        before = frozenset(e for e in series.exdates_local if e < at)
        ended = replace(series, ends_before_local=at, exdates_local=before)
    return SeriesSplit(series, ended, following, at, shift)


_INHERITED = ("unit_id", "kind", "duration_minutes", "location", "video_link", "cpt_code",
              "expected_client_ids")  # fmt: skip


def _carried(row: Appointment, split: SeriesSplit, following: Series) -> Appointment:
    original = split.original
    assert row.recurrence_id is not None  # only rows of the series get here
    new_id = row.recurrence_id + split.shift
    if not in_rule(following, new_id):
        # The new rule has no such session: the row stands alone at its own time.
        return replace(row, series_id=None, recurrence_id=None)
    changes: dict[str, object] = {"series_id": following.id, "recurrence_id": new_id}
    if row.start_utc == wall_to_utc(row.recurrence_id, original.zone):
        changes["start_utc"] = wall_to_utc(new_id, following.zone)
        changes["zone"] = following.zone
    for name in _INHERITED:
        # A field the row had not changed from the series follows the series' new value.
        if getattr(row, name) == getattr(original, name):
            changes[name] = getattr(following, name)
    return replace(row, **changes)  # type: ignore[arg-type]


def carry_over_rows(
    split: SeriesSplit, following_id: int, rows: Iterable[Appointment]
) -> list[Appointment]:
    """Re-point the stored rows of sessions from ``at`` on to the following part.

    A row keeps whatever it changed for its own session (a move, a different length, one
    partner alone); what it had from the series follows the following part. A row whose
    session the following part does not hold any more is detached and stands alone.

    Args:
        split: The split.
        following_id: The stored id of the following part.
        rows: Stored rows of the original series (others are ignored).

    Returns:
        The rows that changed, to store.
    """
    following = replace(split.following, id=following_id)
    return [
        _carried(row, split, following)
        for row in rows
        if row.series_id == split.original.id
        and row.recurrence_id is not None
        and row.recurrence_id >= split.at
    ]


def orphaned_rows(
    series: Series, rows: Iterable[Appointment], *, now_utc: datetime
) -> list[Appointment]:
    """Future rows of a series whose occurrence the series no longer holds (after an end).

    They still show (rows always do); the caller decides: delete one with nothing in it,
    or record it as cancelled.

    Args:
        series: The series as it now is.
        rows: Its stored rows.
        now_utc: The present moment (aware UTC).

    Returns:
        The rows in question.
    """
    return [
        row
        for row in rows
        if row.series_id == series.id
        and row.recurrence_id is not None
        and row.start_utc > now_utc
        and not is_occurrence(series, row.recurrence_id)
    ]
