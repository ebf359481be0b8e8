"""Fixtures for the ledger: a real encrypted store, a fee schedule, clients and sessions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from practice.models.schedule import AppointmentRecord
from practice.schedule.model import Appointment, LocationKind, SessionKind, SessionStatus
from practice.services import billing
from practice.services.clients import ClientDetails, create_client
from practice.services.notes import FORMAT_SECTIONS, NoteHeader, save_draft, sign_note, start_note
from practice.services.schedule import SessionRef, book, complete_session, set_session_status
from practice.services.units import create_unit
from practice.store.store import Store

OPENED = date(2026, 1, 5)
FIRST = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # a Monday, 10:00 in Chicago
ZONE = "America/Chicago"
FEES = {"90791": "200.00", "90832": "90.00", "90834": "150.00", "90837": "190.00",
        "90846": "160.00", "90847": "180.00", "90785": "25.00", "90839": "220.00",
        "90840": "110.00", "late_cancel": "75.00", "no_show": "100.00"}


@dataclass
class Practice:
    """A store with a fee schedule from 1 January 2026 and a way to hold sessions."""

    sessions: sessionmaker[Session]
    slot: int = 0

    def client(self, legal: str, chosen: str | None = None) -> int:
        return create_client(self.sessions, ClientDetails(legal_name=legal, chosen_name=chosen),
                             on=OPENED).id

    def unit(self, kind: str, *members: int) -> int:
        return create_unit(self.sessions, kind, list(members), opened_on=OPENED).id  # type: ignore[arg-type]

    def book(self, unit_id: int, *, kind: SessionKind = SessionKind.INDIVIDUAL,
             minutes: int = 50, telehealth: bool = False, week: int | None = None,
             expected: Iterable[int] = (), start: datetime | None = None) -> int:
        if start is None:
            start = FIRST + timedelta(weeks=self.slot if week is None else week)
            self.slot += 1
        draft = Appointment(
            unit_id, kind, start, ZONE, minutes,
            LocationKind.TELEHEALTH if telehealth else LocationKind.OFFICE,
            frozenset(expected),
            video_link="https://meet.example/room" if telehealth else None)
        stored = book(self.sessions, draft).appointment
        assert stored.id is not None
        return stored.id

    def hold(self, unit_id: int, **kwargs: object) -> int:
        """Book a past session and mark it completed (which charges it when it can)."""
        appointment_id = self.book(unit_id, **kwargs)  # type: ignore[arg-type]
        complete_session(self.sessions, SessionRef(appointment_id))
        return appointment_id

    def hold_uncharged(self, unit_id: int, **kwargs: object) -> int:
        """A past session recorded as held without the schedule's automatic charge.

        As a session completed before billing was set up: the therapist charges it by hand
        (crisis, interactive complexity, a client away from home).
        """
        appointment_id = self.book(unit_id, **kwargs)  # type: ignore[arg-type]
        with self.sessions.begin() as s:
            row = s.get(AppointmentRecord, appointment_id)
            assert row is not None
            row.status = SessionStatus.COMPLETED.value
        return appointment_id

    def miss(self, unit_id: int, status: SessionStatus, **kwargs: object) -> int:
        appointment_id = self.book(unit_id, **kwargs)  # type: ignore[arg-type]
        set_session_status(self.sessions, SessionRef(appointment_id), status)
        return appointment_id

    def sign(self, unit_id: int, appointment_id: int, day: date,
             attendees: list[int] | None = None) -> int:
        note = start_note(self.sessions, unit_id, NoteHeader(day, "free", None, appointment_id),
                          attendee_ids=attendees, today=date(2026, 12, 31))
        save_draft(self.sessions, note.id, {FORMAT_SECTIONS["free"][0]: "Sensate focus."})
        return sign_note(self.sessions, note.id, signed_by="Dr. Ada Rivera, PhD").id


@pytest.fixture
def practice(store: Store) -> Practice:
    """A real store with the whole fee schedule set from 1 January 2026."""
    for service, fee in FEES.items():
        billing.set_fee(store.sessions, service, fee, date(2026, 1, 1))
    return Practice(store.sessions)
