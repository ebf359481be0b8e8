"""Psychotherapy (process) notes: the therapist's private notes, kept apart from the record.

Nothing that assembles a letter or an export imports this module; their types have no place
for these notes (see practice.services.letters.disclosable).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base


class PsychotherapyNote(Base):
    """A private process note about a unit's session."""

    __tablename__ = "psychotherapy_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("care_units.id"), index=True)
    session_date: Mapped[date]
    appointment_id: Mapped[int | None]
    body: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
