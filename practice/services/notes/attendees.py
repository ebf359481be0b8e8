"""Who attended a session and what was billed and diagnosed: a draft note's attendees and codes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.notes import (
    NoteAttendee,
    NoteDiagnosis,
    NoteProcedure,
)
from practice.services.common import utcnow
from practice.services.notes import codes
from practice.services.notes.drafting import check_attendees, editable_draft
from practice.services.notes.views import NoteView, note_view
from practice.store.audit import record


def set_attendees(
    sessions: sessionmaker[Session], note_id: int, client_ids: Sequence[int]
) -> NoteView:
    """Replace who attended a draft's session (diagnoses of removed attendees go with them).

    Raises:
        SignedNoteImmutable: The note is signed.
        ValidationError: Nobody, or someone not a member of the unit on the session date.
        NotFound: No such note.
    """
    with sessions.begin() as s:
        note = editable_draft(s, note_id)
        chosen = check_attendees(s, note.unit_id, note.session_date, client_ids)
        s.execute(delete(NoteAttendee).where(
            NoteAttendee.note_id == note_id, NoteAttendee.client_id.not_in(chosen)))
        present = set(s.scalars(select(NoteAttendee.client_id).where(
            NoteAttendee.note_id == note_id)))
        s.add_all(NoteAttendee(note_id=note_id, client_id=c) for c in chosen if c not in present)
        note.updated_at = utcnow()
        record(s, "note.attendees", entity="note", entity_id=note_id, count=len(chosen))
        s.flush()
        return note_view(s, note_id)


def set_codes(
    sessions: sessionmaker[Session], note_id: int, *,
    diagnoses: Sequence[tuple[int, str]] = (), procedures: Sequence[str] = (),
) -> NoteView:
    """Replace a draft's diagnosis codes (each given to one attendee) and procedure codes.

    Args:
        sessions: The store's sessionmaker.
        note_id: The draft.
        diagnoses: (client id, ICD-10-CM code) pairs, in order of importance per client.
        procedures: CPT codes, primary code first.

    Returns:
        The updated draft.

    Raises:
        SignedNoteImmutable: The note is signed.
        ValidationError: A malformed code, a repeated one, or a diagnosis for someone who
            did not attend.
        NotFound: No such note.
    """
    dx = [(client_id, codes.check_diagnosis(code).code) for client_id, code in diagnoses]
    px = [codes.check_procedure(code).code for code in procedures]
    if len(set(dx)) != len(dx) or len(set(px)) != len(px):
        raise ValidationError("A code is listed twice.")
    with sessions.begin() as s:
        note = editable_draft(s, note_id)
        attendees = set(s.scalars(select(NoteAttendee.client_id).where(
            NoteAttendee.note_id == note_id)))
        if any(client_id not in attendees for client_id, _ in dx):
            raise ValidationError("A diagnosis can only be given to someone who attended.")
        s.execute(delete(NoteDiagnosis).where(NoteDiagnosis.note_id == note_id))
        s.execute(delete(NoteProcedure).where(NoteProcedure.note_id == note_id))
        s.add_all(NoteDiagnosis(note_id=note_id, client_id=c, code=code, position=i)
                  for i, (c, code) in enumerate(dx))
        s.add_all(NoteProcedure(note_id=note_id, code=code, position=i)
                  for i, code in enumerate(px))
        note.updated_at = utcnow()
        record(s, "note.codes", entity="note", entity_id=note_id, diagnoses=len(dx),
               procedures=len(px))
        s.flush()
        return note_view(s, note_id)
