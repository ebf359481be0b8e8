"""Progress notes of a unit's sessions, their sections, attendees, codes and addenda.

Psychotherapy (process) notes are not here on purpose: they live in
``practice.models.psychotherapy`` so that nothing built from this module can reach them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base
from practice.models.checks import one_of

NOTE_FORMATS = ("soap", "dap", "birp", "free")
NOTE_STATUSES = ("draft", "signed")
RISK_LEVELS = ("none", "low", "moderate", "high")

# A signed row carries who, when and the hash; a draft carries none of them.
_SIGNATURE_CONSISTENT = (
    "(status = 'draft' AND signed_at IS NULL AND signed_by IS NULL AND content_hash IS NULL)"
    " OR (status = 'signed' AND signed_at IS NOT NULL AND coalesce(length(trim(signed_by)), 0) > 0"
    " AND coalesce(length(content_hash), 0) = 64)"
)


class ProgressNote(Base):
    """The record of one session of a unit; immutable once signed (store triggers)."""

    __tablename__ = "progress_notes"
    __table_args__ = (
        CheckConstraint(one_of("format", NOTE_FORMATS), name="format"),
        CheckConstraint(one_of("status", NOTE_STATUSES), name="status"),
        CheckConstraint(
            "risk_level IS NULL OR " + one_of("risk_level", RISK_LEVELS), name="risk_level"
        ),
        CheckConstraint(_SIGNATURE_CONSISTENT, name="signature"),
        Index("ix_progress_notes_unit_session", "unit_id", "session_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("care_units.id"))
    session_date: Mapped[date] = mapped_column(index=True)
    # Filled in by scheduling; no foreign key yet (the appointments table comes later).
    appointment_id: Mapped[int | None] = mapped_column(index=True)
    format: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(8), default="draft")
    risk_level: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    signed_at: Mapped[datetime | None]
    signed_by: Mapped[str | None] = mapped_column(String(200))
    content_hash: Mapped[str | None] = mapped_column(String(64))


class NoteSection(Base):
    """One section of a note (e.g. SOAP's "assessment"), saved as it is typed."""

    __tablename__ = "note_sections"
    __table_args__ = (UniqueConstraint("note_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("progress_notes.id"))
    key: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text, default="")
    # Folded copy for the full-text index (see practice.text.keys.index_text).
    search_text: Mapped[str] = mapped_column(Text, default="")


class NoteAttendee(Base):
    """A client who attended the session a note records."""

    __tablename__ = "note_attendees"

    note_id: Mapped[int] = mapped_column(ForeignKey("progress_notes.id"), primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True, index=True)


class NoteDiagnosis(Base):
    """An ICD-10-CM code given to one attendee in a note: a diagnosis belongs to a person."""

    __tablename__ = "note_diagnoses"
    __table_args__ = (
        # Only someone who attended can be diagnosed in the note.
        ForeignKeyConstraint(
            ["note_id", "client_id"], ["note_attendees.note_id", "note_attendees.client_id"],
            name="fk_note_diagnoses_attendee", ondelete="CASCADE",
        ),
    )

    note_id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class NoteProcedure(Base):
    """A CPT code billed for the session a note records."""

    __tablename__ = "note_procedures"

    note_id: Mapped[int] = mapped_column(ForeignKey("progress_notes.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class Addendum(Base):
    """A dated, signed correction appended to a signed note; the note itself never changes."""

    __tablename__ = "addenda"
    __table_args__ = (
        CheckConstraint(one_of("status", NOTE_STATUSES), name="status"),
        CheckConstraint(_SIGNATURE_CONSISTENT, name="signature"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("progress_notes.id"), index=True)
    status: Mapped[str] = mapped_column(String(8), default="draft")
    body: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    signed_at: Mapped[datetime | None]
    signed_by: Mapped[str | None] = mapped_column(String(200))
    content_hash: Mapped[str | None] = mapped_column(String(64))
