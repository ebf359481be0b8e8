"""A calendar label titles every unit's sessions, so it may name no one outside each session."""

from __future__ import annotations

import pytest
import vobject
from sqlalchemy.orm import Session, sessionmaker

from practice.services import clients, schedule, units
from practice.services.clients import ChannelSafety, ClientDetails
from practice.services.schedule.export import CalendarChoices, export_calendar
from practice.store.store import Store
from tests.core.test_schedule_store import OPENED, session_at, utc

MARCH = (utc(2027, 3, 1, 6), utc(2027, 4, 1, 5))
ZEB = "Zebediah Quillfeather"


@pytest.fixture
def sessions(store: Store) -> sessionmaker[Session]:
    return store.sessions


def _individual(sessions: sessionmaker[Session], name: str, day: int, *,
                nameable: bool = False) -> int:
    """A client seen alone once in March; ``nameable``: text and email safe under the name."""
    client = clients.create_client(sessions, ClientDetails(legal_name=name), on=OPENED).id
    if nameable:
        for channel in ("text", "email"):
            clients.set_channel_safety(sessions, client, ChannelSafety(channel, True, "legal"))
    unit = units.create_unit(sessions, "individual", [client], opened_on=OPENED).id
    schedule.book(sessions, session_at(unit, utc(2027, 3, day, 16)))
    return client


def _titles(sessions: sessionmaker[Session], choices: CalendarChoices) -> list[str]:
    data = export_calendar(sessions, *MARCH, choices).data.decode("utf-8")
    events = sorted(vobject.readOne(data).vevent_list, key=lambda e: e.dtstart.value)
    return [e.summary.value for e in events]


def test_a_label_naming_one_client_does_not_title_another_clients_session(
    sessions: sessionmaker[Session],
) -> None:
    _individual(sessions, ZEB, 4, nameable=True)
    _individual(sessions, "Pat Ostrowski", 5)
    label = CalendarChoices(label="Zebediah weekly", include_names=True)
    # Zebediah allows his name and the therapist opted in, so his session may carry it.
    assert _titles(sessions, label) == ["Zebediah weekly", "Session — P.O."]


@pytest.mark.parametrize("label", [
    "Zeb\u00adediah weekly", "Zebed\u200diah weekly", "Zebedi\u0430h weekly",
    "\u0396ebediah weekly",  # Greek capital zeta for Z
    "QUILLFEATHER", "Mr Quillféather",
])
def test_a_label_that_reads_as_a_clients_name_falls_back_to_initials_wherever_it_may_not_name(
    sessions: sessionmaker[Session], label: str,
) -> None:
    _individual(sessions, ZEB, 4)  # never asked about his channels: initials only
    _individual(sessions, "Pat Ostrowski", 5)
    assert _titles(sessions, CalendarChoices(label=label)) == ["Session — Z.Q.",
                                                              "Session — P.O."]


def test_a_label_naming_a_former_partner_stays_off_the_couples_sessions(
    sessions: sessionmaker[Session],
) -> None:
    former = _individual(sessions, ZEB, 4, nameable=True)
    ida, ned = (clients.create_client(sessions, ClientDetails(legal_name=name), on=OPENED).id
                for name in ("Ida Wren", "Ned Bly"))
    couple = units.create_unit(sessions, "couple", [former, ida], opened_on=OPENED).id
    units.change_members(sessions, couple, on=OPENED.replace(month=2), remove=[former],
                         add=[ned])
    schedule.book(sessions, session_at(couple, utc(2027, 3, 6, 16)))
    titles = _titles(sessions, CalendarChoices(label="Zebediah hour", include_names=True))
    assert titles == ["Zebediah hour", "Session — I.W. & N.B."]


def test_a_label_naming_no_one_titles_every_session(
    sessions: sessionmaker[Session],
) -> None:
    _individual(sessions, ZEB, 4)
    _individual(sessions, "Pat Ostrowski", 5)
    assert _titles(sessions, CalendarChoices(label="Client hour")) == ["Client hour"] * 2
