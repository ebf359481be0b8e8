"""The psychotherapy-note editor: the therapist's private process note, marked as such."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session, sessionmaker

from ui.context import AppContext
from ui.errors import show_error
from ui.screens.chart.view import private_banner
from ui.screens.notes.autosave import AutosavedText

if TYPE_CHECKING:
    from practice.services.psychotherapy.process_notes import PsychotherapyNoteView

TITLE = "Psychotherapy note (private, not part of the record)"


DELETE_QUESTION = ("Destroy this psychotherapy note? Process notes are yours to keep or destroy; "
                   "it cannot be brought back.")


class PsychotherapyEditor(AutosavedText):
    """Edits one private process note; it is autosaved and never signed into the record.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.note_id: int | None = None
        self.back = QPushButton("← Chart")
        self.back.clicked.connect(self._back)
        self.title = QLabel("")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setAccessibleName("Psychotherapy note")
        self.banner = private_banner()
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Psychotherapy note text")
        self.text.setEnabled(False)  # until a note is read: typing then would be lost
        self.status = QLabel("")
        self.delete = QPushButton("Delete note…")
        self.delete.setAccessibleName("Delete psychotherapy note")
        self.delete.clicked.connect(self._ask_delete)
        self.delete.setEnabled(False)
        self.watch()
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.title, 1)
        top.addWidget(self.delete)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)

    def open_note(self, note_id: int) -> None:
        """Read a process note and show it.

        Args:
            note_id: The psychotherapy note.
        """
        def work(sessions: sessionmaker[Session]) -> PsychotherapyNoteView:
            from practice.services.psychotherapy.process_notes import get_psychotherapy_note

            return get_psychotherapy_note(sessions, note_id)

        # A write: opening a process note is logged in the audit trail.
        self.context.write(work, on_success=self.show_note, parent=self)

    def show_note(self, note: PsychotherapyNoteView) -> None:
        """Show a process note just read.

        Args:
            note: The note.
        """
        self.note_id = note.id
        self.title.setText(f"<h2>{TITLE}</h2>{note.session_date.isoformat()}")
        self.show_text(note.body)
        self.text.setEnabled(True)
        self.delete.setEnabled(True)
        self.text.setFocus()

    def _record_id(self) -> int | None:
        return self.note_id

    def _write(self, sessions: sessionmaker[Session], record_id: int, text: str) -> datetime:
        from practice.services.psychotherapy.process_notes import save_psychotherapy_note

        return save_psychotherapy_note(sessions, record_id, text)

    def _ask_delete(self) -> None:
        from practice.services.psychotherapy.process_notes import delete_psychotherapy_note

        self.ask_to_throw_away(DELETE_QUESTION, "Delete note", delete_psychotherapy_note,
                               self._deleted)

    def _deleted(self) -> None:
        self.clear()
        self.back_requested.emit()

    def _back(self) -> None:
        try:
            self.save_drafts()
        except Exception as error:  # stay: the text is still here to retry
            show_error(self, error)
            return
        self.back_requested.emit()

    def clear(self) -> None:
        """Forget the note and its text."""
        self.forget_text()
        self.note_id = None
        self.text.setEnabled(False)
        self.delete.setEnabled(False)
        self.title.clear()
