"""The Schedule section: a week or day grid, and the actions on the session selected."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice.schedule.model import SessionStatus
from practice.schedule.timezones import to_local, wall_to_utc
from ui import icons
from ui.models.directory import Directory, practice_zone, read_directory, read_named
from ui.models.session_note import NOTE_STATUSES, SessionNote, note_for_session
from ui.models.week import SLOT_MINUTES, WeekModel, place, session_label, week_start
from ui.screens.base import Screen
from ui.screens.billing.estimate_prompt import offer_estimate
from ui.screens.billing.policy_fee import offer_policy_fee
from ui.screens.jump import open_note_from_chart, start_new_client
from ui.screens.schedule.booking import BookingDialog, default_start
from ui.screens.schedule.cancel import CancelDialog
from ui.screens.schedule.grid import WeekGrid
from ui.screens.schedule.move import MoveDialog
from ui.widgets.empty_state import EmptyState

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.schedule.model import Appointment
    from practice.services.schedule import SessionTimes
    from ui.context import AppContext

_FIRST_HOUR_SHOWN = 7
_FIRST_WORKING_HOUR = 9  # where a new session starts on a day other than today
NO_CLIENTS = ("Your sessions will show here, week by week. Clients come first: add your "
              "first client, then double-click a free time here to book their sessions.")
HOW_TO_BOOK = "Double-click a free time (or press Enter on it) to book a session there."


@dataclass(frozen=True)
class WeekData:
    """What the grid shows, read on the worker."""

    zone: str
    directory: Directory  # only the units shown and their members
    sessions: tuple[Appointment, ...]
    has_clients: bool = True


def read_week(sessions: sessionmaker[Session], first_day: date, days: int) -> WeekData:
    """Read the zone, the sessions of the days shown and their units (call on the worker)."""
    from practice.services.schedule import week_view

    zone = practice_zone(sessions)
    start = wall_to_utc(datetime(first_day.year, first_day.month, first_day.day), zone)
    last = first_day + timedelta(days=days)
    end = wall_to_utc(datetime(last.year, last.month, last.day), zone)
    found = week_view(sessions, start, end)
    names = read_named(sessions, {s.unit_id for s in found}, with_members=True)
    return WeekData(zone, names, tuple(found), has_clients=bool(found) or _any_client(sessions))


def _any_client(sessions: sessionmaker[Session]) -> bool:
    """Whether the practice has a client yet (one row read, however large it is)."""
    from practice.services.clients import list_clients

    return bool(list_clients(sessions, limit=1))


class ScheduleScreen(Screen):
    """Schedule: the week (or day); book, move (by dialog or drag), cancel, mark statuses."""

    title = "Schedule"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = WeekModel()
        self.data: WeekData | None = None
        self.day = date.today()
        self.dialog: BookingDialog | MoveDialog | CancelDialog | None = None
        self.table = WeekGrid(self.model)
        self.table.selectionModel().currentChanged.connect(self._cell_chosen)
        self.table.slot_activated.connect(self._slot_activated)
        self.table.menu_requested.connect(self._slot_menu)
        self.empty = EmptyState(NO_CLIENTS, "New client", lambda: start_new_client(self))
        self.empty.hide()
        self.hint = QLabel(HOW_TO_BOOK)
        self.hint.setAccessibleName("How to book")
        # Queued: the move is checked once the drag has ended, never inside Qt's drag loop.
        self.model.move_proposed.connect(self.propose_move, Qt.ConnectionType.QueuedConnection)
        self.range_label = QLabel("")
        self.range_label.setAccessibleName("Days shown")
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Selected session")
        self.view_choice = QComboBox()
        self.view_choice.setAccessibleName("View")
        self.view_choice.addItems(["Week", "Day"])
        self.view_choice.view().setAccessibleName("Views")
        self.view_choice.currentIndexChanged.connect(lambda _i: self.load())
        self.new_button = self._button("New session…", self.new_session)
        self.move_button = self._button("Move…", self.move_selected)
        self.cancel_button = self._button("Cancel…", self.cancel_selected)
        self.completed_button = self._button(
            "Mark completed", lambda: self.set_status(SessionStatus.COMPLETED))
        self.no_show_button = self._button(
            "Mark no-show", lambda: self.set_status(SessionStatus.NO_SHOW))
        self.note_button = self._button("Write note", self.write_note)
        self.note_button.setToolTip("Open this session's progress note, or start it with the "
                                    "clients expected as attendees; a session still marked "
                                    "scheduled is marked completed.")
        self._lay_out()
        self._enable_actions(None)

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(slot)
        icons.adorn(button)
        return button

    def _lay_out(self) -> None:
        nav = QHBoxLayout()
        for text, step in (("Previous", -1), ("Today", 0), ("Next", 1)):
            nav.addWidget(self._button(text, lambda _c=False, s=step: self.step(s)))
        nav.addWidget(self.view_choice)
        nav.addWidget(self.range_label, 1)
        nav.addWidget(self.new_button)
        actions = QHBoxLayout()
        for button in (self.note_button, self.move_button, self.cancel_button,
                       self.completed_button, self.no_show_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(nav)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.details)
        layout.addLayout(actions)

    # --- reading -------------------------------------------------------------------------

    @property
    def days(self) -> int:
        """Days shown: 7 for the week view, 1 for the day view."""
        return 1 if self.view_choice.currentIndex() == 1 else 7

    @property
    def first_day(self) -> date:
        """The first day shown."""
        return self.day if self.days == 1 else week_start(self.day)

    def show_day(self, day: date) -> None:
        """Show the week (or day) holding ``day``."""
        self.day = day
        self.load()

    def step(self, direction: int) -> None:
        """Go back or forward a week (or day); 0 goes to today."""
        self.show_day(date.today() if direction == 0
                      else self.day + timedelta(days=direction * self.days))

    def load(self) -> None:
        """Read the days shown from the store."""
        first, days = self.first_day, self.days
        self.context.read(lambda sessions: read_week(sessions, first, days),
                          on_success=lambda d: self._show(d, first, days), parent=self)

    def _show(self, data: WeekData, first: date, days: int) -> None:
        self.data = data
        placed = tuple(
            p for p in (place(s, first, days, data.zone,
                              session_label(s, data.zone, data.directory.unit_name(s.unit_id)))
                        for s in data.sessions) if p is not None)
        self.model.set_sessions(first, days, placed)
        last = first + timedelta(days=days - 1)
        span = f"{first:%a %d %b %Y}" if days == 1 else f"{first:%d %b} – {last:%d %b %Y}"
        self.range_label.setText(f"{span} ({data.zone})")
        # An empty store: say what the schedule is for and what comes first, not a bare grid.
        self.empty.setVisible(not data.has_clients)
        self.table.setVisible(data.has_clients)
        self.hint.setVisible(data.has_clients)
        self.table.scrollTo(self.model.index(_FIRST_HOUR_SHOWN * 60 // SLOT_MINUTES, 0),
                            QAbstractItemView.ScrollHint.PositionAtTop)
        self.details.clear()
        self._enable_actions(None)

    # --- the selected session ------------------------------------------------------------

    def selected(self) -> Appointment | None:
        """The session in the current cell, if any."""
        index = self.table.currentIndex()
        return self.model.session_at(index.row(), index.column()) if index.isValid() else None

    def select(self, session: Appointment) -> bool:
        """Make a shown session the current one (as a click on it would)."""
        index = self.model.index_of(session)
        if index.isValid():
            self.table.setCurrentIndex(index)
        return index.isValid()

    def _cell_chosen(self, index: QModelIndex, _previous: QModelIndex) -> None:
        session = self.model.session_at(index.row(), index.column())
        self._enable_actions(session)
        store = self.context.store
        if session is None or store is None or self.data is None:
            self.details.clear()
            return
        def work(sessions: sessionmaker[Session]) -> SessionTimes:
            from practice.services.schedule import session_times

            return session_times(sessions, session)

        self.context.read(work, on_success=lambda t: self._show_times(session, t), parent=self)

    def _show_times(self, session: Appointment, times: SessionTimes) -> None:
        if self.data is None:
            return
        names = self.data.directory
        lines = [f"{names.unit_name(session.unit_id)}: {times.therapist}"
                 f" — {session.status.value.replace('_', ' ')}"]
        lines += [f"{names.client_name(c.client_id)}'s clock: {c.text}"
                  for c in times.clients if c.zone_recorded and c.zone != self.data.zone]
        self.details.setText("\n".join(lines))

    def _enable_actions(self, session: Appointment | None) -> None:
        now = datetime.now(UTC)
        open_session = session is not None and session.status is SessionStatus.SCHEDULED
        started = session is not None and session.start_utc <= now
        self.move_button.setEnabled(open_session)
        self.cancel_button.setEnabled(open_session)
        self.completed_button.setEnabled(open_session and started)
        self.no_show_button.setEnabled(open_session and started)
        self.note_button.setEnabled(session is not None and started
                                    and session.status in NOTE_STATUSES)

    # --- actions -------------------------------------------------------------------------

    def new_session(self) -> None:
        """Open the booking dialog, starting at the cell chosen or the next hour."""
        if self.data is None:
            return
        index = self.table.currentIndex()
        if index.isValid() and self.selected() is None:
            start = self.model.slot_start(index.row(), index.column())
        else:
            start = default_start(to_local(datetime.now(UTC), self.data.zone))
            if not 0 <= (start.date() - self.model.first_day).days < self.days:
                start = self.model.slot_start(_FIRST_WORKING_HOUR * 60 // SLOT_MINUTES, 0)
        zone = self.data.zone
        # Booking chooses among every unit: read them now, not with every week shown.
        self.context.read(read_directory,
                          on_success=lambda directory: self._book(directory, zone, start),
                          parent=self)

    def _book(self, directory: Directory, zone: str, start: datetime) -> None:
        if self.data is None or self.dialog is not None:
            return  # locked, or another dialog opened while the units were read
        dialog = BookingDialog(self.context, directory, zone, start, self)
        dialog.clients_wanted.connect(lambda: start_new_client(self))
        # A self-pay client's first session: the No Surprises Act owes them an estimate.
        dialog.saved.connect(lambda stored: offer_estimate(self, self.context, stored))
        self._open(dialog, show=False)
        dialog.start_form()

    def _slot_activated(self, index: QModelIndex) -> None:
        """A double-click (or Enter) on a free slot books a session there."""
        if index.isValid() and self.model.session_at(index.row(), index.column()) is None:
            self.table.setCurrentIndex(index)
            self.new_session()

    def _slot_menu(self, index: QModelIndex, where: QPoint) -> None:
        """The slot's menu: book on a free slot; the session's actions on a taken one."""
        menu = QMenu(self)
        menu.setAccessibleName("Slot actions")
        if self.model.session_at(index.row(), index.column()) is None:
            menu.addAction("New session here…", self.new_session)
        else:
            for button in (self.note_button, self.move_button, self.cancel_button,
                           self.completed_button, self.no_show_button):
                action = menu.addAction(button.text(), button.click)
                action.setEnabled(button.isEnabled())
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(where)

    def write_note(self) -> None:
        """Open the selected session's progress note (started now if there is none)."""
        session, store = self.selected(), self.context.store
        if session is None or store is None or self.data is None:
            return
        zone = self.data.zone
        # A write: a session without a note yet gets its draft begun.
        self.context.write(lambda sessions: note_for_session(sessions, session, zone),
                           on_success=self._open_note, parent=self)

    def _open_note(self, found: SessionNote) -> None:
        self.load()  # the session may now show as completed
        open_note_from_chart(self, found.client_id, found.note_id)

    def move_selected(self) -> None:
        """Open the move dialog for the selected session."""
        session = self.selected()
        if session is not None and self.data is not None:
            self._open(MoveDialog(self.context, session, self.data.zone, self))

    def propose_move(self, session: Appointment, new_start: datetime) -> None:
        """Move a session dropped on another slot, checked as the move dialog checks it.

        Args:
            session: The session dragged.
            new_start: Its new start on the therapist's clock (the grid's zone).
        """
        if (self.data is None or self.dialog is not None
                or session.status is not SessionStatus.SCHEDULED):
            return
        dialog = MoveDialog(self.context, session, self.data.zone, self, new_start=new_start)
        self._open(dialog, show=False)
        dialog.propose()

    def cancel_selected(self) -> None:
        """Open the cancel dialog for the selected session."""
        session = self.selected()
        if session is not None and self.data is not None:
            dialog = CancelDialog(self.context, session, self.data.zone, self)
            dialog.saved.connect(self._missed)
            self._open(dialog)

    def _missed(self, stored: object) -> None:
        """A session marked late cancel or no-show: ask whether to charge the policy fee."""
        from practice.schedule.model import Appointment

        if isinstance(stored, Appointment):
            offer_policy_fee(self, self.context, stored)

    def set_status(self, status: SessionStatus) -> None:
        """Mark the selected session completed or a no-show (the core checks it started)."""
        session, store = self.selected(), self.context.store
        if session is None or store is None:
            return
        def work(sessions: sessionmaker[Session]) -> Appointment:
            from practice.services.schedule import SessionRef, set_session_status

            return set_session_status(sessions, SessionRef.of(session), status)

        def marked(stored: Appointment) -> None:
            self.load()
            self._missed(stored)

        self.context.write(work, on_success=marked, parent=self)

    def _open(self, dialog: BookingDialog | MoveDialog | CancelDialog, *,
              show: bool = True) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _stored: self.load())
        dialog.finished.connect(lambda _result: self._forget(dialog))
        if show:
            dialog.open()

    def _forget(self, dialog: QWidget) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def clear(self) -> None:
        """Forget every session shown and close any open dialog."""
        # A booking being chosen is shelved by the lock and comes back after it.
        if self.dialog is not None and self.dialog not in self.context.forms.shelved:
            self.dialog.reject()
        self.data = None
        self.model.set_sessions(self.first_day, self.days, ())
        self.details.clear()
        self.range_label.clear()
        self._enable_actions(None)
