"""First-week steps for notes and the schedule, driven only through what the app shows.

Every step starts anywhere in the unlocked workspace and finds its own way through the
sidebar. Where each ends:

- ``open_chart``: on the client's chart (from a note editor too; see ``clients.open_chart``).
- ``new_progress_note``: back on the client's chart, the note signed.
- ``new_psychotherapy_note``: back on the client's chart, the private note saved.
- ``new_series_from_slot``: on the Schedule, showing the week of the first session.
- ``write_note_from_session``: in the progress-note editor of that session's note (draft).
- ``show_week``: on the Schedule, showing the week holding a day.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from tests.ui.first_week import clients as clients_steps
from tests.ui.first_week.app import go_to
from tests.ui.visible import (
    TIMEOUT,
    answer,
    choose,
    click,
    dialog,
    find,
    open_tab,
    type_into,
)
from ui.window import MainWindow

GRID = "Sessions by day and time"


def showing(window: QWidget) -> bool:
    """Whether a dialog is still on screen (a closed one may already be gone)."""
    return isValid(window) and window.isVisible()


def open_chart(qtbot: QtBot, window: MainWindow, client: str) -> None:
    """Open a client's chart from the Clients list, leaving a note editor first if need be."""
    back = [b for b in window.findChildren(QAbstractButton)
            if b.isVisible() and b.text() == "← Chart"]
    if back:  # leaving the editor saves what was typed, then shows the chart
        click(qtbot, window, "← Chart")
    clients_steps.open_chart(qtbot, window, client)


def pick_by_typing(qtbot: QtBot, field: QLineEdit, typed: str, wanted: str) -> None:
    """Type into a field with type-ahead, then choose ``wanted`` from its list by keyboard.

    Args:
        qtbot: The test's bot.
        field: The text field the list of suggestions belongs to.
        typed: What is typed ("dyspar", "F52.6", "ana").
        wanted: The suggestion to choose ("Ana Lee"), or words it starts with ("F52.6").
    """
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    for char in typed:  # Qt's key clicks know only ASCII; the rest arrives as text
        if char.isascii():
            qtbot.keyClicks(field, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(field, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                        Qt.KeyboardModifier.NoModifier, char))
    completer = field.completer()
    assert completer is not None, "the field offers no suggestions"
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=TIMEOUT)
    offered = [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]
    matching = ([row for row, text in enumerate(offered) if text == wanted]
                or [row for row, text in enumerate(offered) if str(text).startswith(wanted)])
    assert matching, f"typing {typed!r} offers no {wanted!r}: {offered}"
    for _ in range(matching[0] + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=TIMEOUT)


def new_progress_note(qtbot: QtBot, window: MainWindow, client: str, *, text: str,
                      diagnosis: str) -> None:
    """Write today's progress note for a client seen alone, add a diagnosis, and sign it.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        client: The client's name as the list shows it.
        text: What goes in the note's first section (Subjective, for a SOAP note).
        diagnosis: What is typed in "Diagnosis code" ("dyspar" or "F52.6"); the first
            suggestion offered is chosen with the keyboard and added with Enter.
    """
    open_chart(qtbot, window, client)
    open_tab(qtbot, window, "Notes")
    choose(qtbot, window, "Unit of the new note", client)
    choose(qtbot, window, "Format of the new note", "SOAP")
    click(qtbot, window, "New progress note")
    type_into(qtbot, window, "Subjective", text)
    code = find(window, QLineEdit, "Diagnosis code", qtbot=qtbot)
    pick_by_typing(qtbot, code, diagnosis, "")
    qtbot.keyClick(code, Qt.Key.Key_Return)  # Enter in the box adds the code chosen
    added = find(window, QListWidget, "Diagnoses", qtbot=qtbot)
    qtbot.waitUntil(lambda: added.count() == 1, timeout=TIMEOUT)
    refused = [box.text() for box in QApplication.topLevelWidgets()
               if isinstance(box, QMessageBox) and box.isVisible()]
    assert not refused, f"the diagnosis was refused: {refused}"
    click(qtbot, window, "Sign note…")
    answer(qtbot, "Sign")
    title = find(window, QLabel, "Note", qtbot=qtbot)
    qtbot.waitUntil(lambda: "signed" in title.text(), timeout=TIMEOUT)
    click(qtbot, window, "← Chart")
    find(window, QAbstractItemView, "Progress notes, newest first", qtbot=qtbot)


def new_psychotherapy_note(qtbot: QtBot, window: MainWindow, client: str, text: str) -> None:
    """Write today's private process note for a client seen alone; back to the chart.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        client: The client's name as the list shows it.
        text: The note's text.
    """
    open_chart(qtbot, window, client)
    open_tab(qtbot, window, "Psychotherapy notes")
    choose(qtbot, window, "Unit of the psychotherapy note", client)
    before = find(window, QListWidget, "Psychotherapy notes", qtbot=qtbot).count()
    click(qtbot, window, "New psychotherapy note")
    box = find(window, QPlainTextEdit, "Psychotherapy note text", qtbot=qtbot)
    qtbot.waitUntil(box.isEnabled, timeout=TIMEOUT)  # the new note has been read
    type_into(qtbot, window, "Psychotherapy note text", text)
    click(qtbot, window, "← Chart")  # leaving saves what was typed
    listing = find(window, QListWidget, "Psychotherapy notes", qtbot=qtbot)
    qtbot.waitUntil(lambda: listing.count() == before + 1, timeout=TIMEOUT)


def show_week(qtbot: QtBot, window: MainWindow, day: date) -> None:
    """Open the Schedule on the week holding ``day`` (Today, then Next or Previous)."""
    go_to(qtbot, window, "Schedule")
    click(qtbot, window, "Today")
    monday = day - timedelta(days=day.weekday())
    this_monday = date.today() - timedelta(days=date.today().weekday())
    weeks = (monday - this_monday).days // 7
    shown = find(window, QLabel, "Days shown", qtbot=qtbot)
    qtbot.waitUntil(lambda: shown.text().startswith(f"{this_monday:%d %b}"), timeout=TIMEOUT)
    for _ in range(abs(weeks)):
        click(qtbot, window, "Next" if weeks > 0 else "Previous")
    qtbot.waitUntil(lambda: shown.text().startswith(f"{monday:%d %b}"), timeout=TIMEOUT)


def _slot(grid: QTableView, day: date, at: time | None, who: str | None) -> QModelIndex:
    """The grid's cell for a day at a time, or the day's first cell naming ``who``."""
    model = grid.model()
    columns = [c for c in range(model.columnCount())
               if model.headerData(c, Qt.Orientation.Horizontal) == f"{day:%a %d %b}"]
    assert columns, f"the grid does not show {day}"
    for row in range(model.rowCount()):
        index = model.index(row, columns[0])
        if at is not None and model.headerData(row, Qt.Orientation.Vertical) == f"{at:%H:%M}":
            return index
        if who is not None and who in str(index.data() or ""):
            return index
    raise AssertionError(f"no slot on {day} for {at or who!r}")


def new_series_from_slot(qtbot: QtBot, window: MainWindow, who: str, first_day: date,
                         at: time, weekly: bool, count_or_until: int | date | None = None
                         ) -> None:
    """Book a session (or a weekly series) by double-clicking a free slot in the week.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        who: The client or unit as the booking list names it ("Ana Lee", "Ana Lee & Ben
            Cole (couple)"); typed in part and chosen from the suggestions.
        first_day: The day of the (first) session.
        at: Its start on the therapist's clock (on the half hour).
        weekly: Whether it repeats every week.
        count_or_until: For a series, the number of sessions or the last session's day.
    """
    show_week(qtbot, window, first_day)
    grid = find(window, QTableView, GRID, qtbot=qtbot)
    index = _slot(grid, first_day, at, None)
    grid.scrollTo(index)
    centre = grid.visualRect(index).center()
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    booking = dialog(qtbot, "New session")
    field = find(booking, QComboBox, "Client or unit", qtbot=qtbot).lineEdit()
    assert field is not None
    pick_by_typing(qtbot, field, who[:3], who)
    if weekly:
        choose(qtbot, booking, "Repeat", "Weekly")
        if isinstance(count_or_until, date):
            type_into(qtbot, booking, "Last session on", count_or_until.isoformat())
        elif isinstance(count_or_until, int):
            type_into(qtbot, booking, "Number of sessions", str(count_or_until))
    click(qtbot, booking, "Save")
    message = find(booking, QLabel, "Before saving")

    def settled() -> bool:
        return not showing(booking) or "Press Save again" in message.text()

    qtbot.waitUntil(settled, timeout=TIMEOUT)
    if showing(booking):  # warnings only (say, a licensure note): book with them
        click(qtbot, booking, "Save")
    qtbot.waitUntil(lambda: not showing(booking), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: who.split(" (")[0] in str(_slot(grid, first_day, at, None).data()),
                    timeout=TIMEOUT)


def write_note_from_session(qtbot: QtBot, window: MainWindow, who: str, day: date) -> None:
    """Open the note of ``who``'s session on ``day`` from the Schedule ("Write note").

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        who: Words the session's label shows (the client's or unit's name).
        day: The session's day (today or earlier: a note records what happened).
    """
    show_week(qtbot, window, day)
    grid = find(window, QTableView, GRID, qtbot=qtbot)
    qtbot.waitUntil(lambda: _has(grid, day, who), timeout=TIMEOUT)
    index = _slot(grid, day, None, who)
    grid.scrollTo(index)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=grid.visualRect(index).center())
    click(qtbot, window, "Write note")
    title = find(window, QLabel, "Note", qtbot=qtbot)
    qtbot.waitUntil(lambda: f"Progress note, {day.isoformat()}" in title.text(),
                    timeout=TIMEOUT)
    find(window, QPlainTextEdit, "Subjective", qtbot=qtbot)
    QApplication.processEvents()


def _has(grid: QTableView, day: date, who: str) -> bool:
    try:
        _slot(grid, day, None, who)
    except AssertionError:
        return False
    return True
