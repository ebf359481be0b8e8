"""The base of every form that creates or edits a record: the core checks, the form explains.

A form collects what was typed into plain values, hands the core one unit of work to run on
the worker, and closes only when the core has stored it. When the core refuses, its message
(which names the field, never the value) is shown beside that field and the form stays open
with everything typed. Cancel or Esc on a changed form asks before discarding, and a lock
shelves the form (see ``ui.form_shelf``) instead of losing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from practice.errors import PracticeError
from ui import design
from ui.errors import confirm, show_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from ui.context import AppContext

Work = Callable[["sessionmaker[Session]"], Any]
INTERRUPTED_SAVE = ("The practice locked while this form was being saved. Check whether it was "
                    "saved before you save it again.")
DISCARD_QUESTION = "Discard what you typed in this form? It has not been saved."


@dataclass
class FieldRow:
    """A field, its label's words and the place its problem is shown."""

    label: str
    widget: QWidget
    problem: QLabel


def widget_state(widget: QWidget) -> object:
    """What a widget holds now, comparable with an earlier reading (for "changed?")."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime().toString()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QListWidget):
        return tuple((widget.item(i).text(), widget.item(i).checkState().value)
                     for i in range(widget.count()))
    return None


def ask_to_discard(form: QDialog, discard: Callable[[], None]) -> None:
    """Ask whether to throw away what a form holds; ``discard`` runs if the answer is yes.

    Args:
        form: The changed form (the question's parent).
        discard: Closes the form for good.
    """
    # Closed only once the question has finished closing itself: a dialog hidden from
    # inside its child's click handler leaves the child half torn down.
    confirm(form, DISCARD_QUESTION, "Discard", lambda: QTimer.singleShot(0, form, discard))


class RecordForm(QDialog):
    """A dialog that saves one record through the core, or explains why it cannot.

    Subclasses add their fields with ``add_field``, fill them, call ``start()``, and
    implement ``work()``.

    Args:
        context: The application context.
        title: The window title, also the form's accessible name.
        parent: The parent widget.
    """

    saved = Signal(object)  # what the work returned

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.rows: list[FieldRow] = []
        self.fields = QFormLayout()
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Why this was not saved")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel")
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.fields)
        self.body.addWidget(self.problem)
        self.body.addWidget(self.buttons)
        self._baseline: tuple[object, ...] | None = None
        self._saving = False

    # --- building ----------------------------------------------------------------------

    def add_field(self, label: str, widget: QWidget, *, layout: QFormLayout | None = None,
                  ) -> QWidget:
        """Add a labelled field whose problems are shown right under it.

        Args:
            label: The field's name as the core's messages begin ("Legal name").
            widget: The input.
            layout: The form layout to add it to (default: the form's own).

        Returns:
            The widget, for chaining.
        """
        if not widget.accessibleName():
            widget.setAccessibleName(label)
        problem = QLabel("")
        problem.setWordWrap(True)
        problem.setAccessibleName(f"{label}: problem")
        design.show_as_problem(problem)
        problem.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        design.space(column, design.Space.NONE, design.Space.HAIRLINE)
        column.addWidget(widget)
        column.addWidget(problem)
        caption = QLabel(f"{label}:")
        caption.setBuddy(widget)
        (layout or self.fields).addRow(caption, holder)
        self.rows.append(FieldRow(label, widget, problem))
        return widget

    def start(self) -> None:
        """Remember what the form holds now as "unchanged", and open it (not blocking)."""
        self._baseline = self.state()
        self.context.forms.opened(self)
        self.finished.connect(self._forget)
        self.open()
        if self.rows:
            self.rows[0].widget.setFocus()

    def extra_state(self) -> tuple[object, ...]:
        """State held outside the labelled fields (lists, tables); override to include it."""
        return ()

    def state(self) -> tuple[object, ...]:
        """Everything the form holds, for telling whether it changed."""
        return tuple(widget_state(row.widget) for row in self.rows) + self.extra_state()

    @property
    def changed(self) -> bool:
        """Whether anything was typed or chosen since the form opened."""
        return self._baseline is not None and self.state() != self._baseline

    # --- saving ------------------------------------------------------------------------

    def work(self) -> Work:
        """Read the fields (on the UI thread) into the store work to run on the worker.

        Raises:
            PracticeError: A field cannot be read (shown beside it; nothing is run).
        """
        raise NotImplementedError

    def save(self) -> None:
        """Ask the core to store the form; close when stored, else say why and stay open."""
        if self._saving:
            return
        self.clear_problems()
        try:
            work = self.work()
        except PracticeError as error:
            self.show_problem(error.message)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        job = self.context.write(work, on_success=self._stored, on_failure=self._refused,
                                 parent=self)
        if job is None:  # locked meanwhile: keep everything as it is
            self._saving = False
            self.save_button.setEnabled(True)

    def _stored(self, result: object) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._baseline = self.state()
        self.saved.emit(result)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, PracticeError):
            self.show_problem(error.message)
        else:
            show_error(self, error)

    # --- problems ----------------------------------------------------------------------

    def clear_problems(self) -> None:
        """Hide every message from an earlier attempt."""
        self.problem.clear()
        self.problem.hide()
        for row in self.rows:
            row.problem.clear()
            row.problem.hide()

    def show_problem(self, message: str) -> None:
        """Show the core's message beside the field it names, or above the buttons."""
        row = self.row_for(message)
        if row is None:
            self.problem.setText(message)
            self.problem.show()
            return
        row.problem.setText(message)
        row.problem.show()
        row.widget.setFocus()

    def row_for(self, message: str) -> FieldRow | None:
        """The field a message is about: the longest label the message begins with."""
        lowered = message.casefold()
        named = [row for row in self.rows if lowered.startswith(row.label.casefold())]
        return max(named, key=lambda row: len(row.label), default=None)

    # --- closing, discarding and locking -----------------------------------------------

    def reject(self) -> None:
        """Cancel, Esc or the close button: ask first when something typed would be lost."""
        if self.changed:
            ask_to_discard(self, self._discard)
            return
        super().reject()

    def _discard(self) -> None:
        self._baseline = self.state()
        super().reject()

    def _forget(self) -> None:
        self.context.forms.closed(self)

    def shelve(self) -> None:
        """Hide while locked, keeping what was typed."""
        self.hide()

    def unshelve(self) -> None:
        """Show again after the unlock, as it was.

        A save still on its way when the practice locked had its answer dropped with the
        store: whether it was stored cannot be known here, so the therapist is told to look
        before saving again (a second Save could otherwise make a duplicate).
        """
        if self._saving:
            self._saving = False
            self.save_button.setEnabled(True)
            self.problem.setText(INTERRUPTED_SAVE)
            self.problem.show()
        self.open()
