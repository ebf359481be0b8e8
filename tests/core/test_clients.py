"""Clients: one record per person, chosen names, status history and contact safety."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import NotFound, ValidationError
from practice.services import clients
from practice.services.clients import ChannelSafety, ClientDetails, name_on_channel
from tests.core import factories as f


def test_the_chosen_name_is_used_everywhere_unless_the_law_needs_the_legal_one(
    sessions: sessionmaker[Session],
) -> None:
    view = clients.create_client(sessions, ClientDetails(
        legal_name="Jonathan Smith", chosen_name="Jo", pronouns="they/them",
        gender_identity="non-binary, transmasculine", date_of_birth=date(1990, 5, 1),
        state="la", time_zone="America/Chicago"))
    assert view.display_name == "Jo"
    assert view.details.legal_name == "Jonathan Smith"
    assert view.details.state == "LA"
    assert clients.list_clients(sessions)[0].display_name == "Jo"


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (ClientDetails(legal_name=" "), "Legal name"),
        (ClientDetails(legal_name="A", state="XX"), "State"),
        (ClientDetails(legal_name="A", time_zone="Mars/Olympus"), "Time zone"),
        (ClientDetails(legal_name="A", time_zone="../../etc/passwd"), "Time zone"),
        (ClientDetails(legal_name="A", email="not-an-address"), "Email"),
        (ClientDetails(legal_name="A", phone="call me maybe"), "Phone"),
        (ClientDetails(legal_name="A", date_of_birth=date(2999, 1, 1)), "Date of birth"),
    ],
)
def test_a_malformed_field_is_refused_by_name_and_nothing_is_stored(
    sessions: sessionmaker[Session], details: ClientDetails, field: str,
) -> None:
    with pytest.raises(ValidationError, match=field):
        clients.create_client(sessions, details)
    assert clients.list_clients(sessions) == ()


def test_clients_are_listed_in_name_order_across_scripts(sessions: sessionmaker[Session]) -> None:
    for name in ["Zoë Ångström", "adam Berg", "Émile Zola", "Дмитрий Волков", "李小龙", "Ava"]:
        f.client(sessions, name)
    listed = [c.display_name for c in clients.list_clients(sessions)]
    assert listed[:4] == ["adam Berg", "Ava", "Émile Zola", "Zoë Ångström"]
    assert set(listed[4:]) == {"Дмитрий Волков", "李小龙"}


def test_status_changes_keep_their_history(sessions: sessionmaker[Session]) -> None:
    client_id = f.client(sessions, "Ana Diaz")
    clients.set_status(sessions, client_id, "inactive", date(2025, 4, 1))
    view = clients.set_status(sessions, client_id, "discharged", date(2025, 6, 1))
    assert (view.status, view.status_since) == ("discharged", date(2025, 6, 1))
    history = clients.status_history(sessions, client_id)
    assert [h.status for h in history] == ["active", "inactive", "discharged"]


def test_a_status_cannot_be_backdated_before_the_current_one(
    sessions: sessionmaker[Session],
) -> None:
    client_id = f.client(sessions, "Ana Diaz")
    clients.set_status(sessions, client_id, "inactive", date(2025, 4, 1))
    with pytest.raises(ValidationError):
        clients.set_status(sessions, client_id, "active", date(2025, 3, 1))


def test_no_channel_is_safe_until_the_client_says_so(sessions: sessionmaker[Session]) -> None:
    view = clients.get_client(sessions, f.client(sessions, "Ana Diaz"))
    for channel in clients.CHANNELS:
        decision = name_on_channel(view, channel)
        assert not decision.allowed and decision.name is None


def test_the_name_on_an_envelope_is_the_one_the_client_allowed(
    sessions: sessionmaker[Session],
) -> None:
    client_id = f.client(sessions, "Jonathan Smith", "Jo")
    clients.set_channel_safety(sessions, client_id, ChannelSafety("post", True, "legal"))
    clients.set_channel_safety(sessions, client_id, ChannelSafety("voicemail", True, "initials"))
    view = clients.set_channel_safety(
        sessions, client_id, ChannelSafety("text", True, "custom", "J. from book club"))
    assert name_on_channel(view, "post").name == "Jonathan Smith"
    assert name_on_channel(view, "voicemail").name == "J."
    assert name_on_channel(view, "text").name == "J. from book club"
    assert not name_on_channel(view, "email").allowed


def test_a_custom_channel_name_must_be_given(sessions: sessionmaker[Session]) -> None:
    client_id = f.client(sessions, "Ana Diaz")
    with pytest.raises(ValidationError, match="Name shown"):
        clients.set_channel_safety(sessions, client_id, ChannelSafety("post", True, "custom"))


def test_updating_a_client_changes_the_sort_order(sessions: sessionmaker[Session]) -> None:
    first = f.client(sessions, "Aaron A")
    f.client(sessions, "Beth B")
    clients.update_client(sessions, first, ClientDetails(legal_name="Aaron A", chosen_name="Zed"))
    assert [c.display_name for c in clients.list_clients(sessions)] == ["Beth B", "Zed"]


def test_an_unknown_client_is_not_found(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(NotFound):
        clients.get_client(sessions, 999)
