"""Addenda: the only way to correct a signed note, each signed and hashed in its turn."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from practice.errors import SignedNoteImmutable, ValidationError
from practice.models.notes import (
    Addendum,
    ProgressNote,
)
from practice.services.common import load, utcnow
from practice.services.notes.drafting import audit_draft_save
from practice.services.notes.hashing import canonical_addendum, sha256_hex
from practice.services.notes.views import (
    MAX_SECTION_CHARS,
    AddendumView,
    NoteNotSigned,
    addendum_view,
)
from practice.store.audit import record
from practice.text.keys import clean_line, clean_prose, index_text


def addendum_hash(row: Addendum, note_hash: str) -> str:
    """The hash of a signed addendum, chained to the hash of the note it corrects."""
    assert row.signed_by is not None and row.signed_at is not None
    return sha256_hex(canonical_addendum(
        addendum_id=row.id, note_id=row.note_id, note_hash=note_hash, body=row.body,
        signed_by=row.signed_by, signed_at=row.signed_at,
    ))


def _signed_note(session: Session, note_id: int) -> ProgressNote:
    note = load(session, ProgressNote, note_id, "note")
    if note.status != "signed":
        raise NoteNotSigned("Only a signed note takes addenda; a draft can still be edited.")
    return note


def start_addendum(sessions: sessionmaker[Session], note_id: int) -> AddendumView:
    """Open a draft addendum on a signed note.

    Raises:
        NoteNotSigned: The note is a draft.
        NotFound: No such note.
    """
    with sessions.begin() as s:
        _signed_note(s, note_id)
        now = utcnow()
        row = Addendum(note_id=note_id, status="draft", body="", search_text="",
                       created_at=now, updated_at=now)
        s.add(row)
        s.flush()
        record(s, "addendum.create", entity="addendum", entity_id=row.id, note_id=note_id)
        return addendum_view(row)


def _draft_addendum(session: Session, addendum_id: int) -> Addendum:
    row = load(session, Addendum, addendum_id, "addendum")
    if row.status == "signed":
        raise SignedNoteImmutable("This addendum is signed and can no longer be changed.")
    return row


def save_addendum_draft(sessions: sessionmaker[Session], addendum_id: int, text: str) -> datetime:
    """Save the typed text of a draft addendum (cheap; call it often).

    Raises:
        SignedNoteImmutable: The addendum is signed.
        ValidationError: Text too long or unstorable.
        NotFound: No such addendum.
    """
    body = clean_prose(text, "Addendum", max_len=MAX_SECTION_CHARS)
    with sessions.begin() as s:
        row = _draft_addendum(s, addendum_id)
        row.body, row.search_text, row.updated_at = body, index_text(body), utcnow()
        audit_draft_save(s, "addendum.draft_save", "addendum", addendum_id)
        return row.updated_at


def _sign_addendum_row(session: Session, row: Addendum, signer: str, now: datetime | None) -> None:
    if not row.body.strip():
        raise ValidationError("An addendum must have some text before it is signed.")
    note = _signed_note(session, row.note_id)
    row.signed_at = (now or utcnow()).replace(microsecond=0)
    row.signed_by, row.status, row.updated_at = signer, "signed", row.signed_at
    row.content_hash = addendum_hash(row, note.content_hash or "")
    record(session, "addendum.sign", entity="addendum", entity_id=row.id, note_id=row.note_id)


def sign_addendum(
    sessions: sessionmaker[Session], addendum_id: int, *, signed_by: str,
    now: datetime | None = None,
) -> AddendumView:
    """Sign a draft addendum; its hash also covers the note's hash.

    Raises:
        SignedNoteImmutable: Already signed.
        ValidationError: No signer or no text.
        NotFound: No such addendum.
    """
    signer = clean_line(signed_by, "Signed by", max_len=200, required=True) or ""
    with sessions.begin() as s:
        row = _draft_addendum(s, addendum_id)
        _sign_addendum_row(s, row, signer, now)
        s.flush()
        return addendum_view(row)


def add_addendum(
    sessions: sessionmaker[Session], note_id: int, text: str, *, signed_by: str,
    now: datetime | None = None,
) -> AddendumView:
    """Write and sign an addendum to a signed note in one step.

    Args:
        sessions: The store's sessionmaker.
        note_id: The signed note it corrects.
        text: The correction.
        signed_by: The signer.
        now: The signing time (for tests).

    Returns:
        The signed addendum.

    Raises:
        NoteNotSigned: The note is a draft: edit it instead.
        ValidationError: No signer or no text.
        NotFound: No such note.
    """
    body = clean_prose(text, "Addendum", max_len=MAX_SECTION_CHARS)
    signer = clean_line(signed_by, "Signed by", max_len=200, required=True) or ""
    with sessions.begin() as s:
        _signed_note(s, note_id)
        created = utcnow()
        row = Addendum(note_id=note_id, status="draft", body=body, search_text=index_text(body),
                       created_at=created, updated_at=created)
        s.add(row)
        s.flush()
        _sign_addendum_row(s, row, signer, now)
        s.flush()
        return addendum_view(row)


def delete_addendum_draft(sessions: sessionmaker[Session], addendum_id: int) -> None:
    """Throw away a draft addendum.

    Raises:
        SignedNoteImmutable: The addendum is signed.
        NotFound: No such addendum.
    """
    with sessions.begin() as s:
        row = _draft_addendum(s, addendum_id)
        s.delete(row)
        record(s, "addendum.delete_draft", entity="addendum", entity_id=addendum_id)
