"""Writing a session's progress note from the schedule: the note knows its session.

Read on the worker: the session is marked completed if it was still only scheduled (a
note says it took place), the note already begun for it is reused, and a new one starts
on the session's day with the clients expected at it as attendees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from practice.schedule.model import SessionStatus
from practice.schedule.timezones import to_local

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.schedule.model import Appointment

NOTE_STATUSES = frozenset({SessionStatus.SCHEDULED, SessionStatus.COMPLETED,
                           SessionStatus.NO_SHOW})
"""Sessions a note can be written for: a called-off session has nothing to record."""


@dataclass(frozen=True)
class SessionNote:
    """The note to open, and the client whose chart it sits in."""

    note_id: int
    client_id: int


def note_for_session(sessions: sessionmaker[Session], session: Appointment, zone: str
                     ) -> SessionNote:
    """The session's progress note: the one begun already, or a new draft (worker).

    Args:
        sessions: The store's sessionmaker.
        session: The session chosen on the grid (a stored row or a series occurrence).
        zone: The therapist's zone, whose calendar day the note is dated.

    Returns:
        The note and the first attendee (whose chart the note is opened from).

    Raises:
        ValidationError: The session has not started yet, or the core refuses the note.
    """
    from practice.services.notes import (
        NOTE_FORMATS,
        NoteHeader,
        check_new_note,
        get_note,
        note_for_appointment,
        start_note,
    )
    from practice.services.schedule import SessionRef, complete_session

    stored = session
    if session.status is SessionStatus.SCHEDULED:
        # Asked first: a session marked completed with the note then refused would say it
        # took place with nothing to show for it.
        day = to_local(session.start_utc, zone).date()
        check_new_note(sessions, session.unit_id, NoteHeader(day, NOTE_FORMATS[0], None, None),
                       attendee_ids=sorted(session.expected_client_ids) or None)
        stored = complete_session(sessions, SessionRef.of(session))
    assert stored.id is not None
    note_id = note_for_appointment(sessions, stored.id)
    if note_id is None:
        day = to_local(stored.start_utc, zone).date()
        header = NoteHeader(day, NOTE_FORMATS[0], None, stored.id)
        attendees = sorted(stored.expected_client_ids) or None
        note_id = start_note(sessions, stored.unit_id, header, attendee_ids=attendees).id
    first = get_note(sessions, note_id).attendees[0].client_id
    return SessionNote(note_id, first)
