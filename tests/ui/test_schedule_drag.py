"""The Schedule grid: a session dragged to another slot is moved, checked as the dialog checks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from practice.schedule.model import Appointment, SessionStatus
from practice.schedule.timezones import wall_to_utc
from practice.services import schedule
from practice.services.schedule import SessionRef
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core.test_schedule_store import CHICAGO, Practice, session_at, set_up_practice
from tests.ui.conftest import ContextFactory, wait_idle
from tests.ui.test_schedule_screen import TUESDAY, at, book_weekly
from ui.models.week import SESSION_MIME, SLOT_MINUTES, week_start
from ui.screens.schedule import ScheduleScreen, grid
from ui.screens.schedule.move import SCOPE_QUESTION, MoveDialog

WEDNESDAY = TUESDAY + timedelta(days=1)
THURSDAY = TUESDAY + timedelta(days=2)


@pytest.fixture
def shown(qtbot: QtBot, make_context: ContextFactory, store_path: Path,
          ) -> Iterator[tuple[ScheduleScreen, Practice]]:
    """The Schedule screen on a real store, showing the week of ``TUESDAY``."""
    context = make_context(store_path)
    context.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    practice = set_up_practice(context.store)
    screen = ScheduleScreen(context)
    qtbot.addWidget(screen)
    screen.show_day(TUESDAY)
    wait_idle(qtbot, context)
    yield screen, practice
    screen.clear()


def book(qtbot: QtBot, screen: ScheduleScreen, practice: Practice, unit_id: int,
         start: datetime) -> int:
    """Book a standalone session (Chicago wall time) and show it."""
    booked = schedule.book(practice.sessions, session_at(unit_id, wall_to_utc(start, CHICAGO)))
    screen.load()
    wait_idle(qtbot, screen.context)
    assert booked.appointment.id is not None
    return booked.appointment.id


def row(hour: int, minute: int = 0) -> int:
    """The grid row of a time of day."""
    return (hour * 60 + minute) // SLOT_MINUTES


def drag_data(screen: ScheduleScreen, held: tuple[int, int]) -> QMimeData:
    data = screen.model.mimeData([screen.model.index(*held)])
    assert data is not None and data.hasFormat(SESSION_MIME)
    return data


def drop(qtbot: QtBot, screen: ScheduleScreen, data: QMimeData, cell: tuple[int, int]) -> bool:
    """Drop as Qt's view does on a cell, then let the queued move run to its end."""
    model = screen.model
    dropped = model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index(*cell))
    QApplication.processEvents()  # the move is proposed once the drag loop has ended
    wait_idle(qtbot, screen.context)
    return dropped


def stored(practice: Practice, appointment_id: int) -> Appointment:
    return schedule.get_session(practice.sessions, SessionRef(appointment_id))


def test_a_session_dragged_to_a_free_slot_on_another_day_moves_there_and_keeps_its_length(
    qtbot: QtBot, shown: tuple[ScheduleScreen, Practice],
) -> None:
    screen, practice = shown
    booked = book(qtbot, screen, practice, practice.ana_alone, at(TUESDAY, 10))
    # Held by its second slot (10:30) and dropped on Thursday 14:30: it starts at 14:00.
    assert drop(qtbot, screen, drag_data(screen, (row(10, 30), 1)), (row(14, 30), 3))

    moved = stored(practice, booked)
    assert moved.start_utc == wall_to_utc(at(THURSDAY, 14), CHICAGO)  # the Chicago instant
    assert moved.duration_minutes == 50 and moved.status is SessionStatus.SCHEDULED
    assert screen.dialog is None  # nothing stood in the way: no dialog at all
    assert [(p.column, p.first_row) for p in screen.model.placed] == [(3, row(14))]


def test_a_session_dragged_onto_a_booked_slot_is_refused_with_the_reason(
    qtbot: QtBot, shown: tuple[ScheduleScreen, Practice],
) -> None:
    screen, practice = shown
    booked = book(qtbot, screen, practice, practice.ana_alone, at(TUESDAY, 10))
    book(qtbot, screen, practice, practice.couple, at(WEDNESDAY, 15))  # Ana is expected there
    assert drop(qtbot, screen, drag_data(screen, (row(10), 1)), (row(15), 2))

    dialog = screen.dialog
    assert isinstance(dialog, MoveDialog) and dialog.isVisible()
    assert "already expected at the session" in dialog.message.text()
    assert not dialog.save_button.isEnabled() and not dialog.override_button.isVisible()
    assert stored(practice, booked).start_utc == wall_to_utc(at(TUESDAY, 10), CHICAGO)

    dialog.reject()  # as Escape does
    wait_idle(qtbot, screen.context)
    assert screen.dialog is None
    assert stored(practice, booked).start_utc == wall_to_utc(at(TUESDAY, 10), CHICAGO)


def test_a_licensure_warning_on_a_dragged_session_is_shown_and_saved_once_confirmed(
    qtbot: QtBot, shown: tuple[ScheduleScreen, Practice],
) -> None:
    screen, practice = shown
    booked = schedule.book(practice.sessions, session_at(
        practice.cleo_alone, wall_to_utc(at(TUESDAY, 9), CHICAGO), telehealth=True),
        ).appointment
    screen.load()
    wait_idle(qtbot, screen.context)
    assert drop(qtbot, screen, drag_data(screen, (row(9), 1)), (row(11), 1))
    dialog = screen.dialog
    assert isinstance(dialog, MoveDialog) and dialog.isVisible()
    assert "(TX) is not covered by an active licence" in dialog.message.text()
    assert booked.id is not None
    assert stored(practice, booked.id).start_utc == booked.start_utc  # not yet

    dialog.save_button.click()
    wait_idle(qtbot, screen.context)
    assert screen.dialog is None
    assert stored(practice, booked.id).start_utc == wall_to_utc(at(TUESDAY, 11), CHICAGO)


def test_dragging_one_session_of_a_weekly_series_asks_and_moves_only_that_one(
    qtbot: QtBot, shown: tuple[ScheduleScreen, Practice],
) -> None:
    screen, practice = shown
    book_weekly(practice, practice.ana_alone, at(TUESDAY, 10))
    screen.load()
    wait_idle(qtbot, screen.context)
    assert drop(qtbot, screen, drag_data(screen, (row(10), 1)), (row(15), 2))

    dialog = screen.dialog
    assert isinstance(dialog, MoveDialog) and dialog.isVisible()
    assert dialog.message.text() == SCOPE_QUESTION and dialog.only_this.isChecked()
    dialog.save_button.click()
    wait_idle(qtbot, screen.context)
    assert screen.dialog is None

    monday = week_start(TUESDAY)
    found = schedule.week_view(practice.sessions, wall_to_utc(at(monday, 0), CHICAGO),
                               wall_to_utc(at(monday + timedelta(weeks=3), 0), CHICAGO))
    assert [s.start_utc for s in found] == [
        wall_to_utc(at(day, hour), CHICAGO) for day, hour in (
            (WEDNESDAY, 15), (TUESDAY + timedelta(weeks=1), 10),
            (TUESDAY + timedelta(weeks=2), 10))]


def test_a_drop_back_where_the_session_was_proposes_nothing(
    qtbot: QtBot, shown: tuple[ScheduleScreen, Practice],
) -> None:
    screen, practice = shown
    booked = book(qtbot, screen, practice, practice.ana_alone, at(TUESDAY, 10, 15))
    data = drag_data(screen, (row(10, 30), 1))
    with qtbot.assertNotEmitted(screen.model.move_proposed):
        assert not drop(qtbot, screen, data, (row(10, 30), 1))
        assert not screen.model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1,
                                                screen.model.index(row(10, 30), 1))
    assert screen.dialog is None
    assert stored(practice, booked).start_utc == wall_to_utc(at(TUESDAY, 10, 15), CHICAGO)


def test_a_completed_session_cannot_be_dragged(
    qtbot: QtBot, shown: tuple[ScheduleScreen, Practice],
) -> None:
    screen, practice = shown
    last_tuesday = week_start(date.today()) - timedelta(days=6)  # always in the past
    screen.show_day(last_tuesday)
    booked = book(qtbot, screen, practice, practice.ana_alone, at(last_tuesday, 10))
    data = drag_data(screen, (row(10), 1))  # a drag begun while it was still scheduled
    schedule.complete_session(practice.sessions, SessionRef(booked))
    screen.load()
    wait_idle(qtbot, screen.context)

    cell = screen.model.index(row(10), 1)
    assert not screen.model.flags(cell) & Qt.ItemFlag.ItemIsDragEnabled
    assert screen.model.mimeData([cell]) is None
    assert not drop(qtbot, screen, data, (row(12), 1))  # the old drag moves nothing
    assert stored(practice, booked).start_utc == wall_to_utc(at(last_tuesday, 10), CHICAGO)


@dataclass
class Drags:
    """The drags the grid started; each is dropped at ``target`` instead of Qt's drag loop."""

    view: QTableView
    origin: QPoint = field(default_factory=QPoint)
    target: QPoint = field(default_factory=QPoint)
    started: list[QMimeData] = field(default_factory=list)

    def drop(self, data: QMimeData) -> Qt.DropAction:
        """Deliver what a drag from ``origin`` dropped at ``target`` sends to the grid."""
        self.started.append(data)
        move, left, none = (Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
        enter = QDragEnterEvent(self.origin, move, data, left, none)  # over the slot held
        QApplication.sendEvent(self.view.viewport(), enter)
        assert enter.isAccepted()  # the grid takes the drag from where it starts
        for event in (QDragMoveEvent(self.target, move, data, left, none),
                      QDropEvent(QPointF(self.target), move, data, left, none)):
            QApplication.sendEvent(self.view.viewport(), event)
        return move


@pytest.fixture
def drags(shown: tuple[ScheduleScreen, Practice], monkeypatch: pytest.MonkeyPatch) -> Drags:
    """Drags on the shown grid, dropped where the test points (offscreen Qt has no drag)."""
    record = Drags(shown[0].table)

    class DropThere(QDrag):
        def exec(self, *_actions: Qt.DropAction) -> Qt.DropAction:  # type: ignore[override]
            return record.drop(self.mimeData())

    monkeypatch.setattr(grid, "QDrag", DropThere)
    return record


def press_and_drag(qtbot: QtBot, drags: Drags, held: tuple[int, int],
                   dropped: tuple[int, int]) -> None:
    view = drags.view
    start = drags.origin = view.visualRect(view.model().index(*held)).center()
    drags.target = view.visualRect(view.model().index(*dropped)).center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), pos=start + QPoint(0, 2))
    qtbot.mouseMove(view.viewport(), pos=drags.target)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=drags.target)


def test_pressing_and_moving_on_a_session_in_the_day_view_drags_it_to_the_slot(
    qtbot: QtBot, shown: tuple[ScheduleScreen, Practice], drags: Drags,
) -> None:
    screen, practice = shown
    screen.view_choice.setCurrentIndex(1)  # the day view of Tuesday
    booked = book(qtbot, screen, practice, practice.ana_alone, at(TUESDAY, 8))
    screen.resize(900, 1400)
    screen.show()
    qtbot.waitExposed(screen)

    press_and_drag(qtbot, drags, (row(8), 0), (row(9, 30), 0))
    QApplication.processEvents()
    wait_idle(qtbot, screen.context)
    assert [d.hasFormat(SESSION_MIME) for d in drags.started] == [True]
    assert stored(practice, booked).start_utc == wall_to_utc(at(TUESDAY, 9, 30), CHICAGO)

    schedule.complete_session(practice.sessions, SessionRef(booked),
                              now_utc=wall_to_utc(at(TUESDAY, 11), CHICAGO))
    screen.load()
    wait_idle(qtbot, screen.context)
    press_and_drag(qtbot, drags, (row(9, 30), 0), (row(12), 0))
    assert len(drags.started) == 1  # a completed session starts no drag
