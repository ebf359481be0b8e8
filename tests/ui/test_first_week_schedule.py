"""A new therapist's schedule from an empty store: what Today and the Schedule say before
there is anyone to see, and sessions or weekly series booked from a free slot by name.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from practice.schedule.model import Appointment
from practice.schedule.timezones import to_local
from practice.services.schedule import week_view
from practice.services.settings import load_profile
from practice.services.units import units_of_client
from practice.store.store import Store
from tests.ui.conftest import ControllerFactory
from tests.ui.first_week.app import PASSPHRASE, fresh_practice, go_to
from tests.ui.first_week.notes_schedule import (
    GRID,
    new_series_from_slot,
    pick_by_typing,
    show_week,
    showing,
)
from tests.ui.test_accessibility import _unnamed_inputs as unnamed_inputs
from tests.ui.test_first_week_notes import practice_with
from tests.ui.visible import TIMEOUT, answer, choose, click, dialog, find, type_into
from ui.models.week import week_start
from ui.screens.schedule.booking import CLIENTS_FIRST
from ui.screens.schedule.screen import NO_CLIENTS
from ui.screens.today import FIRST_DAY
from ui.widgets.record_form import DISCARD_QUESTION
from ui.widgets.wall_time import wall_of

NEXT_TUESDAY = week_start(date.today()) + timedelta(days=8)


def booked(store: Store, unit_id: int, weeks: int = 60, since: date | None = None
           ) -> list[Appointment]:
    """Every session of a unit from this week (or ``since``) on, as the core holds it."""
    first = since or week_start(date.today())
    start = datetime.combine(first, time(), UTC) - timedelta(days=1)
    found = week_view(store.sessions, start, start + timedelta(weeks=weeks))
    return [s for s in found if s.unit_id == unit_id]


def local_days(store: Store, found: list[Appointment]) -> list[tuple[date, time]]:
    zone = load_profile(store.sessions).time_zone
    return [(to_local(s.start_utc, zone).date(), to_local(s.start_utc, zone).time())
            for s in found]


def test_an_empty_store_says_what_today_and_the_schedule_are_for_and_that_clients_come_first(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "s")
    window = controller.window

    sentence = find(window, QLabel, "Nothing here yet", qtbot=qtbot)
    assert sentence.text() == FIRST_DAY
    assert find(window, QLabel, "Practice name").text() != ""
    # Today's three lists are not shown empty in its place.
    assert not [w for w in window.findChildren(QListWidget)
                if w.isVisible() and w.accessibleName() == "Today's sessions"]

    go_to(qtbot, window, "Schedule")
    qtbot.waitUntil(lambda: find(window, QLabel, "Nothing here yet").text() == NO_CLIENTS,
                    timeout=TIMEOUT)
    assert not [w for w in window.findChildren(QTableView)
                if w.isVisible() and w.accessibleName() == GRID]
    click(qtbot, window, "New session…")
    booking = dialog(qtbot, "New session")
    assert find(booking, QLabel, "Clients come first").text() == CLIENTS_FIRST
    assert not [w for w in booking.findChildren(QComboBox) if w.isVisible()]  # no empty lists
    click(qtbot, booking, "Open Clients")  # the way to add one
    qtbot.waitUntil(lambda: not showing(booking), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.workspace is not None
                    and window.workspace.current.title == "Clients", timeout=TIMEOUT)


def test_today_offers_new_client_from_an_empty_store(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "s")
    window = controller.window
    find(window, QLabel, "Nothing here yet", qtbot=qtbot)

    click(qtbot, window, "New client")

    qtbot.waitUntil(lambda: window.workspace is not None
                    and window.workspace.current.title == "Clients", timeout=TIMEOUT)
    intake = dialog(qtbot, "New client")  # the intake form, ready to type in
    click(qtbot, intake, "Cancel")


def test_once_there_is_a_client_today_shows_its_lists_and_the_schedule_its_grid(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, _store, _ids = practice_with(qtbot, make_controller, tmp_path / "s", "Ana Lee")
    window = controller.window
    go_to(qtbot, window, "Schedule")
    grid = find(window, QTableView, GRID, qtbot=qtbot)
    assert grid.isVisible()
    go_to(qtbot, window, "Today")
    find(window, QLabel, "Today's date", qtbot=qtbot)
    qtbot.waitUntil(lambda: not [w for w in window.findChildren(QLabel)
                                 if w.isVisible() and w.accessibleName() == "Nothing here yet"],
                    timeout=TIMEOUT)


def test_a_weekly_series_of_eight_is_booked_from_a_free_slot_by_typing_the_clients_name(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, store, (ana,) = practice_with(qtbot, make_controller, tmp_path / "s", "Ana Lee")

    new_series_from_slot(qtbot, controller.window, "Ana Lee", NEXT_TUESDAY, time(14, 30),
                         weekly=True, count_or_until=8)

    (unit,) = units_of_client(store.sessions, ana)  # opened for her first booking
    assert unit.kind == "individual"
    days = local_days(store, booked(store, unit.id))
    assert days == [(NEXT_TUESDAY + timedelta(weeks=n), time(14, 30)) for n in range(8)]


def test_a_weekly_series_ends_on_the_last_day_typed(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, store, (ben,) = practice_with(qtbot, make_controller, tmp_path / "s", "Ben Cole")
    last = NEXT_TUESDAY + timedelta(weeks=3)

    new_series_from_slot(qtbot, controller.window, "Ben Cole", NEXT_TUESDAY, time(9, 0),
                         weekly=True, count_or_until=last)

    (unit,) = units_of_client(store.sessions, ben)
    assert [d for d, _t in local_days(store, booked(store, unit.id))] == [
        NEXT_TUESDAY + timedelta(weeks=n) for n in range(4)]


def test_the_slots_menu_books_a_single_session_there(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, store, (cleo,) = practice_with(qtbot, make_controller, tmp_path / "s",
                                               "Cleo Park")
    window = controller.window
    show_week(qtbot, window, NEXT_TUESDAY)
    grid = find(window, QTableView, GRID, qtbot=qtbot)
    model = grid.model()
    column = NEXT_TUESDAY.weekday()
    row = next(r for r in range(model.rowCount())
               if model.headerData(r, Qt.Orientation.Vertical) == "11:00")
    grid.setFocus()
    grid.setCurrentIndex(model.index(row, column))  # as the arrow keys would leave it
    qtbot.keyClick(grid, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu),
                    timeout=TIMEOUT)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    assert [a.text() for a in menu.actions()] == ["New session here…"]
    if menu.activeAction() is None:
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    booking = dialog(qtbot, "New session")
    field = find(booking, QComboBox, "Client or unit", qtbot=qtbot).lineEdit()
    assert field is not None
    pick_by_typing(qtbot, field, "cle", "Cleo Park")
    click(qtbot, booking, "Save")
    qtbot.waitUntil(lambda: not showing(booking), timeout=TIMEOUT)

    (unit,) = units_of_client(store.sessions, cleo)
    assert local_days(store, booked(store, unit.id)) == [(NEXT_TUESDAY, time(11, 0))]


def test_a_series_given_both_a_count_and_a_last_day_is_refused_in_words_and_nothing_booked(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, store, (dev,) = practice_with(qtbot, make_controller, tmp_path / "s", "Dev Rao")
    window = controller.window
    show_week(qtbot, window, date.today())
    click(qtbot, window, "New session…")
    booking = dialog(qtbot, "New session")
    message = find(booking, QLabel, "Before saving")

    click(qtbot, booking, "Save")  # nobody chosen yet
    qtbot.waitUntil(lambda: "Choose a client or unit" in message.text(), timeout=TIMEOUT)
    field = find(booking, QComboBox, "Client or unit").lineEdit()
    assert field is not None
    pick_by_typing(qtbot, field, "dev", "Dev Rao")
    choose(qtbot, booking, "Repeat", "Weekly")
    type_into(qtbot, booking, "Number of sessions", "6")
    type_into(qtbot, booking, "Last session on", "2031-02-30")
    click(qtbot, booking, "Save")
    qtbot.waitUntil(lambda: "Last session on" in message.text(), timeout=TIMEOUT)
    type_into(qtbot, booking, "Last session on", (NEXT_TUESDAY + timedelta(weeks=5)).isoformat())
    click(qtbot, booking, "Save")
    qtbot.waitUntil(lambda: message.text() == (
        "Give a number of sessions or a last date, not both."), timeout=TIMEOUT)

    assert booking.isVisible()
    assert units_of_client(store.sessions, dev) == ()  # nothing was stored, not even a unit


def open_booking_for(qtbot: QtBot, window: QWidget, name: str) -> QWidget:
    """Open New session on this week and pick ``name`` by typing, as the therapist would."""
    click(qtbot, window, "New session…")
    booking = dialog(qtbot, "New session")
    field = find(booking, QComboBox, "Client or unit", qtbot=qtbot).lineEdit()
    assert field is not None
    pick_by_typing(qtbot, field, name[:3], name)
    return booking


def test_esc_on_a_booking_with_a_client_chosen_asks_before_discarding(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, store, (eve,) = practice_with(qtbot, make_controller, tmp_path / "s", "Eve Hart")
    window = controller.window
    show_week(qtbot, window, date.today())
    booking = open_booking_for(qtbot, window, "Eve Hart")

    qtbot.keyClick(booking, Qt.Key.Key_Escape)
    assert answer(qtbot, "Cancel") == DISCARD_QUESTION
    assert showing(booking)
    click(qtbot, booking, "Cancel")
    answer(qtbot, "Discard")
    qtbot.waitUntil(lambda: not showing(booking), timeout=TIMEOUT)
    assert units_of_client(store.sessions, eve) == ()  # nothing was booked, nor opened

    click(qtbot, window, "New session…")  # untouched, it closes without a question
    untouched = dialog(qtbot, "New session")
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not showing(untouched), timeout=TIMEOUT)


def test_a_lock_keeps_a_booking_being_made_and_the_unlock_brings_it_back(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, _store, (fay,) = practice_with(qtbot, make_controller, tmp_path / "s", "Fay Lin")
    window = controller.window
    show_week(qtbot, window, NEXT_TUESDAY)
    booking = open_booking_for(qtbot, window, "Fay Lin")
    choose(qtbot, booking, "Repeat", "Weekly")
    type_into(qtbot, booking, "Number of sessions", "3")

    controller.lock()
    assert not booking.isVisible()
    type_into(qtbot, window, "Passphrase", PASSPHRASE)
    qtbot.keyClick(find(window, QLineEdit, "Passphrase"), Qt.Key.Key_Return)
    qtbot.waitUntil(booking.isVisible, timeout=TIMEOUT)
    click(qtbot, booking, "Save")
    qtbot.waitUntil(lambda: not showing(booking), timeout=TIMEOUT)

    reopened = controller.context.store
    assert reopened is not None
    (unit,) = units_of_client(reopened.sessions, fay)
    assert len(booked(reopened, unit.id)) == 3


def test_a_free_day_on_today_offers_the_schedule(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, _store, _ids = practice_with(qtbot, make_controller, tmp_path / "s", "Gil Sand")
    window = controller.window
    go_to(qtbot, window, "Schedule")
    go_to(qtbot, window, "Today")

    click(qtbot, window, "Open the schedule")

    qtbot.waitUntil(lambda: window.workspace is not None
                    and window.workspace.current.title == "Schedule", timeout=TIMEOUT)


def test_a_sessions_menu_offers_write_note_and_its_other_actions(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, store, (hal,) = practice_with(qtbot, make_controller, tmp_path / "s", "Hal Eng")
    window = controller.window
    last_week = date.today() - timedelta(days=7)
    new_series_from_slot(qtbot, window, "Hal Eng", last_week, time(15, 0), weekly=False)
    grid = find(window, QTableView, GRID, qtbot=qtbot)
    model = grid.model()
    row = next(r for r in range(model.rowCount())
               if model.headerData(r, Qt.Orientation.Vertical) == "15:00")
    index = model.index(row, last_week.weekday())
    grid.setFocus()
    grid.setCurrentIndex(index)

    qtbot.keyClick(grid, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu),
                    timeout=TIMEOUT)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    offered = {a.text(): a.isEnabled() for a in menu.actions()}
    assert offered == {"Write note": True, "Move…": True, "Cancel…": True,
                       "Mark completed": True, "Mark no-show": True}
    write = next(a for a in menu.actions() if a.text() == "Write note")
    menu.setActiveAction(write)
    qtbot.keyClick(menu, Qt.Key.Key_Return)

    title = find(window, QLabel, "Note", qtbot=qtbot)
    qtbot.waitUntil(lambda: last_week.isoformat() in title.text(), timeout=TIMEOUT)
    (unit,) = units_of_client(store.sessions, hal)
    found = booked(store, unit.id, weeks=3, since=last_week)
    assert [s.status.value for s in found] == ["completed"]


def test_enter_on_a_free_slot_opens_the_booking_at_that_time_with_every_input_named(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, _store, _ids = practice_with(qtbot, make_controller, tmp_path / "s", "Ida Roe")
    window = controller.window
    show_week(qtbot, window, NEXT_TUESDAY)
    grid = find(window, QTableView, GRID, qtbot=qtbot)
    model = grid.model()
    row = next(r for r in range(model.rowCount())
               if model.headerData(r, Qt.Orientation.Vertical) == "16:30")
    grid.setFocus()
    grid.setCurrentIndex(model.index(row, NEXT_TUESDAY.weekday()))

    qtbot.keyClick(grid, Qt.Key.Key_Return)

    booking = dialog(qtbot, "New session")
    start = find(booking, QDateTimeEdit, "Start", qtbot=qtbot)
    assert wall_of(start) == datetime.combine(NEXT_TUESDAY, time(16, 30))
    field = find(booking, QComboBox, "Client or unit").lineEdit()
    assert field is not None
    pick_by_typing(qtbot, field, "roe", "Ida Roe")  # the suggestions list is named too
    assert unnamed_inputs(booking) == []


def test_a_name_beginning_outside_ascii_is_found_by_typing_it(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, store, (elodie,) = practice_with(qtbot, make_controller, tmp_path / "s",
                                                 "Élodie Brun")

    new_series_from_slot(qtbot, controller.window, "Élodie Brun", NEXT_TUESDAY, time(8, 0),
                         weekly=False)

    (unit,) = units_of_client(store.sessions, elodie)
    assert local_days(store, booked(store, unit.id)) == [(NEXT_TUESDAY, time(8, 0))]
