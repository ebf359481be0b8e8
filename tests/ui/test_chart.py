"""A client's chart: identity, units, the notes timeline with addenda, care team, releases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from practice.services import notes, providers, psychotherapy, releases
from practice.services.clients import ChannelSafety
from practice.services.releases import ReleaseDetails
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ContextFactory, wait_idle
from ui.context import AppContext
from ui.screens.chart.view import PRIVATE_BANNER
from ui.screens.clients import ClientsScreen


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> Iterator[AppContext]:
    """A context with the test's store open (closed by ``make_context``)."""
    made = make_context(store_path)
    made.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    yield made


def test_the_chart_shows_a_signed_note_with_its_addendum(
    qtbot: QtBot, context: AppContext,
) -> None:
    assert context.store is not None
    sessions = context.store.sessions
    robin = factories.client(sessions, "Robert Ångström", "Robin", pronouns="they/them")
    unit = factories.unit(sessions, "individual", robin)
    note = factories.signed(sessions, unit, text="Explored sensate focus at home.")
    notes.add_addendum(sessions, note.id, "Dilator practice was weekly, not daily.",
                       signed_by="Dr. Ada Rivera, PhD")
    psychotherapy.create_psychotherapy_note(sessions, unit, factories.SESSION_DAY,
                                            "My countertransference today.")
    screen = ClientsScreen(context)
    qtbot.addWidget(screen)

    screen.open_client(robin)
    wait_idle(qtbot, context)
    chart = screen.chart
    assert screen.pages.currentWidget() is chart
    assert "Robin" in chart.heading.text() and "they/them" in chart.heading.text()
    assert chart.timeline.count() == 1
    chart.timeline.setCurrentRow(0)
    wait_idle(qtbot, context)

    shown = chart.preview.toPlainText()
    assert shown.index("Explored sensate focus") < shown.index("Dilator practice was weekly")
    assert "Signed by Dr. Ada Rivera" in shown
    # The private note is listed apart, under its own banner, never in the timeline.
    assert chart.private_list.count() == 1
    assert "countertransference" not in shown
    assert all("Psychotherapy" not in chart.timeline.item(r).text()
               for r in range(chart.timeline.count()))
    assert PRIVATE_BANNER in [label.text() for label in chart.findChildren(type(chart.heading))]


def test_the_chart_shows_identity_contact_safety_care_team_and_release_states(
    qtbot: QtBot, context: AppContext,
) -> None:
    assert context.store is not None
    sessions = context.store.sessions
    today = date.today()
    kai = factories.client(sessions, "Kai Lindqvist", state="LA")
    from practice.services.clients import set_channel_safety

    set_channel_safety(sessions, kai, ChannelSafety("email", True, "initials"))
    urologist = factories.provider(sessions, "Dr. Lee")
    providers.add_to_care_team(sessions, kai, urologist, "Treating urologist")
    scopes = frozenset({"attendance"})
    for signed, expires in ((today - timedelta(days=30), today + timedelta(days=300)),
                            (today - timedelta(days=400), today - timedelta(days=35))):
        releases.record_release(sessions, ReleaseDetails(
            kai, "Coordinate care", signed, expires, scopes, provider_id=urologist))  # type: ignore[arg-type]
    revoked = releases.record_release(sessions, ReleaseDetails(
        kai, "Coordinate care", today - timedelta(days=10), today + timedelta(days=300),
        scopes, provider_id=urologist))  # type: ignore[arg-type]
    releases.revoke_release(sessions, revoked.id, today)
    screen = ClientsScreen(context)
    qtbot.addWidget(screen)

    screen.open_client(kai)
    wait_idle(qtbot, context)

    chart = screen.chart
    identity = chart.identity.toPlainText()
    assert "Kai Lindqvist" in identity and "LA" in identity
    assert "Email: safe, showing initials only" in identity
    assert "Voicemail: not safe" in identity
    assert chart.care_team.model.index(0, 0).data() == "Dr. Lee"
    states = [chart.releases.model.index(row, 0).data()
              for row in range(chart.releases.model.rowCount())]
    assert sorted(states) == ["Expired", "In force", "Revoked"]
    assert "Letters" in chart.letters.toPlainText()

    screen.clear()
    assert chart.identity.toPlainText() == "" and chart.heading.text() == ""
    assert screen.pages.currentWidget() is screen.list_page


def test_the_chart_lists_letters_sent_and_the_disclosures_they_made(
    qtbot: QtBot, context: AppContext,
) -> None:
    from practice.services import letters
    from tests.core.test_letters_builders import LETTER_DAY, PROSE, build_world

    assert context.store is not None
    sessions = context.store.sessions
    world = build_world(sessions)
    letters.issue_letter(sessions, letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key="urology",
        on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE))
    screen = ClientsScreen(context)
    qtbot.addWidget(screen)

    screen.open_client(world.client)
    wait_idle(qtbot, context)

    shown = screen.chart.letters.toPlainText()
    assert f"{LETTER_DAY.isoformat()} — to Anna Kowalski" in shown
    assert "No disclosures logged." not in shown and "Kowalski" in shown.split("Disclosures")[1]
