"""The week (or day) grid as a table model: days across, half-hour slots down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

from practice.schedule.model import SessionStatus
from practice.schedule.timezones import to_local

if TYPE_CHECKING:
    from practice.schedule.model import Appointment

SLOT_MINUTES = 30
SLOTS = 24 * 60 // SLOT_MINUTES
SESSION_ROLE = Qt.ItemDataRole.UserRole + 1
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

    def __init__(self) -> None:
        super().__init__()
        self.first_day = week_start(date.today())
        self.days = 7
        self.placed: tuple[Placed, ...] = ()

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

    def session_at(self, row: int, column: int) -> Appointment | None:
        """The session whose time covers a cell (the one starting there first)."""
        covering = [p for p in self.placed
                    if p.column == column and p.first_row <= row <= p.last_row]
        covering.sort(key=lambda p: (p.first_row != row, p.first_row))
        return covering[0].session if covering else None

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


def session_label(session: Appointment, zone: str, unit_name: str) -> str:
    """What a session's first cell says: its local start, its unit and its status."""
    start = to_local(session.start_utc, zone)
    place_word = " · video" if session.location.value == "telehealth" else ""
    return f"{start:%H:%M} {unit_name}{place_word}{_STATUS_WORDS[session.status]}"
