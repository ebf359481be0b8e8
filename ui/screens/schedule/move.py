"""The move dialog: a new date and time, for one session or "this and following"."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QLabel, QRadioButton, QWidget

from practice.schedule.timezones import format_span, to_local, wall_to_utc
from ui.screens.schedule.checked import CheckedDialog
from ui.widgets.wall_time import wall_of, wall_time_edit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.schedule.model import Appointment
    from practice.services.schedule.checks import BookingPreview
    from ui.context import AppContext


SCOPE_QUESTION = "Move only this session, or this and the following ones?"


class MoveDialog(CheckedDialog):
    """Move a session; for a series, ask whether only this one or this and following.

    Args:
        context: The application context.
        session: The session to move.
        zone: The therapist's zone (the new time is typed on that clock).
        parent: The parent widget.
        new_start: The new local start proposed (default: the session's own).
    """

    def __init__(self, context: AppContext, session: Appointment, zone: str,
                 parent: QWidget | None = None, *, new_start: datetime | None = None) -> None:
        super().__init__(context, "Move session", parent)
        self.session, self.zone = session, zone
        now = QLabel(format_span(session.start_utc, session.end_utc, zone))
        now.setAccessibleName("Current time")
        self.start = wall_time_edit("New start", new_start or to_local(session.start_utc, zone))
        self.only_this = QRadioButton("Only this session")
        self.following = QRadioButton("This and following sessions")
        self.only_this.setChecked(True)
        form = QFormLayout()
        form.addRow("Now:", now)
        form.addRow(f"New start ({zone}):", self.start)
        if session.series_id is not None:
            form.addRow("Change:", self.only_this)
            form.addRow("", self.following)
        self.form_area.addLayout(form)
        self.start.dateTimeChanged.connect(self.fields_changed)
        self.following.toggled.connect(self.fields_changed)

    def propose(self) -> None:
        """Carry out a move proposed by a drag, checked exactly as when typed here.

        A session of a series opens the dialog at once, to ask whether the following
        sessions move too; any other session is checked and saved without a word, the
        dialog opening only to show a conflict or a licensure warning.
        """
        if self.session.series_id is not None:
            self.message.setText(SCOPE_QUESTION)
            self.open()
        else:
            self.check_and_save()

    def new_start_utc(self) -> datetime:
        """The new start as typed, as a UTC instant."""
        return wall_to_utc(wall_of(self.start), self.zone)

    def candidate(self) -> Appointment:
        """The session at its new time."""
        return replace(self.session, start_utc=self.new_start_utc())

    def preview(self, sessions: sessionmaker[Session], value: Any) -> BookingPreview | None:
        """Check one moved session; "this and following" is checked by the core on saving."""
        from practice.services.schedule import preview_booking

        if self.following.isChecked():
            return None
        return preview_booking(sessions, value)

    def save(self, sessions: sessionmaker[Session], value: Any, allow_overlap: bool) -> object:
        """Move the one session, or split the series from here (worker)."""
        from practice.services.schedule import SessionRef, move_session
        from practice.services.schedule.series import change_following

        old = self.session
        if self.following.isChecked() and old.series_id and old.recurrence_id:
            return change_following(
                sessions, old.series_id, old.recurrence_id,
                new_first_start_local=to_local(value.start_utc, old.zone),
                allow_overlap=allow_overlap)
        return move_session(sessions, SessionRef.of(old), value.start_utc,
                            allow_overlap=allow_overlap)
