"""Recurring sessions in the store: create, cancel or move one, "this and following", end.

Past sessions keep their history: edits that would rewrite sessions already started are
refused (``HistoryKept``), ending or splitting a series never touches a stored row from
before the change, and a row with a note or a completed status is never deleted (the store
refuses it too). Every write is checked for double booking first (see
``practice.services.schedule.booking``) and audit-logged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.models.notes import ProgressNote
from practice.schedule import edits
from practice.schedule.conflicts import Conflict
from practice.schedule.errors import HistoryKept
from practice.schedule.model import Appointment, LocationKind, Series, SessionStatus
from practice.schedule.recurrence import sessions_between
from practice.schedule.timezones import wall_to_utc
from practice.services.common import utcnow
from practice.services.schedule import checks, rows
from practice.services.schedule.booking import (
    Booking,
    SessionRef,
    coming,
    move_session,
    series_candidates,
)
from practice.store.audit import record
from practice.text.keys import clean_line

ENDED_REASON = "The series was ended."
STARTED = (
    "Sessions that have already started keep their history: record a late cancel or a "
    "no-show for this one instead."
)


@dataclass(frozen=True)
class SeriesBooking:
    """A stored series and what was accepted to store it.

    Attributes:
        series: The series as stored (for a split, the following part).
        warnings: Licensure warnings for its coming year of sessions.
        overridden: Overlaps booked over on purpose (empty without an override).
    """

    series: Series
    warnings: tuple[str, ...] = ()
    overridden: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class SeriesChanges:
    """Changes to "this and following" sessions besides their time and rule.

    ``None`` leaves a field as it was. Moving to the office drops the video link; moving
    to telehealth needs one (given here or already on the series).
    """

    duration_minutes: int | None = None
    location: LocationKind | None = None
    video_link: str | None = None
    cpt_code: str | None = None
    expected_client_ids: frozenset[int] | None = None

    def apply(self, series: Series) -> Series:
        """The series with these changes."""
        location = self.location or series.location
        link = self.video_link if self.video_link is not None else series.video_link
        return replace(
            series,
            duration_minutes=self.duration_minutes or series.duration_minutes,
            location=location,
            video_link=None if location is LocationKind.OFFICE else link,
            cpt_code=self.cpt_code or series.cpt_code,
            expected_client_ids=(series.expected_client_ids if self.expected_client_ids is None
                                 else self.expected_client_ids),
        )


def _clean(series: Series) -> Series:
    return replace(series, video_link=clean_line(series.video_link, "Video link",
                                                 max_len=2000))


def create_series(
    sessions: sessionmaker[Session], series: Series, *, allow_overlap: bool = False,
    now_utc: datetime | None = None,
) -> SeriesBooking:
    """Store a new recurring session.

    Args:
        sessions: The store's sessionmaker.
        series: The series (no id); with no expected clients, the unit's members on its
            first session's date are expected.
        allow_overlap: Book over the therapist's other sessions on purpose (audit-logged).
        now_utc: The present moment (for tests).

    Returns:
        The stored series, licensure warnings for its coming year, and overlaps overridden.

    Raises:
        DoubleBooking: One of its sessions in the next two years overlaps another (without
            the override), or a client would be expected twice at once (always).
    """
    if series.id is not None:
        raise ValueError("create_series() stores new series only")
    now = now_utc or utcnow()
    rules = checks.practice_rules(sessions)
    with sessions.begin() as s:
        value = checks.series_with_expected(s, _clean(series))
        candidates = series_candidates(value, now)
        overridden = checks.refuse_double_booking(s, candidates, rules,
                                                  allow_overlap=allow_overlap)
        warnings = checks.licence_warnings(s, coming(candidates, now), rules)
        stored = rows.insert_series(s, value, overlap_allowed=bool(overridden))
        assert stored.id is not None
        record(s, "series.create", entity="series", entity_id=stored.id,
               unit_id=stored.unit_id, telehealth_warnings=len(warnings))
        checks.log_overrides(s, overridden, entity="series", entity_id=stored.id)
    return SeriesBooking(stored, tuple(warnings), tuple(overridden))


def get_series(sessions: sessionmaker[Session], series_id: int) -> Series:
    """One series, with every removed occurrence.

    Raises:
        NotFound: No such series.
    """
    with sessions.begin() as s:
        return rows.load_series(s, series_id)


def move_occurrence(
    sessions: sessionmaker[Session], series_id: int, recurrence_id: datetime,
    new_start_utc: datetime, *, zone: str | None = None, allow_overlap: bool = False,
) -> Booking:
    """Move one session of a series; the others stay where they are.

    Args:
        sessions: The store's sessionmaker.
        series_id: The series.
        recurrence_id: The occurrence (its original wall time in the series' zone).
        new_start_utc: Its new start (aware UTC).
        zone: The zone the move was made in (default: the series').
        allow_overlap: Overlap the therapist's other sessions on purpose (audit-logged).

    Returns:
        The occurrence's stored row, which keeps its recurrence id.

    Raises:
        DoubleBooking: The new time overlaps another session (see ``book``).
        NotAnOccurrence: The series has no session then.
    """
    return move_session(sessions, SessionRef(None, series_id, recurrence_id), new_start_utc,
                        zone=zone, allow_overlap=allow_overlap)


def cancel_occurrence(
    sessions: sessionmaker[Session], series_id: int, recurrence_id: datetime, *,
    now_utc: datetime | None = None,
) -> Series:
    """Take one coming session out of a series (a holiday, say) without leaving a trace.

    A session that already has a row (a move, a status, a note) is marked cancelled
    instead, so what was recorded for it stays. To keep a reason for a cancellation, use
    ``schedule.set_session_status``.

    Returns:
        The series as stored.

    Raises:
        HistoryKept: The session has already started.
        NotAnOccurrence: The series has no session then.
    """
    now = now_utc or utcnow()
    with sessions.begin() as s:
        series = rows.load_series(s, series_id)
        row = rows.occurrence_row(s, series_id, recurrence_id)
        if row is not None:
            if row.start_utc <= now:
                raise HistoryKept(STARTED)
            rows.update_row(s, replace(row, status=SessionStatus.CANCELLED))
            record(s, "appointment.status", entity="appointment", entity_id=row.id,
                   status=SessionStatus.CANCELLED.value)
            return series
        changed = edits.cancel_occurrence(series, recurrence_id, now_utc=now)
        rows.update_series(s, changed)
        record(s, "series.cancel_occurrence", entity="series", entity_id=series_id)
        return changed


def _has_note(s: Session, appointment_id: int) -> bool:
    found = s.scalar(select(ProgressNote.id).where(ProgressNote.appointment_id
                                                   == appointment_id).limit(1))
    return found is not None


def end_series(
    sessions: sessionmaker[Session], series_id: int, *, from_local: datetime | None = None,
    now_utc: datetime | None = None,
) -> Series:
    """End a series: its past sessions, their rows and their notes stay as they are.

    Coming sessions that had a row of their own are removed, or, if a note was started
    for one, kept as cancelled.

    Args:
        sessions: The store's sessionmaker.
        series_id: The series.
        from_local: The first wall time to drop (default: the next session not started).
        now_utc: The present moment (for tests).

    Returns:
        The series as stored.

    Raises:
        HistoryKept: ``from_local`` is not in the future.
    """
    now = now_utc or utcnow()
    with sessions.begin() as s:
        ended = edits.end_series(rows.load_series(s, series_id), now_utc=now,
                                 from_local=from_local)
        rows.update_series(s, ended)
        for orphan in edits.orphaned_rows(ended, rows.rows_of_series(s, series_id), now_utc=now):
            assert orphan.id is not None
            if _has_note(s, orphan.id) or orphan.status is SessionStatus.COMPLETED:
                rows.update_row(s, replace(orphan, status=SessionStatus.CANCELLED,
                                           status_reason=ENDED_REASON))
            else:
                rows.delete_row(s, orphan.id)
        record(s, "series.end", entity="series", entity_id=series_id)
        return ended


def change_following(
    sessions: sessionmaker[Session], series_id: int, at_local: datetime, *,
    new_first_start_local: datetime | None = None, rule: str | None = None,
    changes: SeriesChanges | None = None, allow_overlap: bool = False,
    now_utc: datetime | None = None,
) -> SeriesBooking:
    """Change "this and following" sessions of a series: time, rule, or other fields.

    The series is split at ``at_local``: the earlier part keeps its sessions and rows, the
    following part carries the change, and the rows of its sessions follow it (keeping
    what they changed for themselves).

    Args:
        sessions: The store's sessionmaker.
        series_id: The series.
        at_local: The first occurrence to change (its wall time in the series' zone).
        new_first_start_local: Its new wall time (default: unchanged).
        rule: A new repeat rule (default: the old one).
        changes: Other fields to change.
        allow_overlap: Overlap the therapist's other sessions on purpose (audit-logged).
        now_utc: The present moment (for tests).

    Returns:
        The following part as stored, its licensure warnings and overlaps overridden.

    Raises:
        HistoryKept: The session at ``at_local`` has already started.
        NotAnOccurrence: The series has no session then.
        DoubleBooking: The changed sessions overlap others (see ``create_series``).
    """
    now = now_utc or utcnow()
    rules = checks.practice_rules(sessions)
    with sessions.begin() as s:
        original = rows.load_series(s, series_id)
        own_rows = rows.rows_of_series(s, series_id)
        split = edits.split_series(original, at_local, now_utc=now,
                                   new_first_start_local=new_first_start_local, rule=rule)
        following = checks.series_with_expected(
            s, _clean((changes or SeriesChanges()).apply(split.following)))
        split = replace(split, following=following)
        overridden = _check_split(s, split, own_rows, rules, allow_overlap, now)
        candidates = series_candidates(following, now)
        warnings = checks.licence_warnings(s, coming(candidates, now), rules)
        stored = _store_split(s, split, own_rows, bool(overridden))
        assert stored.id is not None
        record(s, "series.split", entity="series", entity_id=series_id,
               following_id=stored.id)
        checks.log_overrides(s, overridden, entity="series", entity_id=stored.id)
    return SeriesBooking(stored, tuple(warnings), tuple(overridden))


_PROVISIONAL_ID = -1


def _check_split(s: Session, split: edits.SeriesSplit, own_rows: list[Appointment],
                 rules: checks.Rules, allow_overlap: bool, now: datetime) -> list[Conflict]:
    """Check the following part as it will be (its rows carried over) against the rest."""
    following_id = split.following.id if split.following.id is not None else _PROVISIONAL_ID
    following = replace(split.following, id=following_id)
    carried = edits.carry_over_rows(split, following_id, own_rows)
    first = wall_to_utc(following.dtstart_local, following.zone)
    end = max(first, now) + checks.SERIES_HORIZON
    candidates = sessions_between([following], carried, first, end)
    # The earlier part stays; its sessions (and rows moved past the split) still hold time.
    earlier: list[Appointment] = []
    if split.ended is not None:
        kept = [r for r in own_rows if r.recurrence_id is not None
                and r.recurrence_id < split.at]
        earlier = sessions_between([split.ended], kept, first, end)
    return checks.refuse_double_booking(s, candidates, rules, allow_overlap=allow_overlap,
                                        leave_out_series=split.original.id, also=earlier)


def _store_split(s: Session, split: edits.SeriesSplit, own_rows: list[Appointment],
                 overlap: bool) -> Series:
    if split.ended is not None:
        rows.update_series(s, split.ended)
        stored = rows.insert_series(s, replace(split.following, id=None), overlap_allowed=overlap)
    else:
        rows.update_series(s, split.following, overlap_allowed=overlap)
        stored = split.following
    assert stored.id is not None
    carried = edits.carry_over_rows(split, stored.id, own_rows)
    # Rows shift together; writing the far end first keeps each (series, occurrence) and
    # each start free for the row that moves into it.
    carried.sort(key=lambda r: r.recurrence_id or r.start_utc.replace(tzinfo=None),
                 reverse=split.shift.total_seconds() > 0)
    for row in carried:
        rows.update_row(s, row, overlap_allowed=overlap)
    return stored
