"""A dialog that checks a booking before saving it: conflicts, licensure, "Book anyway"."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice.errors import PracticeError
from practice.schedule.conflicts import DoubleBooking
from ui.errors import show_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.schedule.checks import BookingPreview
    from ui.context import AppContext

OVERRIDE_HINT = "You can book over your own session on purpose with \"Book anyway\"."
WARNINGS_HINT = "Press Save again to book with these warnings."


class CheckedDialog(QDialog):
    """Shows what a booking would run into, then saves it, all through the worker.

    Subclasses build their fields into ``self.form_area`` and implement ``candidate()``,
    ``preview()`` and ``save()`` (the last two run on the worker). The first Save checks;
    conflicts and warnings are shown here, and a therapist overlap can be booked anyway.
    A client double booking cannot: the core refuses it whatever is pressed.

    The check may also run before the dialog is shown (``check_and_save()`` on a hidden
    dialog, as a drag on the grid does): it then saves without a word, or opens the
    dialog to show what stands in the way.

    Args:
        context: The application context.
        title: The window title.
        parent: The parent widget.
    """

    saved = Signal(object)

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self._acknowledged = False
        self._finished = False
        self.finished.connect(self._mark_finished)
        self.form_area = QVBoxLayout()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Before saving")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.override_button = QPushButton("Book anyway")
        self.override_button.setAccessibleName("Book anyway")
        self.buttons.addButton(self.override_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.override_button.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form_area)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.save_button.clicked.connect(self.check_and_save)
        self.override_button.clicked.connect(lambda: self._save(allow_overlap=True))
        self.buttons.rejected.connect(self.reject)

    # --- what subclasses provide ---------------------------------------------------------

    def candidate(self) -> Any:
        """The value to book, built from the fields (raise PracticeError when it cannot be)."""
        raise NotImplementedError

    def preview(self, sessions: sessionmaker[Session], value: Any) -> BookingPreview | None:
        """What booking ``value`` would run into (worker); None when it cannot be previewed."""
        raise NotImplementedError

    def save(self, sessions: sessionmaker[Session], value: Any, allow_overlap: bool) -> object:
        """Store ``value`` (worker) and return what was stored."""
        raise NotImplementedError

    # --- the flow ------------------------------------------------------------------------

    def fields_changed(self) -> None:
        """Forget an earlier check: the fields no longer say what was checked."""
        self._acknowledged = False
        self.override_button.hide()
        self.save_button.setEnabled(True)
        self.message.clear()

    def check_and_save(self) -> None:
        """Check the booking; save at once if nothing stands in the way."""
        value = self._candidate_or_say()
        if value is None:
            return
        if self._acknowledged:
            self._save(allow_overlap=False)
            return
        self._run(lambda sessions: self.preview(sessions, value), self._previewed, writes=False)

    def _candidate_or_say(self) -> Any:
        try:
            return self.candidate()
        except PracticeError as error:
            self.message.setText(error.message)
            return None

    def _previewed(self, preview: BookingPreview | None) -> None:
        if preview is None or (not preview.conflicts and not preview.warnings):
            self._save(allow_overlap=False)
            return
        lines = [preview.message] if preview.message else []
        lines += list(preview.warnings)
        if preview.needs_override:
            lines.append(OVERRIDE_HINT)
        elif not preview.conflicts:
            lines.append(WARNINGS_HINT)
            self._acknowledged = True
        self.message.setText("\n\n".join(lines))
        self.override_button.setVisible(preview.needs_override)
        self.save_button.setEnabled(not preview.conflicts)
        self._attend()

    def _save(self, *, allow_overlap: bool) -> None:
        value = self._candidate_or_say()
        if value is None:
            return
        self._run(lambda sessions: self.save(sessions, value, allow_overlap), self._done,
                  self._refused, writes=True)

    def _done(self, stored: object) -> None:
        self.saved.emit(stored)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        if not isinstance(error, PracticeError):
            if self.isVisible():
                show_error(self, error)
            else:  # never shown: the bug report belongs to the window, and this closes
                show_error(self.parentWidget(), error)
                self.reject()
            return
        self.message.setText(error.message)
        if isinstance(error, DoubleBooking):
            overridable = not any(c.client_double_booked for c in error.conflicts)
            self.override_button.setVisible(overridable)
            self.save_button.setEnabled(False)
            if overridable:
                self.message.setText(f"{error.message}\n\n{OVERRIDE_HINT}")
        self._attend()

    def _attend(self) -> None:
        """Show the dialog when a check run before it was shown has something to say."""
        if not self.isVisible() and not self._finished:
            self.open()

    def _mark_finished(self) -> None:
        # A check answering after Cancel was pressed must not bring the dialog back.
        self._finished = True

    def _run(self, work: Callable[[Any], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None] | None = None, *, writes: bool) -> None:
        run = self.context.write if writes else self.context.read
        run(work, on_success=done, on_failure=failed or self._refused, parent=self)
