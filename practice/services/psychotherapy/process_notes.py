"""Psychotherapy (process) notes: the therapist's private notes, apart from the record.

They are never signed into the record, never searched unless asked for, and never reach a
letter or an export: the modules that assemble those do not import this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.models.audit import AuditEntry
from practice.models.psychotherapy import PsychotherapyNote
from practice.services.common import load, utcnow
from practice.services.units import unit_view
from practice.store.audit import record
from practice.text.keys import clean_prose, index_text

MAX_CHARS = 100_000


@dataclass(frozen=True)
class PsychotherapyNoteView:
    """A private process note."""

    id: int
    unit_id: int
    session_date: date
    appointment_id: int | None
    body: str
    created_at: datetime
    updated_at: datetime


def _view(row: PsychotherapyNote) -> PsychotherapyNoteView:
    return PsychotherapyNoteView(row.id, row.unit_id, row.session_date, row.appointment_id,
                                 row.body, row.created_at, row.updated_at)


def create_psychotherapy_note(
    sessions: sessionmaker[Session], unit_id: int, session_date: date, body: str = "", *,
    appointment_id: int | None = None,
) -> PsychotherapyNoteView:
    """Open a private process note for a session of a unit.

    Raises:
        ValidationError: Text too long or unstorable.
        NotFound: No such unit.
    """
    text = clean_prose(body, "Psychotherapy note", max_len=MAX_CHARS)
    with sessions.begin() as s:
        unit_view(s, unit_id)
        now = utcnow()
        row = PsychotherapyNote(unit_id=unit_id, session_date=session_date,
                                appointment_id=appointment_id, body=text,
                                search_text=index_text(text), created_at=now, updated_at=now)
        s.add(row)
        s.flush()
        record(s, "psychotherapy_note.create", entity="psychotherapy_note", entity_id=row.id)
        return _view(row)


def save_psychotherapy_note(
    sessions: sessionmaker[Session], note_id: int, body: str
) -> datetime:
    """Save the typed text of a process note (cheap; call it often).

    Raises:
        ValidationError: Text too long or unstorable.
        NotFound: No such note.
    """
    text = clean_prose(body, "Psychotherapy note", max_len=MAX_CHARS)
    with sessions.begin() as s:
        row = load(s, PsychotherapyNote, note_id, "psychotherapy note")
        row.body, row.search_text, row.updated_at = text, index_text(text), utcnow()
        last = s.execute(select(AuditEntry.action, AuditEntry.entity_id)
                         .order_by(AuditEntry.seq.desc()).limit(1)).first()
        if last is None or tuple(last) != ("psychotherapy_note.save", note_id):
            record(s, "psychotherapy_note.save", entity="psychotherapy_note", entity_id=note_id)
        return row.updated_at


def get_psychotherapy_note(
    sessions: sessionmaker[Session], note_id: int
) -> PsychotherapyNoteView:
    """Open one process note (the opening is audited).

    Raises:
        NotFound: No such note.
    """
    with sessions.begin() as s:
        view = _view(load(s, PsychotherapyNote, note_id, "psychotherapy note"))
        record(s, "psychotherapy_note.view", entity="psychotherapy_note", entity_id=note_id)
        return view


def list_psychotherapy_notes(
    sessions: sessionmaker[Session], unit_id: int
) -> tuple[PsychotherapyNoteView, ...]:
    """A unit's process notes, newest session first."""
    stmt = select(PsychotherapyNote).where(PsychotherapyNote.unit_id == unit_id).order_by(
        PsychotherapyNote.session_date.desc(), PsychotherapyNote.id.desc())
    with sessions.begin() as s:
        return tuple(_view(r) for r in s.scalars(stmt))


def delete_psychotherapy_note(sessions: sessionmaker[Session], note_id: int) -> None:
    """Destroy a process note (they are the therapist's own and may be destroyed).

    Raises:
        NotFound: No such note.
    """
    with sessions.begin() as s:
        s.delete(load(s, PsychotherapyNote, note_id, "psychotherapy note"))
        record(s, "psychotherapy_note.delete", entity="psychotherapy_note", entity_id=note_id)
