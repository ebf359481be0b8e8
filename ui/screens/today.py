"""The Today section: today's sessions, notes waiting for a signature, releases running out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice.schedule.timezones import format_span, to_local
from ui import design, icons
from ui.models.agenda import EXPIRY_WINDOW_DAYS, Agenda, read_agenda
from ui.models.plan_reviews import PlanReviews, read_plan_reviews
from ui.navigation import go_to
from ui.screens.base import Screen
from ui.screens.billing.outstanding import OutstandingPanel
from ui.screens.jump import open_note_from_chart, start_new_client
from ui.screens.plans.jump import open_plan_of
from ui.screens.today_risks import HEADING as RISK_HEADING
from ui.screens.today_risks import RiskFlagList
from ui.widgets.empty_state import EmptyState
from ui.widgets.loading import LoadingHint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.schedule.model import Appointment
    from practice.services.schedule import NoteDue
    from ui.context import AppContext
    from ui.models.session_note import SessionNote

FIRST_DAY = ("Today gathers your day: the sessions booked, the notes still to write or sign, "
             "and releases about to run out. No clients yet — start with your first client.")
_STATUS = {"scheduled": "", "completed": " — completed", "cancelled": " — cancelled",
           "late_cancel": " — late cancel", "no_show": " — no-show"}


# Whose plan a "Plan reviews due" line is (one of the two is None).
_PLAN_CLIENT = Qt.ItemDataRole.UserRole
_PLAN_UNIT = Qt.ItemDataRole.UserRole + 1


def _list(name: str) -> QListWidget:
    listing = QListWidget()
    listing.setAccessibleName(name)
    return listing


def _heading(text: str) -> QLabel:
    return design.heading(text, design.TypeStep.SUBHEADING)


class TodayScreen(Screen):
    """Today: the day's sessions on the therapist's clock, notes due, releases expiring."""

    title = "Today"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.heading = design.heading()
        self.heading.setAccessibleName("Practice name")
        self.day = QLabel("")
        self.day.setAccessibleName("Today's date")
        self.sessions = _list("Today's sessions")
        self.loading = LoadingHint(self.sessions, context.ops)
        self.notes = _list("Notes due")
        self.notes.setToolTip("Double-click (or Enter) to write or finish the note.")
        self.notes.itemActivated.connect(lambda _item: self._write_due_note())
        self.due: tuple[NoteDue, ...] = ()
        self.zone = ""
        self.releases = _list("Releases expiring soon")
        self.reviews = _list("Plan reviews due")
        self.reviews.setToolTip("Double-click (or Enter) to open the plan and record its review.")
        self.reviews.itemActivated.connect(self._open_review)
        self.risks = RiskFlagList(context)
        self.money = OutstandingPanel(context)  # who owes what; sessions waiting for a charge
        self.empty = EmptyState(FIRST_DAY, "New client", lambda: start_new_client(self))
        self.empty.hide()
        self.to_schedule = QPushButton("Open the schedule")
        self.to_schedule.setAccessibleName("Open the schedule")
        icons.adorn(self.to_schedule)
        self.to_schedule.clicked.connect(self._open_schedule)
        self.to_schedule.hide()
        self.lists = QWidget()
        column = QVBoxLayout(self.lists)
        column.setContentsMargins(0, 0, 0, 0)
        for title, listing in (
            (RISK_HEADING, self.risks),  # first: a client said they think of self-harm
            ("Today's sessions", self.sessions), ("Notes to write or sign", self.notes),
            (f"Releases expiring within {EXPIRY_WINDOW_DAYS} days", self.releases),
            ("Plan reviews due", self.reviews),
        ):
            column.addWidget(_heading(title))
            column.addWidget(listing, 1)
            if listing is self.sessions:  # a free day: the way to book one
                column.addWidget(self.to_schedule, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.money, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.day)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.lists, 1)

    def load(self) -> None:
        """Read today's agenda from the store."""
        # The first screen shown: its read is the first use of the sessions, which loads the
        # ORM; context.read does that on the worker, after the window's first paint.
        self.loading.wait_for(
            self.context.read(read_agenda, on_success=self.show_agenda, parent=self))
        # After the agenda (one worker, in order): show_agenda empties every list first.
        self.context.read(read_plan_reviews, on_success=self.show_reviews, parent=self)
        self.risks.load()  # after the agenda (one worker, in order), which empties the lists
        self.money.load()

    def show_agenda(self, agenda: Agenda) -> None:
        """Fill the lists from an agenda read on the worker."""
        self.clear()
        self.heading.setText(agenda.practice_name or "Your practice")
        self.day.setText(f"{agenda.today:%A %d %B %Y} ({agenda.zone})")
        self.due, self.zone = agenda.notes_due, agenda.zone
        # An empty store: what Today is for and the first thing to do, not three empty lists.
        self.empty.setVisible(not agenda.has_clients)
        self.lists.setVisible(agenda.has_clients)
        names = agenda.directory
        for session in agenda.sessions:
            self.sessions.addItem(self._session_line(agenda, session))
        if not agenda.sessions:
            self.sessions.addItem("No sessions today.")
        self.to_schedule.setVisible(not agenda.sessions)
        for due in agenda.notes_due:
            appt = due.appointment
            state = "draft started" if due.draft_note_id else "not started"
            self.notes.addItem(f"{format_span(appt.start_utc, appt.end_utc, agenda.zone)} "
                               f"{names.unit_name(appt.unit_id)} — note {state}")
        if not agenda.notes_due:
            self.notes.addItem("Every completed session's note is signed.")
        for item in agenda.expiring:
            details = item.release.details
            self.releases.addItem(f"{names.client_name(details.client_id)} — release to "
                                  f"{item.recipient} expires {details.expires_on:%d %b %Y}")
        if not agenda.expiring:
            self.releases.addItem("No release expires in the next "
                                  f"{EXPIRY_WINDOW_DAYS} days.")

    def show_reviews(self, reviews: PlanReviews) -> None:
        """List the treatment plans whose review falls due, most overdue first."""
        self.reviews.clear()
        for due in reviews.due:
            item = QListWidgetItem(due.line(reviews.today))
            item.setData(_PLAN_CLIENT, due.review.client_id)
            item.setData(_PLAN_UNIT, due.review.unit_id)
            self.reviews.addItem(item)
        if not reviews.due:
            self.reviews.addItem("No treatment plan is due for review this week.")

    def _open_review(self, item: QListWidgetItem) -> None:
        """Open the chosen plan on its client's chart or its unit's page."""
        open_plan_of(self, client_id=item.data(_PLAN_CLIENT), unit_id=item.data(_PLAN_UNIT))

    def _write_due_note(self) -> None:
        """Open the chosen session's note: its draft, or a new one for that session."""
        row, store = self.notes.currentRow(), self.context.store
        if store is None or not 0 <= row < len(self.due):
            return
        session, zone = self.due[row].appointment, self.zone

        def work(sessions: sessionmaker[Session]) -> SessionNote:
            from ui.models.session_note import note_for_session

            return note_for_session(sessions, session, zone)

        # A write: a session without a note yet gets its draft begun.
        self.context.write(
            work, parent=self,
            on_success=lambda found: open_note_from_chart(self, found.client_id, found.note_id))

    def _open_schedule(self) -> None:
        from ui.screens.schedule import ScheduleScreen

        go_to(self, ScheduleScreen)

    def _session_line(self, agenda: Agenda, session: Appointment) -> str:
        start = to_local(session.start_utc, agenda.zone)
        end = to_local(session.end_utc, agenda.zone)
        where = "video" if session.location.value == "telehealth" else "office"
        return (f"{start:%H:%M}–{end:%H:%M} {agenda.directory.unit_name(session.unit_id)} "
                f"({where}){_STATUS[session.status.value]}")

    def clear(self) -> None:
        """Forget everything shown."""
        self.loading.stop()
        self.due = ()
        self.heading.clear()
        self.day.clear()
        for listing in (self.sessions, self.notes, self.releases, self.reviews, self.risks):
            listing.clear()
        self.money.clear()
