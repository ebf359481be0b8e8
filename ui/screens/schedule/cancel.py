"""The cancel dialog: on time or late, why, and for a series which sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from practice.schedule.model import SessionStatus
from practice.schedule.timezones import format_span

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.schedule.model import Appointment
    from ui.context import AppContext


class CancelDialog(QDialog):
    """Call off a session; for a series, only this one or this and every following one.

    Args:
        context: The application context.
        session: The session.
        zone: The therapist's zone.
        parent: The parent widget.
    """

    saved = Signal(object)

    def __init__(self, context: AppContext, session: Appointment, zone: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cancel session")
        self.context, self.session = context, session
        self.status = QComboBox()
        self.status.setAccessibleName("Kind of cancellation")
        self.status.addItem("Cancelled in time", SessionStatus.CANCELLED)
        self.status.addItem("Late cancel", SessionStatus.LATE_CANCEL)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        self.only_this = QRadioButton("Only this session")
        self.following = QRadioButton("This and following sessions (ends the series)")
        self.only_this.setChecked(True)
        form = QFormLayout()
        form.addRow("Session:", QLabel(format_span(session.start_utc, session.end_utc, zone)))
        form.addRow("Kind:", self.status)
        form.addRow("Reason:", self.reason)
        if session.series_id is not None:
            form.addRow("Change:", self.only_this)
            form.addRow("", self.following)
        self.following.toggled.connect(self._scope_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _scope_changed(self) -> None:
        following = self.following.isChecked()
        self.status.setEnabled(not following)
        self.reason.setEnabled(not following)

    def save(self) -> None:
        """Record the cancellation (or end the series) through the worker."""
        old = self.session
        status = SessionStatus(self.status.currentData())
        reason = self.reason.text().strip() or None
        following = self.following.isChecked()

        def work(sessions: sessionmaker[Session]) -> object:
            from practice.services.schedule import SessionRef, set_session_status
            from practice.services.schedule.series import end_series

            if following and old.series_id is not None and old.recurrence_id is not None:
                return end_series(sessions, old.series_id, from_local=old.recurrence_id)
            return set_session_status(sessions, SessionRef.of(old), status, reason)

        self.context.write(work, on_success=self._done, parent=self)

    def _done(self, stored: object) -> None:
        self.saved.emit(stored)
        self.accept()
