"""The Today section: today's sessions on the therapist's clock, notes due, releases expiring."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from practice.schedule.timezones import to_local, wall_to_utc
from practice.services import schedule
from practice.services.releases import ReleaseDetails, record_release
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core.factories import provider
from tests.core.test_schedule_store import CHICAGO, Practice, session_at, set_up_practice
from tests.ui.conftest import ContextFactory, wait_idle
from ui.context import AppContext
from ui.screens.today import TodayScreen


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> AppContext:
    context = make_context(store_path)
    context.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    return context


@pytest.fixture
def practice(context: AppContext) -> Practice:
    assert context.store is not None
    return set_up_practice(context.store)


def lines(listing: object) -> list[str]:
    from PySide6.QtWidgets import QListWidget

    assert isinstance(listing, QListWidget)
    return [listing.item(i).text() for i in range(listing.count())]


def test_today_lists_todays_sessions_notes_due_and_releases_running_out(
    qtbot: QtBot, context: AppContext, practice: Practice,
) -> None:
    today = to_local(datetime.now(UTC), CHICAGO).date()
    noon = wall_to_utc(datetime(today.year, today.month, today.day, 12), CHICAGO)
    schedule.book(practice.sessions, session_at(practice.couple, noon))
    schedule.book(practice.sessions, session_at(practice.cleo_alone, noon + timedelta(days=1)))
    yesterday = schedule.book(practice.sessions,
                              session_at(practice.ana_alone, noon - timedelta(days=1, hours=3)))
    schedule.complete_session(practice.sessions, yesterday.appointment)
    urologist = provider(practice.sessions, "Dr. Lee")
    record_release(practice.sessions, ReleaseDetails(
        practice.ana, "Coordinate care", today - timedelta(days=300),
        today + timedelta(days=20), frozenset({"attendance"}), provider_id=urologist))
    record_release(practice.sessions, ReleaseDetails(
        practice.ben, "Coordinate care", today - timedelta(days=10),
        today + timedelta(days=200), frozenset({"attendance"}), provider_id=urologist))

    screen = TodayScreen(context)
    qtbot.addWidget(screen)
    screen.load()
    wait_idle(qtbot, context)

    assert lines(screen.sessions) == ["12:00–12:50 Ana Ruiz & Ben Cole (office)"]
    assert len(lines(screen.notes)) == 1
    assert "Ana Ruiz — note not started" in lines(screen.notes)[0]
    assert lines(screen.releases) == [
        f"Ana Ruiz — release to Dr. Lee expires {today + timedelta(days=20):%d %b %Y}"]
    assert CHICAGO in screen.day.text()

    screen.clear()
    assert lines(screen.sessions) == [] and lines(screen.notes) == []


def test_an_empty_day_says_so(qtbot: QtBot, context: AppContext, practice: Practice) -> None:
    screen = TodayScreen(context)
    qtbot.addWidget(screen)
    screen.load()
    wait_idle(qtbot, context)
    assert lines(screen.sessions) == ["No sessions today."]
    assert lines(screen.releases) == ["No release expires in the next 30 days."]


def test_the_agenda_names_only_what_it_shows_and_names_it_as_the_whole_practice_does(
    context: AppContext, practice: Practice,
) -> None:
    """Names come from a read of the units and clients shown, not of every client."""
    from ui.models.agenda import read_agenda
    from ui.models.directory import read_directory

    today = to_local(datetime.now(UTC), CHICAGO).date()
    noon = wall_to_utc(datetime(today.year, today.month, today.day, 12), CHICAGO)
    schedule.book(practice.sessions, session_at(practice.couple, noon))
    earlier = schedule.book(practice.sessions,
                            session_at(practice.cleo_alone, noon - timedelta(days=2)))
    schedule.complete_session(practice.sessions, earlier.appointment)
    record_release(practice.sessions, ReleaseDetails(
        practice.ben, "Coordinate care", today - timedelta(days=30),
        today + timedelta(days=5), frozenset({"attendance"}),
        provider_id=provider(practice.sessions, "Dr. Lee")))

    agenda = read_agenda(practice.sessions)
    everyone = read_directory(practice.sessions)

    assert {u.id for u in agenda.directory.units} == {practice.couple, practice.cleo_alone}
    assert [c.id for c in agenda.directory.clients] == [practice.ben]
    for unit in agenda.directory.units:
        assert agenda.directory.unit_name(unit.id) == everyone.unit_name(unit.id)
    assert agenda.directory.client_name(practice.ben) == everyone.client_name(practice.ben)
