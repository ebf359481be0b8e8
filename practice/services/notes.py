"""Progress notes: drafts saved as typed, signing with a content hash, and addenda.

A signed note never changes: the services refuse, and so do the store's triggers for anyone
writing SQL directly. Corrections are addenda, signed and hashed in their turn, and every
view of a note carries its addenda with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, get_args

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import SignedNoteImmutable, ValidationError
from practice.models.audit import AuditEntry
from practice.models.clients import Client
from practice.models.notes import (
    Addendum,
    NoteAttendee,
    NoteDiagnosis,
    NoteProcedure,
    NoteSection,
    ProgressNote,
)
from practice.services import codes
from practice.services.audit import record
from practice.services.common import load, utcnow
from practice.services.hashing import canonical_addendum, canonical_note, sha256_hex
from practice.services.text import clean_line, clean_prose, index_text
from practice.services.units import unit_view

NoteFormat = Literal["soap", "dap", "birp", "free"]
NoteStatus = Literal["draft", "signed"]
RiskLevel = Literal["none", "low", "moderate", "high"]
NOTE_FORMATS: tuple[NoteFormat, ...] = get_args(NoteFormat)
RISK_LEVELS: tuple[RiskLevel, ...] = get_args(RiskLevel)

FORMAT_SECTIONS: dict[NoteFormat, tuple[str, ...]] = {
    "soap": ("subjective", "objective", "assessment", "plan"),
    "dap": ("data", "assessment", "plan"),
    "birp": ("behavior", "intervention", "response", "plan"),
    "free": ("body",),
}
# Every format may also carry a risk section.
EXTRA_SECTIONS: tuple[str, ...] = ("risk",)
SECTION_LABELS: dict[str, str] = {
    "subjective": "Subjective", "objective": "Objective", "assessment": "Assessment",
    "plan": "Plan", "data": "Data", "behavior": "Behavior", "intervention": "Intervention",
    "response": "Response", "body": "Note", "risk": "Risk",
}
MAX_SECTION_CHARS = 100_000
_SIGNED = (
    "This note is signed and can no longer be changed. Add an addendum to correct it."
)


class NoteNotSigned(ValidationError):
    """An addendum was asked for on a draft (a draft is simply edited)."""


@dataclass(frozen=True)
class Section:
    """One section of a note, in its format's order."""

    key: str
    label: str
    body: str


@dataclass(frozen=True)
class Attendee:
    """A client who attended the session."""

    client_id: int
    display_name: str


@dataclass(frozen=True)
class Diagnosis:
    """An ICD-10-CM code given to one attendee."""

    client_id: int
    code: str
    description: str | None


@dataclass(frozen=True)
class Procedure:
    """A CPT code billed for the session."""

    code: str
    description: str | None


@dataclass(frozen=True)
class Signature:
    """Who signed, when, and the SHA-256 of the canonical content."""

    signed_by: str
    signed_at: datetime
    content_hash: str


@dataclass(frozen=True)
class AddendumView:
    """A correction appended to a signed note."""

    id: int
    note_id: int
    body: str
    created_at: datetime
    signature: Signature | None

    @property
    def is_signed(self) -> bool:
        """Whether the addendum is signed (and so fixed)."""
        return self.signature is not None


@dataclass(frozen=True)
class NoteHeader:
    """The parts of a draft note besides its text, attendees and codes."""

    session_date: date
    format: NoteFormat
    risk_level: RiskLevel | None = None
    appointment_id: int | None = None


@dataclass(frozen=True)
class NoteView:
    """A progress note as the record shows it: the original, then its addenda."""

    id: int
    unit_id: int
    header: NoteHeader
    status: NoteStatus
    sections: tuple[Section, ...]
    attendees: tuple[Attendee, ...]
    diagnoses: tuple[Diagnosis, ...]
    procedures: tuple[Procedure, ...]
    signature: Signature | None
    addenda: tuple[AddendumView, ...]
    created_at: datetime
    updated_at: datetime

    @property
    def is_signed(self) -> bool:
        """Whether the note is signed (and so fixed)."""
        return self.status == "signed"

    @property
    def is_joint(self) -> bool:
        """Whether more than one client attended."""
        return len(self.attendees) > 1

    def section(self, key: str) -> str:
        """The text of one section ("" when empty)."""
        return next((s.body for s in self.sections if s.key == key), "")


@dataclass(frozen=True)
class NoteSummary:
    """A row of a note list."""

    id: int
    unit_id: int
    session_date: date
    format: NoteFormat
    status: NoteStatus
    attendee_ids: tuple[int, ...]


def allowed_sections(note_format: NoteFormat) -> tuple[str, ...]:
    """The section keys a note of this format may hold, in display order."""
    return FORMAT_SECTIONS[note_format] + EXTRA_SECTIONS


# --- reading ------------------------------------------------------------------------------


def note_view(session: Session, note_id: int) -> NoteView:
    """Read one note with its addenda inside an open session (for other services).

    Raises:
        NotFound: No such note.
    """
    note = load(session, ProgressNote, note_id, "note")
    fmt: NoteFormat = note.format  # type: ignore[assignment]
    order = {k: i for i, k in enumerate(allowed_sections(fmt))}
    stored = session.scalars(select(NoteSection).where(NoteSection.note_id == note_id)).all()
    sections = tuple(
        Section(s.key, SECTION_LABELS.get(s.key, s.key), s.body)
        for s in sorted(stored, key=lambda s: order.get(s.key, len(order)))
    )
    return NoteView(
        id=note.id, unit_id=note.unit_id, header=_header(note), status=note.status,  # type: ignore[arg-type]
        sections=sections, attendees=_attendees(session, note_id),
        diagnoses=_diagnoses(session, note_id), procedures=_procedures(session, note_id),
        signature=_signature(note), addenda=_addenda(session, note_id),
        created_at=note.created_at, updated_at=note.updated_at,
    )


def _header(note: ProgressNote) -> NoteHeader:
    return NoteHeader(note.session_date, note.format, note.risk_level,  # type: ignore[arg-type]
                      note.appointment_id)


def _signature(row: ProgressNote | Addendum) -> Signature | None:
    if row.status != "signed" or row.signed_at is None:
        return None
    return Signature(row.signed_by or "", row.signed_at, row.content_hash or "")


def _attendees(session: Session, note_id: int) -> tuple[Attendee, ...]:
    rows = session.execute(
        select(Client.id, Client.chosen_name, Client.legal_name)
        .join(NoteAttendee, NoteAttendee.client_id == Client.id)
        .where(NoteAttendee.note_id == note_id).order_by(Client.sort_key, Client.id)
    )
    return tuple(Attendee(r.id, r.chosen_name or r.legal_name) for r in rows)


def _diagnoses(session: Session, note_id: int) -> tuple[Diagnosis, ...]:
    rows = session.scalars(
        select(NoteDiagnosis).where(NoteDiagnosis.note_id == note_id)
        .order_by(NoteDiagnosis.client_id, NoteDiagnosis.position, NoteDiagnosis.code)
    )
    return tuple(Diagnosis(r.client_id, r.code, codes.describe("icd10cm", r.code)) for r in rows)


def _procedures(session: Session, note_id: int) -> tuple[Procedure, ...]:
    rows = session.scalars(
        select(NoteProcedure).where(NoteProcedure.note_id == note_id)
        .order_by(NoteProcedure.position, NoteProcedure.code)
    )
    return tuple(Procedure(r.code, codes.describe("cpt", r.code)) for r in rows)


def _addenda(session: Session, note_id: int) -> tuple[AddendumView, ...]:
    rows = session.scalars(
        select(Addendum).where(Addendum.note_id == note_id).order_by(Addendum.id)
    )
    return tuple(_addendum_view(r) for r in rows)


def _addendum_view(row: Addendum) -> AddendumView:
    return AddendumView(row.id, row.note_id, row.body, row.created_at, _signature(row))


def get_note(sessions: sessionmaker[Session], note_id: int) -> NoteView:
    """Open one note with its addenda (the opening is audited).

    Raises:
        NotFound: No such note.
    """
    with sessions.begin() as s:
        view = note_view(s, note_id)
        record(s, "note.view", entity="note", entity_id=note_id)
        return view


def list_notes(
    sessions: sessionmaker[Session], *, unit_id: int | None = None, client_id: int | None = None,
) -> tuple[NoteSummary, ...]:
    """List notes, newest session first, of one unit and/or that one client attended."""
    stmt = select(ProgressNote).order_by(ProgressNote.session_date.desc(), ProgressNote.id.desc())
    if unit_id is not None:
        stmt = stmt.where(ProgressNote.unit_id == unit_id)
    if client_id is not None:
        attended = select(NoteAttendee.note_id).where(NoteAttendee.client_id == client_id)
        stmt = stmt.where(ProgressNote.id.in_(attended))
    with sessions.begin() as s:
        notes = s.scalars(stmt).all()
        attendees: dict[int, list[int]] = {}
        for note_id, att in s.execute(
            select(NoteAttendee.note_id, NoteAttendee.client_id)
            .where(NoteAttendee.note_id.in_([n.id for n in notes])).order_by(NoteAttendee.client_id)
        ):
            attendees.setdefault(note_id, []).append(att)
        return tuple(
            NoteSummary(n.id, n.unit_id, n.session_date, n.format, n.status,  # type: ignore[arg-type]
                        tuple(attendees.get(n.id, ())))
            for n in notes
        )


def note_for_appointment(sessions: sessionmaker[Session], appointment_id: int) -> int | None:
    """The progress note already started for a session, so a second is not begun beside it.

    Args:
        sessions: The store's sessionmaker.
        appointment_id: The stored session.

    Returns:
        The newest note linked to that session (draft or signed), or None.
    """
    with sessions.begin() as s:
        return s.scalar(select(ProgressNote.id).where(ProgressNote.appointment_id == appointment_id)
                        .order_by(ProgressNote.id.desc()).limit(1))


# --- drafting -----------------------------------------------------------------------------


def _draft(session: Session, note_id: int) -> ProgressNote:
    note = load(session, ProgressNote, note_id, "note")
    if note.status == "signed":
        raise SignedNoteImmutable(_SIGNED)
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


def _check_attendees(
    session: Session, unit_id: int, session_date: date, attendee_ids: Sequence[int] | None
) -> tuple[int, ...]:
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
        chosen = _check_attendees(s, unit_id, header.session_date, attendee_ids)
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
        _check_attendees(s, unit_id, header.session_date, attendee_ids)


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
        note = _draft(s, note_id)
        _check_section_keys(note.format, texts)  # type: ignore[arg-type]
        now = utcnow()
        if texts:
            _upsert_sections(s, note_id, texts)
        s.execute(update(ProgressNote).where(ProgressNote.id == note_id).values(updated_at=now))
        _audit_draft_save(s, "note.draft_save", "note", note_id)
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


def _audit_draft_save(session: Session, action: str, entity: str, entity_id: int) -> None:
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
        note = _draft(s, note_id)
        written = s.scalars(select(NoteSection).where(NoteSection.note_id == note_id)).all()
        allowed = allowed_sections(header.format)
        if any(sec.key not in allowed and sec.body.strip() for sec in written):
            raise ValidationError("The new format lacks sections that hold text; clear them first.")
        for sec in written:
            if sec.key not in allowed:
                s.delete(sec)
        attendees = s.scalars(select(NoteAttendee.client_id).where(NoteAttendee.note_id == note_id))
        _check_attendees(s, note.unit_id, header.session_date, list(attendees))
        note.session_date, note.format = header.session_date, header.format
        note.risk_level, note.appointment_id = header.risk_level, header.appointment_id
        note.updated_at = utcnow()
        record(s, "note.header", entity="note", entity_id=note_id)
        s.flush()
        return note_view(s, note_id)


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
        note = _draft(s, note_id)
        chosen = _check_attendees(s, note.unit_id, note.session_date, client_ids)
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
        note = _draft(s, note_id)
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


def delete_draft(sessions: sessionmaker[Session], note_id: int) -> None:
    """Throw away a draft note.

    Raises:
        SignedNoteImmutable: The note is signed (signed notes are never deleted).
        NotFound: No such note.
    """
    with sessions.begin() as s:
        _draft(s, note_id)
        for table in (NoteSection, NoteDiagnosis, NoteProcedure, NoteAttendee):
            s.execute(delete(table).where(table.note_id == note_id))
        s.execute(delete(ProgressNote).where(ProgressNote.id == note_id))
        record(s, "note.delete_draft", entity="note", entity_id=note_id)


# --- signing ------------------------------------------------------------------------------


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
        note = _draft(s, note_id)
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
            ok = ok and _addendum_hash(add, note.content_hash or "") == add.content_hash
        return ok


# --- addenda ------------------------------------------------------------------------------


def _addendum_hash(row: Addendum, note_hash: str) -> str:
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
        return _addendum_view(row)


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
        _audit_draft_save(s, "addendum.draft_save", "addendum", addendum_id)
        return row.updated_at


def _sign_addendum_row(session: Session, row: Addendum, signer: str, now: datetime | None) -> None:
    if not row.body.strip():
        raise ValidationError("An addendum must have some text before it is signed.")
    note = _signed_note(session, row.note_id)
    row.signed_at = (now or utcnow()).replace(microsecond=0)
    row.signed_by, row.status, row.updated_at = signer, "signed", row.signed_at
    row.content_hash = _addendum_hash(row, note.content_hash or "")
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
        return _addendum_view(row)


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
        return _addendum_view(row)


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

