"""The Schedule section: booking a weekly series, moving one session, conflicts, licensure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from practice.schedule.model import LocationKind, SessionStatus
from practice.schedule.timezones import to_local, wall_to_utc
from practice.services import schedule
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core.test_schedule_store import CHICAGO, LINK, Practice, session_at, set_up_practice
from tests.ui.conftest import ContextFactory, wait_idle
from ui.context import AppContext
from ui.models.week import week_start
from ui.screens.schedule import ScheduleScreen
from ui.screens.schedule.booking import BookingDialog
from ui.screens.schedule.cancel import CancelDialog
from ui.screens.schedule.move import MoveDialog
from ui.widgets.wall_time import set_wall

# A Tuesday a fortnight ahead, so every session in these tests is still to come.
TUESDAY = week_start(date.today()) + timedelta(days=15)


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> AppContext:
    context = make_context(store_path)
    context.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    return context


@pytest.fixture
def practice(context: AppContext) -> Practice:
    assert context.store is not None
    return set_up_practice(context.store)


@pytest.fixture
def screen(qtbot: QtBot, context: AppContext, practice: Practice) -> Iterator[ScheduleScreen]:
    shown = ScheduleScreen(context)
    qtbot.addWidget(shown)
    shown.show_day(TUESDAY)
    wait_idle(qtbot, context)
    yield shown
    shown.clear()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def new_session(qtbot: QtBot, screen: ScheduleScreen, unit_id: int, start: datetime
                ) -> BookingDialog:
    screen.new_session()
    # Booking reads every unit on the worker first; the week shown names only its own.
    qtbot.waitUntil(lambda: isinstance(screen.dialog, BookingDialog))
    dialog = screen.dialog
    assert isinstance(dialog, BookingDialog)
    dialog.unit.setCurrentIndex(dialog.unit.findData(unit_id))
    set_wall(dialog.start, start)
    return dialog


def shown_at(screen: ScheduleScreen) -> list[tuple[int, str, int]]:
    """(unit, local start, column) of every session in the grid."""
    return sorted((p.session.unit_id, f"{to_local(p.session.start_utc, CHICAGO):%m-%d %H:%M}",
                   p.column) for p in screen.model.placed)


def test_a_weekly_series_is_booked_and_one_session_moved_leaves_the_others(
    qtbot: QtBot, context: AppContext, practice: Practice, screen: ScheduleScreen,
) -> None:
    dialog = new_session(qtbot, screen, practice.ana_alone, at(TUESDAY, 10))
    dialog.repeat.setCurrentIndex(dialog.repeat.findText("Weekly"))
    dialog.save_button.click()
    wait_idle(qtbot, context)
    assert screen.dialog is None  # saved and closed
    assert shown_at(screen) == [(practice.ana_alone, f"{TUESDAY:%m-%d} 10:00", 1)]

    placed = screen.model.placed[0]
    assert screen.select(placed.session) and screen.move_button.isEnabled()
    screen.move_selected()
    move = screen.dialog
    assert isinstance(move, MoveDialog)
    assert move.only_this.isChecked()  # a series asks which sessions; one is the default
    wednesday = TUESDAY + timedelta(days=1)
    set_wall(move.start, at(wednesday, 15))
    move.save_button.click()
    wait_idle(qtbot, context)

    assert shown_at(screen) == [(practice.ana_alone, f"{wednesday:%m-%d} 15:00", 2)]
    cell = screen.model.data(screen.model.index(30, 2))
    assert cell.startswith("15:00 Ana Ruiz")
    for weeks in (1, 2):
        screen.show_day(TUESDAY + timedelta(weeks=weeks))
        wait_idle(qtbot, context)
        day = TUESDAY + timedelta(weeks=weeks)
        assert shown_at(screen) == [(practice.ana_alone, f"{day:%m-%d} 10:00", 1)]


def test_a_conflict_is_shown_before_saving_and_can_be_booked_anyway(
    qtbot: QtBot, context: AppContext, practice: Practice, screen: ScheduleScreen,
) -> None:
    schedule.book(practice.sessions, session_at(practice.cleo_alone,
                                                wall_to_utc(at(TUESDAY, 10), CHICAGO)))
    dialog = new_session(qtbot, screen, practice.ana_alone, at(TUESDAY, 10, 30))
    dialog.save_button.click()
    wait_idle(qtbot, context)
    assert dialog.isVisible()
    assert "overlap" in dialog.message.text().lower()
    assert dialog.override_button.isVisible() and not dialog.save_button.isEnabled()

    dialog.override_button.click()
    wait_idle(qtbot, context)
    assert screen.dialog is None  # saved and closed
    assert [unit for unit, _start, _col in shown_at(screen)] == sorted(
        [practice.ana_alone, practice.cleo_alone])


def test_a_client_double_booking_cannot_be_booked_anyway(
    qtbot: QtBot, context: AppContext, practice: Practice, screen: ScheduleScreen,
) -> None:
    schedule.book(practice.sessions, session_at(practice.ana_alone,
                                                wall_to_utc(at(TUESDAY, 10), CHICAGO)))
    dialog = new_session(qtbot, screen, practice.couple, at(TUESDAY, 10))
    dialog.save_button.click()
    wait_idle(qtbot, context)
    assert dialog.message.text()
    assert not dialog.override_button.isVisible() and not dialog.save_button.isEnabled()
    dialog.reject()


def test_a_telehealth_session_outside_the_licensed_states_is_warned_about_first(
    qtbot: QtBot, context: AppContext, practice: Practice, screen: ScheduleScreen,
) -> None:
    dialog = new_session(qtbot, screen, practice.cleo_alone, at(TUESDAY, 9))
    dialog.location.setCurrentIndex(dialog.location.findData(LocationKind.TELEHEALTH))
    dialog.save_button.click()
    wait_idle(qtbot, context)
    assert "video link" in dialog.message.text()

    dialog.video_link.setText(LINK)
    dialog.save_button.click()
    wait_idle(qtbot, context)
    assert dialog.isVisible()
    assert "(TX) is not covered by an active licence" in dialog.message.text()
    assert dialog.save_button.isEnabled() and not dialog.override_button.isVisible()

    dialog.save_button.click()
    wait_idle(qtbot, context)
    assert screen.dialog is None  # saved and closed
    assert shown_at(screen) == [(practice.cleo_alone, f"{TUESDAY:%m-%d} 09:00", 1)]


def test_the_selected_session_shows_a_clients_clock_when_it_differs(
    qtbot: QtBot, context: AppContext, practice: Practice, screen: ScheduleScreen,
) -> None:
    schedule.book(practice.sessions, session_at(practice.couple,
                                                wall_to_utc(at(TUESDAY, 11), CHICAGO)))
    screen.load()
    wait_idle(qtbot, context)
    assert screen.select(screen.model.placed[0].session)
    wait_idle(qtbot, context)
    text = screen.details.text()
    assert "11:00–11:50 C" in text and "Ben Cole's clock" in text and "12:00–12:50 E" in text
    assert "Ana Ruiz's clock" not in text  # same clock as the therapist's: said once

    screen.view_choice.setCurrentIndex(1)  # the day view shows the one day
    wait_idle(qtbot, context)
    assert screen.model.columnCount() == 1 and len(screen.model.placed) == 1
    assert QApplication.instance() is not None
    assert datetime.now(UTC) < wall_to_utc(at(TUESDAY, 11), CHICAGO)


def book_weekly(practice: Practice, unit_id: int, first: datetime) -> None:
    from practice.services.schedule.series import create_series
    from tests.core.test_schedule_store import weekly_from

    create_series(practice.sessions, weekly_from(unit_id, first))


def test_moving_this_and_following_sessions_moves_the_weeks_after_too(
    qtbot: QtBot, context: AppContext, practice: Practice, screen: ScheduleScreen,
) -> None:
    book_weekly(practice, practice.ana_alone, at(TUESDAY, 10))
    screen.load()
    wait_idle(qtbot, context)
    screen.show()
    qtbot.waitExposed(screen)
    cell = screen.table.visualRect(screen.model.index(20, 1)).center()
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert screen.selected() is not None and screen.move_button.isEnabled()
    assert not screen.completed_button.isEnabled()  # it has not started yet

    screen.move_selected()
    move = screen.dialog
    assert isinstance(move, MoveDialog)
    move.following.setChecked(True)
    set_wall(move.start, at(TUESDAY + timedelta(days=2), 16))
    move.save_button.click()
    wait_idle(qtbot, context)
    assert screen.dialog is None
    for weeks in (0, 1):
        day = TUESDAY + timedelta(weeks=weeks, days=2)
        screen.show_day(day)
        wait_idle(qtbot, context)
        assert shown_at(screen) == [(practice.ana_alone, f"{day:%m-%d} 16:00", 3)]


def test_cancelling_one_session_of_a_series_keeps_it_marked_and_the_rest_booked(
    qtbot: QtBot, context: AppContext, practice: Practice, screen: ScheduleScreen,
) -> None:
    book_weekly(practice, practice.ana_alone, at(TUESDAY, 10))
    screen.load()
    wait_idle(qtbot, context)
    assert screen.select(screen.model.placed[0].session)
    screen.cancel_selected()
    dialog = screen.dialog
    assert isinstance(dialog, CancelDialog)
    dialog.status.setCurrentIndex(1)
    dialog.reason.setText("Travelling")
    dialog.ok_button.click()
    wait_idle(qtbot, context)
    assert screen.model.placed[0].session.status is SessionStatus.LATE_CANCEL
    assert "(late cancel)" in screen.model.placed[0].label
    screen.step(1)
    wait_idle(qtbot, context)
    assert screen.model.placed[0].session.status is SessionStatus.SCHEDULED


def test_a_week_read_names_only_its_own_units_and_their_members(context: AppContext,
                                                                 practice: Practice) -> None:
    from ui.screens.schedule.screen import read_week

    assert context.store is not None
    sessions = context.store.sessions
    start = wall_to_utc(at(TUESDAY, 10), CHICAGO)
    schedule.book(sessions, session_at(practice.ana_alone, start))

    week = read_week(sessions, TUESDAY, 1)

    assert [u.id for u in week.directory.units] == [practice.ana_alone]
    members = {m.client_id for m in week.directory.units[0].members}
    assert {c.id for c in week.directory.clients} == members
