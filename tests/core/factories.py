"""Small builders for clinical-core tests: clients, units, notes and providers in one line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from practice.services import clients, notes, providers, units
from practice.services.clients import ClientDetails
from practice.services.notes import NoteFormat, NoteHeader, NoteView
from practice.services.providers import ProviderDetails, Specialty

SESSION_DAY = date(2025, 3, 10)
OPENED = date(2025, 1, 6)
VALID_NPIS = ("1234567893", "1245319599", "1458073024", "1573681933", "1364262125")


def client(sessions: sessionmaker[Session], legal: str, chosen: str | None = None,
           **details: object) -> int:
    made = clients.create_client(
        sessions, ClientDetails(legal_name=legal, chosen_name=chosen, **details),  # type: ignore[arg-type]
        on=OPENED,
    )
    return made.id


def unit(sessions: sessionmaker[Session], kind: units.UnitKind, *member_ids: int) -> int:
    return units.create_unit(sessions, kind, list(member_ids), opened_on=OPENED).id


def draft(
    sessions: sessionmaker[Session], unit_id: int, *, text: str = "Explored sensate focus.",
    fmt: NoteFormat = "free", day: date = SESSION_DAY, attendees: Sequence[int] | None = None,
) -> NoteView:
    note = notes.start_note(sessions, unit_id, NoteHeader(day, fmt), attendee_ids=attendees,
                            today=date(2025, 12, 31))
    key = notes.FORMAT_SECTIONS[fmt][0]
    notes.save_draft(sessions, note.id, {key: text})
    return notes.get_note(sessions, note.id)


def signed(sessions: sessionmaker[Session], unit_id: int, **kwargs: object) -> NoteView:
    note = draft(sessions, unit_id, **kwargs)  # type: ignore[arg-type]
    return notes.sign_note(sessions, note.id, signed_by="Dr. Ada Rivera, PhD")


def provider(sessions: sessionmaker[Session], name: str = "Dr. Lee",
             specialty: Specialty = "urology", *, npi: str | None = "1234567893",
             organisation_id: int | None = None) -> int:
    return providers.create_provider(sessions, ProviderDetails(
        name=name, specialty=specialty, npi=npi, organisation_id=organisation_id,
        fax="+1 504 555 0100")).id
