"""Progress notes as read: formats, sections, and the frozen views every screen and letter gets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.clients import Client
from practice.models.notes import (
    Addendum,
    NoteAttendee,
    NoteDiagnosis,
    NoteProcedure,
    NoteSection,
    ProgressNote,
)
from practice.services.common import load
from practice.services.notes import codes
from practice.store.audit import record

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
SIGNED_NOTE_MESSAGE = (
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
    return tuple(addendum_view(r) for r in rows)


def addendum_view(row: Addendum) -> AddendumView:
    """The frozen view of one addendum row."""
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
