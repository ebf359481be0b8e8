"""The week (or day) grid as a table model: days across, half-hour slots down.

A scheduled session can be dragged to another slot. The drag carries only which session it
is (ids, never names) and which of its slots was held; a drop proposes the move through
``move_proposed`` and changes nothing itself: the screen checks and saves it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

from practice.schedule.model import SessionStatus
from practice.schedule.timezones import to_local

if TYPE_CHECKING:
    from practice.schedule.model import Appointment

SLOT_MINUTES = 30
SLOTS = 24 * 60 // SLOT_MINUTES
SESSION_ROLE = Qt.ItemDataRole.UserRole + 1
SESSION_MIME = "application/x-practice-session"
_Index = QModelIndex | QPersistentModelIndex
_STATUS_WORDS = {
    SessionStatus.SCHEDULED: "",
    SessionStatus.COMPLETED: " (completed)",
    SessionStatus.CANCELLED: " (cancelled)",
    SessionStatus.LATE_CANCEL: " (late cancel)",
    SessionStatus.NO_SHOW: " (no-show)",
}


@dataclass(frozen=True)
class Placed:
    """A session where the grid shows it: its day column and its first and last slot."""

    session: Appointment
    column: int
    first_row: int
    last_row: int
    label: str


def week_start(day: date) -> date:
    """The Monday of the week holding ``day``."""
    return day - timedelta(days=day.weekday())


def place(session: Appointment, first_day: date, days: int, zone: str, label: str
          ) -> Placed | None:
    """Where a session sits on a grid of ``days`` days from ``first_day`` (None: off it).

    Args:
        session: The session.
        first_day: The grid's first day, on the therapist's clock.
        days: How many days the grid shows.
        zone: The therapist's zone.
        label: What the session's first cell says.

    Returns:
        The placement; a session running past midnight stops at the end of its first day.
    """
    start = to_local(session.start_utc, zone)
    column = (start.date() - first_day).days
    if not 0 <= column < days:
        return None
    first = (start.hour * 60 + start.minute) // SLOT_MINUTES
    minutes = start.hour * 60 + start.minute + session.duration_minutes - 1
    last = min(SLOTS - 1, minutes // SLOT_MINUTES)
    return Placed(session, column, first, last, label)


class WeekModel(QAbstractTableModel):
    """Sessions laid out by day and time; ``data()`` never raises.

    The first cell of a session shows its time and unit; the cells it runs through are
    shaded. ``SESSION_ROLE`` gives the session a cell belongs to.
    """

    move_proposed = Signal(object, object)
    """A session dropped on another slot: (the session, its new local wall start)."""

    def __init__(self) -> None:
        super().__init__()
        self.first_day = week_start(date.today())
        self.days = 7
        self.placed: tuple[Placed, ...] = ()
        # Names this grid in what it drags, so a drop from another window never moves
        # a session there that merely shares an id with one here.
        self._grid_id = uuid.uuid4().hex

    def set_sessions(self, first_day: date, days: int, placed: tuple[Placed, ...]) -> None:
        """Show these sessions on a grid of ``days`` days from ``first_day``.

        Args:
            first_day: The first day shown.
            days: 7 for a week, 1 for a day.
            placed: The sessions and where they sit.
        """
        self.beginResetModel()
        self.first_day, self.days, self.placed = first_day, days, placed
        self.endResetModel()

    def placed_at(self, row: int, column: int) -> Placed | None:
        """The session whose time covers a cell (the one starting there first), placed."""
        covering = [p for p in self.placed
                    if p.column == column and p.first_row <= row <= p.last_row]
        covering.sort(key=lambda p: (p.first_row != row, p.first_row))
        return covering[0] if covering else None

    def session_at(self, row: int, column: int) -> Appointment | None:
        """The session whose time covers a cell (the one starting there first)."""
        placed = self.placed_at(row, column)
        return placed.session if placed is not None else None

    def index_of(self, session: Appointment) -> QModelIndex:
        """The first cell of a session shown (an invalid index when it is not shown)."""
        for p in self.placed:
            if p.session.is_same_session(session) or p.session == session:
                return self.index(p.first_row, p.column)
        return QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """Half-hour slots of a day."""
        return 0 if parent.isValid() else SLOTS

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Days shown."""
        return 0 if parent.isValid() else self.days

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Labels, shading and the session of a cell; None for other roles."""
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(p.label for p in self.placed
                             if p.column == column and p.first_row == row)
        if role == SESSION_ROLE:
            return self.session_at(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and self.session_at(row, column) is not None:
            colour = QApplication.palette().color(QPalette.ColorRole.Highlight)
            colour.setAlpha(45)  # a tint of the user's own highlight, text stays readable
            return QBrush(colour)
        return None

    def headerData(  # noqa: N802 - Qt's API
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Day names across, times down; None for other roles."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < self.days:
            return f"{self.first_day + timedelta(days=section):%a %d %b}"
        if orientation == Qt.Orientation.Vertical and 0 <= section < SLOTS:
            minutes = section * SLOT_MINUTES
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
        return None

    def slot_start(self, row: int, column: int) -> datetime:
        """The local wall time a cell starts at (for a new session clicked there)."""
        day = self.first_day + timedelta(days=column)
        return datetime(day.year, day.month, day.day) + timedelta(minutes=row * SLOT_MINUTES)

    # --- dragging a session to another slot ----------------------------------------------

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Every slot takes a drop; only a scheduled session's slots can be dragged."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                 | Qt.ItemFlag.ItemIsDropEnabled)
        if _movable(self.placed_at(index.row(), index.column())):
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 - Qt's API
        """A session is moved, never copied."""
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 - Qt's API
        """A session is moved, never copied."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt's API
        """The one kind of drag this grid makes and takes."""
        return [SESSION_MIME]

    # Qt takes a null QMimeData as "nothing to drag"; PySide's stub does not say so.
    def mimeData(  # type: ignore[override]  # noqa: N802 - Qt's API
        self, indexes: Sequence[QModelIndex],
    ) -> QMimeData | None:
        """What dragging the held slot carries: which session, and which of its slots.

        Args:
            indexes: The slot held (one; a scheduled session's).

        Returns:
            The drag's data, or None when there is no scheduled session to drag.
        """
        cells = [i for i in indexes if i.isValid()]
        held = self.placed_at(cells[0].row(), cells[0].column()) if len(cells) == 1 else None
        if held is None or not _movable(held):
            return None
        payload = {"grid": self._grid_id, "session": _session_key(held.session),
                   "held_rows": cells[0].row() - held.first_row}
        data = QMimeData()
        data.setData(SESSION_MIME, QByteArray(json.dumps(payload).encode()))
        return data

    def canDropMimeData(  # noqa: N802 - Qt's API
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index,
    ) -> bool:
        """Whether a drop there would move a session (not back where it was)."""
        return self.drop_target(data, row, column, parent) is not None

    def dropMimeData(  # noqa: N802 - Qt's API
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index,
    ) -> bool:
        """Propose moving the dropped session; nothing is saved here.

        Returns:
            Whether a move was proposed (through ``move_proposed``).
        """
        target = self.drop_target(data, row, column, parent)
        if target is None or action != Qt.DropAction.MoveAction:
            return False
        self.move_proposed.emit(*target)
        return True

    def drop_target(self, data: QMimeData, row: int, column: int, parent: _Index,
                    ) -> tuple[Appointment, datetime] | None:
        """The session a drop moves and its new local start, snapped to a slot.

        The slot held keeps its place under the pointer, so the session moves by whole
        slots and keeps its length; a drop on another day's column changes the date.

        Args:
            data: The drag's data.
            row: The slot dropped on, when ``parent`` is not the cell itself.
            column: The day dropped on, likewise.
            parent: The cell dropped on (Qt's drop on an item).

        Returns:
            The session and its new wall start; None for anything else, including a
            drop that leaves the session where it was.
        """
        payload = _read_payload(data)
        if parent.isValid():
            row, column = parent.row(), parent.column()
        if payload is None or payload["grid"] != self._grid_id or not (
                0 <= row < SLOTS and 0 <= column < self.days):
            return None
        origin = next((p for p in self.placed if _movable(p)
                       and _session_key(p.session) == payload["session"]), None)
        first_row = max(0, row - payload["held_rows"])
        if origin is None or (column, first_row) == (origin.column, origin.first_row):
            return None
        return origin.session, self.slot_start(first_row, column)


def _movable(placed: Placed | None) -> bool:
    """Only a session still to happen (scheduled) is moved; the others are history."""
    return placed is not None and placed.session.status is SessionStatus.SCHEDULED


def _session_key(session: Appointment) -> dict[str, Any]:
    """A session's identity in a drag: its row, or its series and occurrence."""
    recurrence = session.recurrence_id
    return {"id": session.id, "series_id": session.series_id,
            "recurrence_id": recurrence.isoformat() if recurrence is not None else None}


def _read_payload(data: QMimeData) -> dict[str, Any] | None:
    """The drag's data as this grid wrote it; None for anything else."""
    if not data.hasFormat(SESSION_MIME):
        return None
    try:
        payload = json.loads(bytes(data.data(SESSION_MIME).data()))
        well_formed = (isinstance(payload["grid"], str) and isinstance(payload["session"], dict)
                       and isinstance(payload["held_rows"], int))
    except (ValueError, TypeError, KeyError):
        return None
    return payload if well_formed else None


def session_label(session: Appointment, zone: str, unit_name: str) -> str:
    """What a session's first cell says: its local start, its unit and its status."""
    start = to_local(session.start_utc, zone)
    place_word = " · video" if session.location.value == "telehealth" else ""
    return f"{start:%H:%M} {unit_name}{place_word}{_STATUS_WORDS[session.status]}"
