"""No double booking: a session may not overlap another of the therapist's, nor a client's.

Rules (the practice is one therapist, so every session is the therapist's):

* Two sessions overlap when each starts before the other ends; back-to-back sessions
  (one ends as the next starts) do not.
* Only scheduled and completed sessions hold time. Cancelled, late-cancelled and no-show
  sessions neither block a booking nor are blocked (``SessionStatus.blocks_time``).
* An overlap with another session of the therapist's is refused unless the therapist
  overrides it on purpose; the refused conflicts are then returned so the caller can log
  them (by id, never by name).
* A client expected at two overlapping sessions is refused even with the override: one
  person cannot be in two sessions at once.

Messages name the other session by unit id and time on the therapist's clock, never by a
client's name.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from practice.errors import ScheduleConflict
from practice.schedule.model import Appointment, Series
from practice.schedule.recurrence import occurrences
from practice.schedule.timezones import format_span


@dataclass(frozen=True, slots=True)
class Conflict:
    """One session that collides with another.

    Attributes:
        session: The session being booked (one occurrence, for a series).
        other: The session it collides with.
        shared_client_ids: Clients expected at both (empty: only the therapist's time).
    """

    session: Appointment
    other: Appointment
    shared_client_ids: frozenset[int]

    @property
    def client_double_booked(self) -> bool:
        """Whether a client would be expected at both sessions (never overridable)."""
        return bool(self.shared_client_ids)


class DoubleBooking(ScheduleConflict):
    """A booking was refused; ``conflicts`` holds every collision found, in time order."""

    def __init__(self, message: str, conflicts: Sequence[Conflict]) -> None:
        super().__init__(message)
        self.conflicts = tuple(conflicts)


class _Timeline:
    """Blocking sessions sorted by start, for finding overlaps by bisection."""

    def __init__(self, existing: Iterable[Appointment]) -> None:
        self.sessions = sorted(
            (s for s in existing if s.status.blocks_time), key=lambda s: s.start_utc
        )
        self.starts = [s.start_utc for s in self.sessions]
        self.longest = max((s.end_utc - s.start_utc for s in self.sessions), default=None)

    def overlapping(self, candidate: Appointment) -> list[Appointment]:
        if self.longest is None or not candidate.status.blocks_time:
            return []
        low = bisect_left(self.starts, candidate.start_utc - self.longest)
        high = bisect_left(self.starts, candidate.end_utc)
        return [
            other
            for other in self.sessions[low:high]
            if other.overlaps(candidate) and not other.is_same_session(candidate)
        ]


def _conflicts_of(candidate: Appointment, timeline: _Timeline) -> list[Conflict]:
    return [
        Conflict(candidate, other, candidate.expected_client_ids & other.expected_client_ids)
        for other in timeline.overlapping(candidate)
    ]


def find_conflicts(
    candidate: Appointment | Iterable[Appointment], existing: Iterable[Appointment]
) -> list[Conflict]:
    """Every collision of one or more sessions being booked with the sessions already there.

    Args:
        candidate: The session being booked or changed, or several (a series' sessions).
            A session is never in conflict with itself (same row or same occurrence).
        existing: The sessions already booked around that time: rows and series
            occurrences (see ``recurrence.sessions_between``).

    Returns:
        The conflicts, in order of the candidate's start, then the other's.
    """
    candidates = [candidate] if isinstance(candidate, Appointment) else list(candidate)
    timeline = _Timeline(existing)
    found = [c for one in candidates for c in _conflicts_of(one, timeline)]
    found.sort(key=lambda c: (c.session.start_utc, c.other.start_utc, c.other.unit_id))
    return found


def find_series_conflicts(
    series: Series, existing: Iterable[Appointment], *, start_utc: datetime, end_utc: datetime
) -> list[Conflict]:
    """Collisions of a series' sessions in a window (a new series, or one being changed).

    Args:
        series: The series being booked or changed.
        existing: The sessions already booked in the window. Those that this series
            replaces (its own occurrences, and its rows' occurrences) are left out.
        start_utc: Window start (aware UTC); a series without end is checked this far.
        end_utc: Window end (aware UTC).

    Returns:
        The conflicts, in time order.
    """
    own = occurrences(series, start_utc, end_utc)
    others = existing
    if series.id is not None:
        others = [s for s in existing if not (s.series_id == series.id and s.id is None)]
    return find_conflicts(own, others)


def _describe(conflict: Conflict, zone: str, several_sessions: bool) -> str:
    other = conflict.other
    when = format_span(other.start_utc, other.end_utc, zone)
    subject = "This session"
    if several_sessions:
        session = conflict.session
        subject = f"The session on {format_span(session.start_utc, session.end_utc, zone)}"
    if conflict.client_double_booked:
        return (
            f"{subject} expects a client who is already expected at the session for "
            f"unit {other.unit_id} on {when}."
        )
    return f"{subject} overlaps the session for unit {other.unit_id} on {when}."


def conflict_message(conflicts: Sequence[Conflict], *, display_zone: str) -> str:
    """A message for the therapist naming the first conflict and counting the rest.

    Args:
        conflicts: At least one conflict.
        display_zone: The therapist's IANA zone.

    Returns:
        One or two sentences, with unit ids and times only.
    """
    several = len({c.session.start_utc for c in conflicts}) > 1
    first = next((c for c in conflicts if c.client_double_booked), conflicts[0])
    message = _describe(first, display_zone, several)
    if len(conflicts) > 1:
        message += f" {len(conflicts) - 1} other overlap{'s' if len(conflicts) > 2 else ''} found."
    return message


def check_no_double_booking(
    candidate: Appointment | Iterable[Appointment],
    existing: Iterable[Appointment],
    *,
    display_zone: str,
    allow_overlap: bool = False,
) -> list[Conflict]:
    """Refuse a booking that double-books; with the override, return what was overridden.

    Args:
        candidate: The session being booked or changed, or a series' sessions.
        existing: The sessions already booked around that time.
        display_zone: The therapist's IANA zone, for the message.
        allow_overlap: The therapist chose to overlap their own sessions on purpose.

    Returns:
        The overlaps the override let through (empty without one), for the caller to log.

    Raises:
        DoubleBooking: A client would be expected at two overlapping sessions, or the
            therapist's time overlaps and ``allow_overlap`` is false.
    """
    conflicts = find_conflicts(candidate, existing)
    refused = [c for c in conflicts if c.client_double_booked or not allow_overlap]
    if refused:
        raise DoubleBooking(conflict_message(refused, display_zone=display_zone), refused)
    return conflicts
