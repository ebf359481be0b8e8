"""A session is marked as having taken place only if its note can be started."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from practice.errors import ValidationError
from practice.schedule.model import Appointment, LocationKind, SessionKind, SessionStatus
from practice.schedule.timezones import wall_to_utc
from practice.services.schedule import book, get_session
from practice.services.units import change_members, create_unit
from practice.store.store import Store
from tests.core import factories as f
from ui.models.session_note import note_for_session

ZONE = "America/Chicago"


def test_a_refused_note_leaves_the_session_scheduled_not_completed(store: Store) -> None:
    """A couple's session after one of them left the unit: the note cannot name him."""
    sessions = store.sessions
    ana, ben = f.client(sessions, "Ana Ruiz"), f.client(sessions, "Ben Cole")
    opened = date.today() - timedelta(days=30)
    couple = create_unit(sessions, "couple", [ana, ben], opened_on=opened).id
    day = date.today() - timedelta(days=2)
    held = book(sessions, Appointment(
        unit_id=couple, kind=SessionKind.COUPLE,
        start_utc=wall_to_utc(datetime.combine(day, time(11, 0)), ZONE), zone=ZONE,
        duration_minutes=50, location=LocationKind.OFFICE,
        expected_client_ids=frozenset({ana, ben}))).appointment
    change_members(sessions, couple, remove=[ben], on=day - timedelta(days=5),
                   kind="individual")
    with pytest.raises(ValidationError):
        note_for_session(sessions, held, ZONE)
    assert get_session(sessions, held).status is SessionStatus.SCHEDULED
