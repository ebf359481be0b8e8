"""Correcting a client's record: one-transaction edits, and deleting only a same-day mistake."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import NotFound, ValidationError
from practice.models.audit import AuditEntry
from practice.models.clients import Client, ClientStatusChange, ContactChannel
from practice.services import clients, providers
from practice.services.clients import ChannelSafety, ClientDetails
from practice.services.search import search
from tests.core import factories as f


def _new(sessions: sessionmaker[Session], legal: str = "Avery Quinlan") -> int:
    """A client entered today, as the intake form does (active from today)."""
    return clients.create_client(sessions, ClientDetails(legal_name=legal), channels=(
        ChannelSafety("text", True, "initials"),)).id


def _actions(sessions: sessionmaker[Session], client_id: int) -> list[str]:
    with sessions() as s:
        return list(s.scalars(select(AuditEntry.action).where(
            AuditEntry.entity == "client", AuditEntry.entity_id == client_id)
            .order_by(AuditEntry.seq)))


def test_an_edit_stores_details_and_changed_channels_together_and_audits_each_change(
        sessions: sessionmaker[Session]) -> None:
    client_id = _new(sessions)
    view = clients.update_client(
        sessions, client_id, ClientDetails(legal_name="Avery Quinlan", pronouns="she/her"),
        channels=(ChannelSafety("text", True, "initials"),
                  ChannelSafety("post", True, "custom", "A. Q."),
                  ChannelSafety("email", False, "none")))
    assert view.details.pronouns == "she/her"
    assert view.channel("post") == ChannelSafety("post", True, "custom", "A. Q.")
    # Text was already so and email was already not safe: only post is a change.
    assert _actions(sessions, client_id).count("client.channel") == 1


def test_an_edit_with_a_refused_channel_changes_nothing(sessions: sessionmaker[Session]) -> None:
    client_id = _new(sessions)
    with pytest.raises(ValidationError, match="Name shown is required"):
        clients.update_client(sessions, client_id, ClientDetails(
            legal_name="Someone Else"), channels=(ChannelSafety("post", True, "custom"),))
    view = clients.get_client(sessions, client_id)
    assert view.details.legal_name == "Avery Quinlan" and not view.channel("post").safe


def test_a_client_entered_by_mistake_today_is_deleted_with_their_intake_and_audited(
        sessions: sessionmaker[Session]) -> None:
    kept = _new(sessions, "Blake Kept")
    mistaken = _new(sessions)
    assert [h.record_id for h in search(sessions, "Quinlan").hits] == [mistaken]
    clients.delete_client_entered_by_mistake(sessions, mistaken, date.today())
    assert [c.id for c in clients.list_clients(sessions)] == [kept]
    with pytest.raises(NotFound):
        clients.get_client(sessions, mistaken)
    with sessions() as s:
        for model in (ContactChannel, ClientStatusChange):
            assert s.scalars(select(model).where(model.client_id == mistaken)).all() == []
    assert search(sessions, "Quinlan").hits == ()
    assert _actions(sessions, mistaken)[-1] == "client.delete_mistake"


def test_a_client_entered_on_an_earlier_day_is_kept(sessions: sessionmaker[Session]) -> None:
    client_id = _new(sessions)
    with sessions.begin() as s:
        s.execute(update(Client).where(Client.id == client_id).values(
            created_at=s.get_one(Client, client_id).created_at - timedelta(days=1)))
    with pytest.raises(ValidationError, match="Only a client entered by mistake today"):
        clients.delete_client_entered_by_mistake(sessions, client_id, date.today())
    assert clients.get_client(sessions, client_id).id == client_id


@pytest.mark.parametrize(
    ("history", "words"),
    [
        ("unit", "belongs to a care unit"),
        ("care team", "has a care team"),
    ],
)
def test_a_client_with_anything_in_their_record_is_kept_and_the_refusal_says_why(
        sessions: sessionmaker[Session], history: str, words: str) -> None:
    client_id = _new(sessions)
    if history == "unit":
        f.unit(sessions, "individual", client_id)
    else:
        providers.add_to_care_team(sessions, client_id, f.provider(sessions), "Urologist")
    with pytest.raises(ValidationError, match=words) as refused:
        clients.delete_client_entered_by_mistake(sessions, client_id, date.today())
    assert "discharged" in refused.value.message
    assert clients.get_client(sessions, client_id).id == client_id
    assert "client.delete_mistake" not in _actions(sessions, client_id)


def test_deleting_an_unknown_client_says_so(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(NotFound):
        clients.delete_client_entered_by_mistake(sessions, 4040, date.today())
