"""Drafting a progress note: starting it, saving sections as typed, its header, deleting a draft."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import SignedNoteImmutable, ValidationError
from practice.models.audit import AuditEntry
from practice.models.notes import (
    NoteAttendee,
    NoteDiagnosis,
    NoteProcedure,
    NoteSection,
    ProgressNote,
)
from practice.services.common import load, utcnow
from practice.services.notes.views import (
    MAX_SECTION_CHARS,
    NOTE_FORMATS,
    RISK_LEVELS,
    SECTION_LABELS,
    SIGNED_NOTE_MESSAGE,
    NoteFormat,
    NoteHeader,
    NoteView,
    allowed_sections,
    note_view,
)
from practice.services.units import unit_view
from practice.store.audit import record
from practice.text.keys import clean_prose, index_text


def editable_draft(session: Session, note_id: int) -> ProgressNote:
    """Load a note for editing, refusing a signed one."""
    note = load(session, ProgressNote, note_id, "note")
    if note.status == "signed":
        raise SignedNoteImmutable(SIGNED_NOTE_MESSAGE)
    return note


def _check_format(value: str) -> NoteFormat:
    if value not in NOTE_FORMATS:
        raise ValidationError("Note format must be SOAP, DAP, BIRP or free.")
    return value


def _check_header(header: NoteHeader, today: date) -> None:
    _check_format(header.format)
    if header.risk_level is not None and header.risk_level not in RISK_LEVELS:
        raise ValidationError("Risk must be none, low, moderate or high.")
    if header.session_date > today + timedelta(days=1):
        raise ValidationError("Session date is in the future.")


def check_attendees(
    session: Session, unit_id: int, session_date: date, attendee_ids: Sequence[int] | None
) -> tuple[int, ...]:
    """The attendees of a session, each checked to be a member of the unit on that day."""
    members = {m.client_id for m in unit_view(session, unit_id).members_on(session_date)}
    if not members:
        raise ValidationError("Nobody was a member of the unit on the session date.")
    chosen = tuple(sorted(members if attendee_ids is None else set(attendee_ids)))
    if not chosen:
        raise ValidationError("A note needs at least one attendee.")
    if not set(chosen) <= members:
        raise ValidationError("Every attendee must be a member of the unit on the session date.")
    return chosen


def start_note(
    sessions: sessionmaker[Session], unit_id: int, header: NoteHeader, *,
    attendee_ids: Sequence[int] | None = None, today: date | None = None,
) -> NoteView:
    """Open a draft note for a session of a unit.

    Args:
        sessions: The store's sessionmaker.
        unit_id: The unit whose session this records.
        header: Session date, format, risk and appointment.
        attendee_ids: Who attended; by default every member on the session date.
        today: Today's date (for tests).

    Returns:
        The empty draft.

    Raises:
        ValidationError: Unknown format or risk level, a future date, or an attendee who
            was not a member of the unit on the session date.
        NotFound: No such unit.
    """
    _check_header(header, today or date.today())
    with sessions.begin() as s:
        chosen = check_attendees(s, unit_id, header.session_date, attendee_ids)
        now = utcnow()
        note = ProgressNote(
            unit_id=unit_id, session_date=header.session_date, format=header.format,
            status="draft", risk_level=header.risk_level, appointment_id=header.appointment_id,
            created_at=now, updated_at=now,
        )
        s.add(note)
        s.flush()
        s.add_all(NoteAttendee(note_id=note.id, client_id=c) for c in chosen)
        s.flush()
        record(s, "note.create", entity="note", entity_id=note.id, unit_id=unit_id)
        return note_view(s, note.id)


def check_new_note(
    sessions: sessionmaker[Session], unit_id: int, header: NoteHeader, *,
    attendee_ids: Sequence[int] | None = None, today: date | None = None,
) -> None:
    """Say whether ``start_note`` would accept this note, without writing anything.

    For callers that must change something else first (marking a session completed) and
    must not leave that change behind when the note would be refused.

    Raises:
        ValidationError: As ``start_note`` would.
        NotFound: No such unit.
    """
    _check_header(header, today or date.today())
    with sessions() as s:
        check_attendees(s, unit_id, header.session_date, attendee_ids)


def save_draft(
    sessions: sessionmaker[Session], note_id: int, sections: Mapping[str, str]
) -> datetime:
    """Save the typed text of some sections of a draft, in one small transaction.

    Cheap enough to call every few seconds while the therapist types: only the sections
    given are written, and consecutive saves of one draft share one audit entry.

    Args:
        sessions: The store's sessionmaker.
        note_id: The draft.
        sections: Section key to full text (e.g. ``{"assessment": "..."}``).

    Returns:
        When the draft was saved.

    Raises:
        SignedNoteImmutable: The note is signed.
        ValidationError: A section the note's format does not have, or text too long.
        NotFound: No such note.
    """
    texts = {k: clean_prose(v, SECTION_LABELS.get(k, "Section"), max_len=MAX_SECTION_CHARS)
             for k, v in sections.items()}
    with sessions.begin() as s:
        note = editable_draft(s, note_id)
        _check_section_keys(note.format, texts)  # type: ignore[arg-type]
        now = utcnow()
        if texts:
            _upsert_sections(s, note_id, texts)
        s.execute(update(ProgressNote).where(ProgressNote.id == note_id).values(updated_at=now))
        audit_draft_save(s, "note.draft_save", "note", note_id)
        return now


def _check_section_keys(note_format: NoteFormat, keys: Iterable[str]) -> None:
    allowed = allowed_sections(note_format)
    if any(k not in allowed for k in keys):
        raise ValidationError("This note's format has no such section.")


def _upsert_sections(session: Session, note_id: int, texts: Mapping[str, str]) -> None:
    stmt = sqlite_insert(NoteSection).values([
        {"note_id": note_id, "key": k, "body": v, "search_text": index_text(v)}
        for k, v in texts.items()
    ])
    stmt = stmt.on_conflict_do_update(
        index_elements=["note_id", "key"],
        set_={"body": stmt.excluded.body, "search_text": stmt.excluded.search_text},
    )
    session.execute(stmt)


def audit_draft_save(session: Session, action: str, entity: str, entity_id: int) -> None:
    """Audit a draft save, once per run of saves rather than once per keystroke pause."""
    # A draft is saved every few seconds while typing: one entry per run of saves is enough.
    last = session.execute(
        select(AuditEntry.action, AuditEntry.entity_id).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    if last is None or (last.action, last.entity_id) != (action, entity_id):
        record(session, action, entity=entity, entity_id=entity_id)


def update_header(
    sessions: sessionmaker[Session], note_id: int, header: NoteHeader, *,
    today: date | None = None,
) -> NoteView:
    """Change a draft's date, format, risk level or appointment.

    Raises:
        SignedNoteImmutable: The note is signed.
        ValidationError: Bad values; a format change that would drop written sections; a
            date on which an attendee was not a member.
        NotFound: No such note.
    """
    _check_header(header, today or date.today())
    with sessions.begin() as s:
        note = editable_draft(s, note_id)
        written = s.scalars(select(NoteSection).where(NoteSection.note_id == note_id)).all()
        allowed = allowed_sections(header.format)
        if any(sec.key not in allowed and sec.body.strip() for sec in written):
            raise ValidationError("The new format lacks sections that hold text; clear them first.")
        for sec in written:
            if sec.key not in allowed:
                s.delete(sec)
        attendees = s.scalars(select(NoteAttendee.client_id).where(NoteAttendee.note_id == note_id))
        check_attendees(s, note.unit_id, header.session_date, list(attendees))
        note.session_date, note.format = header.session_date, header.format
        note.risk_level, note.appointment_id = header.risk_level, header.appointment_id
        note.updated_at = utcnow()
        record(s, "note.header", entity="note", entity_id=note_id)
        s.flush()
        return note_view(s, note_id)



def delete_draft(sessions: sessionmaker[Session], note_id: int) -> None:
    """Throw away a draft note.

    Raises:
        SignedNoteImmutable: The note is signed (signed notes are never deleted).
        NotFound: No such note.
    """
    with sessions.begin() as s:
        editable_draft(s, note_id)
        for table in (NoteSection, NoteDiagnosis, NoteProcedure, NoteAttendee):
            s.execute(delete(table).where(table.note_id == note_id))
        s.execute(delete(ProgressNote).where(ProgressNote.id == note_id))
        record(s, "note.delete_draft", entity="note", entity_id=note_id)


# --- signing ------------------------------------------------------------------------------
