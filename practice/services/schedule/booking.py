"""Scheduling in the store: the week view, booking, moving, statuses, and the notes they lead to.

Each function opens one transaction (``with sessions.begin()``), loads the sessions that
matter for the time window (stored rows plus the occurrences of series), applies the pure
rules of ``practice.schedule`` and stores what they return, audit-logging every write.

No double booking is enforced here, before each write: a session may not overlap another
of the therapist's unless booked with ``allow_overlap=True`` (audit-logged as
``schedule.overlap_allowed``), and a client may never be expected at two overlapping
sessions, override or not. That rule spans series expansion, which SQL cannot do; the
store's own trigger only refuses two stored sessions starting at the very same instant
(see ``practice.models.schedule``).

Series edits (create, move one, cancel one, "this and following", end) are in
``practice.services.schedule.series``; the calendar export in ``schedule_export``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeAlias

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.clients import Client
from practice.schedule.conflicts import Conflict, conflict_message
from practice.schedule.edits import materialise
from practice.schedule.edits import move_occurrence as move_in_series
from practice.schedule.licensure import session_day
from practice.schedule.model import Appointment, Series, SessionStatus
from practice.schedule.recurrence import occurrences, sessions_between
from practice.schedule.timezones import format_span, require_utc, wall_to_utc
from practice.services.billing.charges import charge_completed_session
from practice.services.common import utcnow
from practice.services.schedule import checks, rows
from practice.services.schedule.checks import BookingPreview
from practice.store.audit import record
from practice.text.keys import clean_line

MAX_LINK_CHARS = 2000
MAX_REASON_CHARS = 2000


@dataclass(frozen=True)
class SessionRef:
    """Names one session: a stored row, or an occurrence of a series.

    Attributes:
        appointment_id: The stored row's id, if it has one.
        series_id: The series, for an occurrence.
        recurrence_id: The occurrence's original wall time in the series' zone.
    """

    appointment_id: int | None = None
    series_id: int | None = None
    recurrence_id: datetime | None = None

    @classmethod
    def of(cls, session: Appointment) -> SessionRef:
        """The reference to a session from the week view (row or occurrence)."""
        return cls(session.id, session.series_id, session.recurrence_id)


Target: TypeAlias = Appointment | SessionRef


@dataclass(frozen=True)
class Booking:
    """A stored session and what was accepted to store it.

    Attributes:
        appointment: The session as stored (with its id).
        warnings: Licensure warnings shown before saving.
        overridden: Overlaps booked over on purpose (empty without an override).
    """

    appointment: Appointment
    warnings: tuple[str, ...] = ()
    overridden: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class NoteDue:
    """A completed session whose progress note is not signed yet.

    Attributes:
        appointment: The session.
        draft_note_id: Its draft note, if one was started.
    """

    appointment: Appointment
    draft_note_id: int | None


@dataclass(frozen=True)
class ClientClock:
    """A session's time on one client's clock.

    Attributes:
        client_id: The client.
        zone: The zone used: the client's own, or the session's when theirs is not recorded.
        text: Such as ``Tue 3 Mar 2026 11:00–11:50 EST``.
        zone_recorded: Whether the client's own zone is recorded.
    """

    client_id: int
    zone: str
    text: str
    zone_recorded: bool


@dataclass(frozen=True)
class SessionTimes:
    """A session's time for the therapist and for each expected client."""

    therapist: str
    clients: tuple[ClientClock, ...]


# --- reading ---------------------------------------------------------------------------------


def week_view(
    sessions: sessionmaker[Session], start_utc: datetime, end_utc: datetime
) -> list[Appointment]:
    """Every session overlapping a window: stored rows and series occurrences without a row.

    Args:
        sessions: The store's sessionmaker.
        start_utc: Window start (aware UTC), such as Monday 00:00 on the therapist's clock.
        end_utc: Window end (aware UTC, excluded).

    Returns:
        Sessions in order of start, cancelled ones included (filter by status to hide them).
    """
    require_utc(start_utc)
    require_utc(end_utc)
    with sessions.begin() as s:
        series = rows.series_in_window(s, start_utc, end_utc)
        stored = rows.rows_in_window(s, start_utc, end_utc)
    return sessions_between(series, stored, start_utc, end_utc)


def resolve(session: Session, target: Target) -> tuple[Appointment, Series | None]:
    """The session a reference names, as it is now, and its series if it has one.

    Raises:
        NotFound: No such row or series.
        NotAnOccurrence: The series has no session at that wall time.
    """
    ref = SessionRef.of(target) if isinstance(target, Appointment) else target
    if ref.appointment_id is not None:
        stored = rows.load_row(session, ref.appointment_id)
        series = rows.load_series(session, stored.series_id) if stored.series_id else None
        return stored, series
    if ref.series_id is None or ref.recurrence_id is None:
        raise ValueError("a session reference needs a row id or a series occurrence")
    series = rows.load_series(session, ref.series_id)
    found = rows.occurrence_row(session, ref.series_id, ref.recurrence_id)
    return materialise(series, ref.recurrence_id, found), series


def get_session(sessions: sessionmaker[Session], target: Target) -> Appointment:
    """A session as it is now (a stored row, or an occurrence as its series gives it)."""
    with sessions.begin() as s:
        return resolve(s, target)[0]


def session_times(sessions: sessionmaker[Session], appointment: Appointment) -> SessionTimes:
    """A session's time on the therapist's clock and on each expected client's.

    Args:
        sessions: The store's sessionmaker.
        appointment: The session.

    Returns:
        The therapist's line and one per client (in the session's zone where a client's
        own zone is not recorded).
    """
    rules = checks.practice_rules(sessions)
    start, end = appointment.start_utc, appointment.end_utc
    with sessions.begin() as s:
        zones = dict(s.execute(select(Client.id, Client.time_zone)
                               .where(Client.id.in_(appointment.expected_client_ids))).all())
    clocks = tuple(
        ClientClock(cid, zones.get(cid) or appointment.zone,
                    format_span(start, end, zones.get(cid) or appointment.zone),
                    zones.get(cid) is not None)
        for cid in sorted(appointment.expected_client_ids)
    )
    return SessionTimes(format_span(start, end, rules.zone), clocks)


# --- booking ---------------------------------------------------------------------------------


def clean_session(value: Appointment) -> Appointment:
    """Trim the free-text fields of a session and refuse ones too long to store."""
    link = clean_line(value.video_link, "Video link", max_len=MAX_LINK_CHARS)
    reason = clean_line(value.status_reason, "Reason", max_len=MAX_REASON_CHARS)
    return replace(value, video_link=link, status_reason=reason)


def preview_booking(
    sessions: sessionmaker[Session], candidate: Appointment | Series, *,
    now_utc: datetime | None = None,
) -> BookingPreview:
    """What booking a session or a series would run into, without saving anything.

    Args:
        sessions: The store's sessionmaker.
        candidate: A new or changed session (a moved one keeps its id or occurrence), or a
            series (checked from its first session for two years).
        now_utc: The present moment (for tests).

    Returns:
        The conflicts (with the message the booking would be refused with) and the
        licensure warnings.

    Raises:
        ValidationError: Someone expected is not a member of the unit, or similar.
    """
    rules = checks.practice_rules(sessions)
    with sessions.begin() as s:
        if isinstance(candidate, Series):
            series = checks.series_with_expected(s, candidate)
            candidates = series_candidates(series, now_utc or utcnow())
            leave_out = series.id
        else:
            candidates = [checks.with_expected(s, clean_session(candidate))]
            leave_out = None
        conflicts = checks.find(s, candidates, leave_out_series=leave_out)
        warnings = checks.licence_warnings(s, coming(candidates, now_utc), rules)
    message = conflict_message(conflicts, display_zone=rules.zone) if conflicts else None
    return BookingPreview(tuple(conflicts), tuple(warnings), message)


def series_candidates(series: Series, now_utc: datetime) -> list[Appointment]:
    """A series' sessions from its first one until two years past now (or its start)."""
    first = wall_to_utc(series.dtstart_local, series.zone)
    return occurrences(series, first, max(first, now_utc) + checks.SERIES_HORIZON)


def coming(candidates: list[Appointment], now_utc: datetime | None) -> list[Appointment]:
    """The candidates licensure is checked for: one session, or a series' next year."""
    if len(candidates) <= 1:
        return candidates
    now = now_utc or utcnow()
    return [c for c in candidates if now <= c.start_utc < now + checks.LICENCE_HORIZON]


def book(
    sessions: sessionmaker[Session], draft: Appointment, *, allow_overlap: bool = False
) -> Booking:
    """Book a standalone session.

    Args:
        sessions: The store's sessionmaker.
        draft: The session (no id, no series); with no expected clients, every member of
            the unit on that day is expected.
        allow_overlap: The therapist overlaps their own sessions on purpose (audit-logged).

    Returns:
        The stored session, the licensure warnings accepted, and any overlaps overridden.

    Raises:
        DoubleBooking: It overlaps another session (without the override), or a client
            would be expected at two sessions at once (always).
        ValidationError: Someone expected is not a member of the unit, or similar.
    """
    if draft.id is not None or draft.series_id is not None:
        raise ValueError("book() stores new standalone sessions only")
    rules = checks.practice_rules(sessions)
    with sessions.begin() as s:
        value = checks.with_expected(s, clean_session(draft))
        overridden = checks.refuse_double_booking(s, [value], rules, allow_overlap=allow_overlap)
        warnings = checks.licence_warnings(s, [value], rules)
        stored = rows.insert_row(s, value, overlap_allowed=bool(overridden))
        assert stored.id is not None
        record(s, "appointment.book", entity="appointment", entity_id=stored.id,
               unit_id=stored.unit_id, telehealth_warnings=len(warnings))
        checks.log_overrides(s, overridden, entity="appointment", entity_id=stored.id)
    return Booking(stored, tuple(warnings), tuple(overridden))


def _store_change(s: Session, value: Appointment, series: Series | None,
                  overridden: list[Conflict]) -> Appointment:
    # A series booked over other sessions on purpose passes that on to the rows made for
    # its occurrences, so the store's same-start guard lets them be written too.
    inherited = False
    if value.id is None and series is not None and series.id is not None:
        inherited = rows.series_overlap_allowed(s, series.id)
    return rows.save_row(s, value, overlap_allowed=bool(overridden) or inherited)


def move_session(
    sessions: sessionmaker[Session], target: Target, new_start_utc: datetime, *,
    zone: str | None = None, allow_overlap: bool = False,
) -> Booking:
    """Move one session (standalone, or one occurrence of a series; the others stay).

    Args:
        sessions: The store's sessionmaker.
        target: The session.
        new_start_utc: Its new start (aware UTC).
        zone: The zone the move was made in (default: the session's).
        allow_overlap: Overlap the therapist's other sessions on purpose (audit-logged).

    Returns:
        The stored session and what was accepted.

    Raises:
        DoubleBooking: The new time overlaps (see ``book``).
        NotFound, NotAnOccurrence: No such session.
    """
    require_utc(new_start_utc)
    rules = checks.practice_rules(sessions)
    with sessions.begin() as s:
        current, series = resolve(s, target)
        if series is not None and current.recurrence_id is not None:
            moved = move_in_series(series, current.recurrence_id, new_start_utc,
                                   row=current if current.id else None, zone=zone)
        else:
            moved = replace(current, start_utc=new_start_utc, zone=zone or current.zone)
        moved = checks.with_expected(s, moved)
        overridden = checks.refuse_double_booking(s, [moved], rules, allow_overlap=allow_overlap)
        warnings = checks.licence_warnings(s, [moved], rules)
        stored = _store_change(s, moved, series, overridden)
        assert stored.id is not None
        record(s, "appointment.move", entity="appointment", entity_id=stored.id,
               series_id=stored.series_id)
        checks.log_overrides(s, overridden, entity="appointment", entity_id=stored.id)
    return Booking(stored, tuple(warnings), tuple(overridden))


# --- statuses and notes ----------------------------------------------------------------------

_AFTER_START = (SessionStatus.COMPLETED, SessionStatus.NO_SHOW)


def set_session_status(
    sessions: sessionmaker[Session], target: Target, status: SessionStatus,
    reason: str | None = None, *, allow_overlap: bool = False, now_utc: datetime | None = None,
) -> Appointment:
    """Record what became of a session: completed, cancelled, late cancel, no-show, or back.

    An occurrence of a series gets its own row, which keeps the status, the reason and
    any note from then on, whatever later happens to the series.

    Args:
        sessions: The store's sessionmaker.
        target: The session.
        status: Its new status.
        reason: Why (kept in the record, never exported).
        allow_overlap: When a called-off session is put back, overlap on purpose.
        now_utc: The present moment (for tests).

    Returns:
        The stored session.

    Raises:
        ValidationError: A session that has not started is marked completed or no-show.
        DoubleBooking: A called-off session is put back where its time is taken.
    """
    now = now_utc or utcnow()
    rules = checks.practice_rules(sessions)
    with sessions.begin() as s:
        current, series = resolve(s, target)
        if status in _AFTER_START and current.start_utc > now:
            word = "completed" if status is SessionStatus.COMPLETED else "a no-show"
            raise ValidationError(f"A session that has not started cannot be marked {word}.")
        changed = clean_session(replace(current, status=status, status_reason=reason))
        overridden: list[Conflict] = []
        if status.blocks_time and not current.status.blocks_time:
            overridden = checks.refuse_double_booking(s, [changed], rules,
                                                      allow_overlap=allow_overlap)
        stored = _store_change(s, changed, series, overridden)
        assert stored.id is not None
        record(s, "appointment.status", entity="appointment", entity_id=stored.id,
               status=status.value)
        checks.log_overrides(s, overridden, entity="appointment", entity_id=stored.id)
    if status is SessionStatus.COMPLETED and current.status is not SessionStatus.COMPLETED:
        # A held session creates its charge (issue 15); one the therapist must decide
        # first (no fee set, no identified client) waits in billing's uncharged list.
        charge_completed_session(sessions, stored.id)
    return stored


def complete_session(
    sessions: sessionmaker[Session], target: Target, *, now_utc: datetime | None = None
) -> Appointment:
    """Mark a session completed; it then waits in ``notes_due`` until its note is signed.

    Returns:
        The stored session (its id is what the progress note's ``appointment_id`` takes).
    """
    return set_session_status(sessions, target, SessionStatus.COMPLETED, now_utc=now_utc)


def notes_due(sessions: sessionmaker[Session], *, today: date) -> list[NoteDue]:
    """Completed sessions up to ``today`` whose progress note is not signed yet.

    Args:
        sessions: The store's sessionmaker.
        today: The last session date to include (on each session's own clock).

    Returns:
        Oldest first, each with its draft note if one was started.
    """
    with sessions.begin() as s:
        found = rows.completed_without_signed_note(s)
    return [NoteDue(appt, draft) for appt, draft in found if session_day(appt) <= today]
