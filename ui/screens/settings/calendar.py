"""Settings: the calendar export, private by default ("Session — A.B.")."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ui.context import AppContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.schedule.export import CalendarExport

DEFAULT_LABEL = "Session"
PRIVACY_NOTE = (
    "Calendar entries leave Practice, so by default each one says only “Session — A.B.” "
    "(the unit's initials). Names and video links appear only where you allow them here and "
    "every client's contact safety allows them too; notes and diagnoses never appear."
)


class CalendarPanel(QGroupBox):
    """The calendar label, what may appear, and "Export calendar…".

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Calendar export", parent)
        self.context = context
        self.label = QLineEdit()
        self.label.setPlaceholderText("Session — A.B. (initials)")
        self.label.setAccessibleName("Title for every exported session")
        self.include_names = QCheckBox("Full names, where contact safety allows")
        self.include_links = QCheckBox("Video links, where contact safety allows")
        today = QDate.currentDate()
        self.first_day = self._date_field(today, "First day to export")
        self.last_day = self._date_field(today.addDays(90), "Last day to export")
        self.export_button = QPushButton("Export calendar…")
        self.export_button.setAccessibleName("Export calendar")
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Calendar export result")
        note = QLabel(PRIVACY_NOTE)
        note.setWordWrap(True)
        days = QHBoxLayout()
        days.addWidget(self.first_day)
        days.addWidget(QLabel("to"))
        days.addWidget(self.last_day)
        days.addStretch(1)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow("Title:", self.label)
        form.addRow(self.include_names)
        form.addRow(self.include_links)
        form.addRow("Days:", days)
        form.addRow(self.export_button)
        form.addRow(self.result)
        self.label.editingFinished.connect(self.save_label)
        self.export_button.clicked.connect(self._ask_where)

    @staticmethod
    def _date_field(day: QDate, name: str) -> QDateEdit:
        field = QDateEdit(day)
        field.setCalendarPopup(True)
        field.setDisplayFormat("d MMM yyyy")
        field.setAccessibleName(name)
        return field

    def load(self) -> None:
        """Show the label kept in the practice profile."""
        from practice.services.settings import load_profile

        self.context.read(lambda sessions: load_profile(sessions).calendar_label,
                          on_success=self._show_label, parent=self)

    def _show_label(self, kept: str) -> None:
        self.label.setText("" if kept == DEFAULT_LABEL else kept)

    def save_label(self) -> None:
        """Keep the label in the practice profile (inside the encrypted store)."""
        label = self.label.text().strip() or DEFAULT_LABEL

        def work(sessions: sessionmaker[Session]) -> None:
            from practice.services.settings import load_profile, save_profile

            profile = load_profile(sessions)
            if profile.calendar_label != label:
                save_profile(sessions, replace(profile, calendar_label=label))

        self.context.write(work, on_success=lambda _none: None, parent=self)

    def export_to(self, target: Path) -> None:
        """Write the chosen days' sessions to ``target`` on the worker (0600, atomically)."""
        if self.context.store is None:
            return
        first, last = self.first_day.date().toPython(), self.last_day.date().toPython()
        assert isinstance(first, date) and isinstance(last, date)
        label = self.label.text().strip() or None
        names, links = self.include_names.isChecked(), self.include_links.isChecked()

        def work(sessions: sessionmaker[Session]) -> CalendarExport:
            from practice.services.schedule.export import CalendarChoices, write_calendar
            from practice.services.settings import load_profile

            zone = ZoneInfo(load_profile(sessions).time_zone)
            start = datetime.combine(first, time(0), zone).astimezone(UTC)
            end = datetime.combine(last + timedelta(days=1), time(0), zone).astimezone(UTC)
            choices = CalendarChoices(label=label, include_names=names, include_links=links)
            return write_calendar(sessions, target, start, end, choices)

        self.export_button.setEnabled(False)
        self.result.setText("Exporting…")
        self.context.write(work, on_success=lambda done: self._exported(done, target),
                           on_failure=self._failed, label="Exporting the calendar…",
                           parent=self)

    def clear(self) -> None:
        """Forget the label shown and the last result."""
        self.label.clear()
        self.result.clear()
        self.export_button.setEnabled(True)

    def _ask_where(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export calendar", str(Path.home() / "practice-sessions.ics"),
            "Calendar files (*.ics)")
        if chosen:
            self.export_to(Path(chosen))

    def _exported(self, export: CalendarExport, target: Path) -> None:
        self.export_button.setEnabled(True)
        self.result.setText(f"{export.sessions} sessions written to {target} "
                            "(readable by you only).")

    def _failed(self, error: BaseException) -> None:
        from ui.errors import show_error

        self.export_button.setEnabled(True)
        self.result.setText("Nothing was exported.")
        show_error(self, error)
