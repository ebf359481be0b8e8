"""Signing a progress note: the canonical bytes, their hash, and checking it again later."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.notes import (
    Addendum,
    NoteAttendee,
    NoteDiagnosis,
    NoteProcedure,
    NoteSection,
    ProgressNote,
)
from practice.services.common import load, utcnow
from practice.services.notes.addenda import addendum_hash
from practice.services.notes.drafting import editable_draft
from practice.services.notes.hashing import canonical_note, sha256_hex
from practice.services.notes.views import NoteView, note_view
from practice.store.audit import record
from practice.text.keys import clean_line


def _note_bytes(session: Session, note: ProgressNote, signed_by: str, signed_at: datetime) -> bytes:
    sections = {key: body for key, body in session.execute(
        select(NoteSection.key, NoteSection.body).where(NoteSection.note_id == note.id)
    )}
    attendee_ids = session.scalars(
        select(NoteAttendee.client_id).where(NoteAttendee.note_id == note.id)
    )
    dx = session.execute(select(NoteDiagnosis.client_id, NoteDiagnosis.code,
                                NoteDiagnosis.position).where(NoteDiagnosis.note_id == note.id))
    px = session.execute(select(NoteProcedure.code, NoteProcedure.position)
                         .where(NoteProcedure.note_id == note.id))
    return canonical_note(
        note_id=note.id, unit_id=note.unit_id, session_date=note.session_date,
        appointment_id=note.appointment_id, note_format=note.format, risk_level=note.risk_level,
        sections=sections, attendee_ids=list(attendee_ids), diagnoses=[tuple(r) for r in dx],
        procedures=[tuple(r) for r in px], signed_by=signed_by, signed_at=signed_at,
    )


def sign_note(
    sessions: sessionmaker[Session], note_id: int, *, signed_by: str,
    now: datetime | None = None,
) -> NoteView:
    """Sign a draft: record who and when, and the SHA-256 of its canonical content.

    Args:
        sessions: The store's sessionmaker.
        note_id: The draft.
        signed_by: The signer's name and credentials as they sign.
        now: The signing time (for tests); the current time by default.

    Returns:
        The signed note, fixed from now on.

    Raises:
        SignedNoteImmutable: Already signed.
        ValidationError: No signer, or a note with no text.
        NotFound: No such note.
    """
    signer = clean_line(signed_by, "Signed by", max_len=200, required=True) or ""
    with sessions.begin() as s:
        note = editable_draft(s, note_id)
        bodies = s.scalars(select(NoteSection.body).where(NoteSection.note_id == note_id))
        if not any(b.strip() for b in bodies):
            raise ValidationError("A note must have some text before it is signed.")
        signed_at = (now or utcnow()).replace(microsecond=0)
        digest = sha256_hex(_note_bytes(s, note, signer, signed_at))
        note.status, note.signed_by, note.signed_at = "signed", signer, signed_at
        note.content_hash, note.updated_at = digest, signed_at
        record(s, "note.sign", entity="note", entity_id=note_id)
        s.flush()
        return note_view(s, note_id)


def verify_note(sessions: sessionmaker[Session], note_id: int) -> bool:
    """Recompute the hashes of a signed note and its signed addenda and compare.

    Returns:
        True when the note and every signed addendum match their stored hashes.

    Raises:
        ValidationError: The note is a draft (there is nothing to verify).
        NotFound: No such note.
    """
    with sessions.begin() as s:
        note = load(s, ProgressNote, note_id, "note")
        if note.status != "signed" or note.signed_at is None or note.signed_by is None:
            raise ValidationError("Only a signed note can be verified.")
        ok = sha256_hex(_note_bytes(s, note, note.signed_by, note.signed_at)) == note.content_hash
        for add in s.scalars(select(Addendum).where(Addendum.note_id == note_id,
                                                    Addendum.status == "signed")):
            ok = ok and addendum_hash(add, note.content_hash or "") == add.content_hash
        return ok


# --- addenda ------------------------------------------------------------------------------
