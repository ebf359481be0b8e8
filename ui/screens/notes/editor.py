"""The progress-note editor: sections typed and autosaved, signing, then addenda."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.errors import confirm, show_error
from ui.screens.chart.sections import FORMAT_NAMES
from ui.screens.notes.addendum import AddendumPanel
from ui.screens.notes.autosave import Autosave
from ui.screens.notes.goals import GoalsPanel
from ui.screens.notes.header import NoteHeaderPanel
from ui.screens.notes.signer import ask_to_sign, signer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.notes import NoteView

SIGN_QUESTION = (
    "Sign this note? Once signed it can never be changed; corrections become addenda."
)


DELETE_QUESTION = ("Delete this draft note? It was never signed; it is removed from the record "
                   "and cannot be brought back.")


class NoteEditor(QWidget):
    """Edits one progress note: a draft is typed and signed; a signed one takes addenda.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    back_requested = Signal()
    note_changed = Signal(int)  # signed, amended or re-dated: the chart should refresh

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.note: NoteView | None = None
        self.editors: dict[str, QPlainTextEdit] = {}
        self._dirty: set[str] = set()
        self.autosave = Autosave(self._save_now, self._failed, parent=self)
        self.back = QPushButton("← Chart")
        self.back.clicked.connect(self._back)
        self.title = QLabel("")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setAccessibleName("Note")
        self.status = QLabel("")
        self.status.setAccessibleName("Save status")
        self.header = NoteHeaderPanel(context, self.save_drafts, self)
        self.header.changed.connect(self._header_changed)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.goals = GoalsPanel(context, self)
        self.addenda = QTextBrowser()
        self.addenda.setAccessibleName("Addenda")
        self.sign = QPushButton("Sign note…")
        self.sign.clicked.connect(self._ask_sign)
        self.add_addendum = QPushButton("Add addendum")
        self.add_addendum.clicked.connect(self._start_addendum)
        self.delete = QPushButton("Delete draft…")
        self.delete.setAccessibleName("Delete draft")
        self.delete.clicked.connect(self._ask_delete)
        self.addendum = AddendumPanel(context, self)
        self.addendum.signed.connect(self._reload)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.title, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.delete)
        buttons.addWidget(self.sign)
        buttons.addWidget(self.add_addendum)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.header)
        layout.addWidget(self.form_host, 2)
        layout.addWidget(self.goals)
        layout.addWidget(self.addenda, 1)
        layout.addWidget(self.addendum)
        layout.addLayout(buttons)
        self.clear()

    # --- opening --------------------------------------------------------------------------

    def open_note(self, note_id: int) -> None:
        """Read a note (with its addenda) and show it for editing or amending.

        Args:
            note_id: The note.
        """
        def work(sessions: sessionmaker[Session]) -> NoteView:
            from practice.services.notes import get_note

            return get_note(sessions, note_id)

        # A write: opening a note is logged in the audit trail.
        self.context.write(work, on_success=self.show_note, parent=self)

    def show_note(self, note: NoteView) -> None:
        """Show a note just read from the store.

        Args:
            note: The note with its addenda.
        """
        from practice.services.notes import SECTION_LABELS, allowed_sections

        self.clear()
        self.note = note
        self._show_title(note)
        self.header.show_note(note)
        for key in allowed_sections(note.header.format):
            editor = QPlainTextEdit(note.section(key))
            editor.setAccessibleName(SECTION_LABELS.get(key, key))
            editor.setReadOnly(note.is_signed)
            editor.textChanged.connect(lambda k=key: self._typed(k))
            self.form.addRow(SECTION_LABELS.get(key, key), editor)
            self.editors[key] = editor
        self.goals.show_note(note)  # ticks are stored as they are made, not autosaved
        self.sign.setVisible(not note.is_signed)
        self.delete.setVisible(not note.is_signed)  # a signed note is never deleted
        self._show_addenda(note)

    def _show_title(self, note: NoteView) -> None:
        fmt = FORMAT_NAMES[note.header.format]
        state = "signed" if note.is_signed else "draft"
        self.title.setText(f"<h2>Progress note, {note.header.session_date.isoformat()}</h2>"
                           f"{escape(fmt)} · {state}")

    def _header_changed(self, note: NoteView) -> None:
        """A header change was saved: a new format brings new sections, else a new title."""
        if self.note is not None and note.header.format != self.note.header.format:
            self.show_note(note)  # typed text was saved before the change was written
        else:
            self.note = note
            self._show_title(note)
        self.note_changed.emit(note.id)  # the chart's timeline shows the date and codes

    def _show_addenda(self, note: NoteView) -> None:
        signed = [a for a in note.addenda if a.is_signed]
        self.addenda.setVisible(bool(signed))
        self.addenda.setHtml("".join(
            f"<h4>Addendum, {a.created_at.date().isoformat()}</h4>"
            f"<p>{escape(a.body).replace(chr(10), '<br>')}</p>"
            f"<p><i>Signed by {escape(a.signature.signed_by)}</i></p>"
            for a in signed if a.signature is not None))
        draft = next((a for a in note.addenda if not a.is_signed), None)
        self.add_addendum.setVisible(note.is_signed and draft is None)
        if draft is not None:
            self.addendum.show_draft(draft)

    # --- typing and autosave --------------------------------------------------------------

    def _typed(self, key: str) -> None:
        self._dirty.add(key)
        self.status.setText("Not saved yet…")
        self.autosave.poke()

    def _save_now(self) -> None:
        """Write the changed sections at once (a small transaction; crash-safe drafts)."""
        store, note = self.context.store, self.note
        if store is None or note is None or not self._dirty or note.is_signed:
            return
        from practice.services.notes import save_draft

        texts, note_id = {k: self.editors[k].toPlainText() for k in self._dirty}, note.id
        # At once, on this thread: the lock closes the store right after save_drafts().
        saved = self.context.write_now(lambda sessions: save_draft(sessions, note_id, texts))
        if saved is None:
            return
        self._dirty.clear()
        self.status.setText(f"Saved {saved.astimezone().strftime('%H:%M:%S')}")

    def _failed(self, error: BaseException) -> None:
        self.status.setText("Not saved.")
        show_error(self, error)

    def save_drafts(self) -> None:
        """Save typed text now (the lock and leaving the note call this)."""
        self.autosave.cancel()
        self._save_now()
        self.addendum.save_drafts()

    # --- signing --------------------------------------------------------------------------

    def _ask_sign(self) -> None:
        if self.note is not None and not self.note.is_signed:
            ask_to_sign(self, self.context, SIGN_QUESTION, self._sign)

    def _sign(self) -> None:
        store, note = self.context.store, self.note
        if store is None or note is None:
            return
        try:
            self.save_drafts()
        except Exception as error:  # nothing is signed over text that failed to save
            show_error(self, error)
            return
        note_id = note.id

        def work(sessions: sessionmaker[Session]) -> NoteView:
            from practice.services.notes import sign_note

            return sign_note(sessions, note_id, signed_by=signer(sessions))

        self.context.write(work, on_success=self._signed, parent=self)

    def _signed(self, note: NoteView) -> None:
        self.show_note(note)
        self.status.setText("Signed.")
        self.note_changed.emit(note.id)

    # --- deleting a draft -----------------------------------------------------------------

    def _ask_delete(self) -> None:
        if self.note is not None and not self.note.is_signed:
            confirm(self, DELETE_QUESTION, "Delete draft", self._delete)

    def _delete(self) -> None:
        store, note = self.context.store, self.note
        if store is None or note is None:
            return
        note_id = note.id
        self.autosave.cancel()  # its text is being thrown away on purpose

        def work(sessions: sessionmaker[Session]) -> int:
            from practice.services.notes import delete_draft

            delete_draft(sessions, note_id)
            return note_id

        self.context.write(work, on_success=self._deleted, parent=self)

    def _deleted(self, note_id: int) -> None:
        self.clear()
        self.note_changed.emit(note_id)
        self.back_requested.emit()

    # --- addenda --------------------------------------------------------------------------

    def _start_addendum(self) -> None:
        if self.note is not None:
            self.add_addendum.hide()
            self.addendum.start(self.note.id)

    def _reload(self) -> None:
        if self.note is not None:
            note_id = self.note.id
            self.open_note(note_id)
            self.note_changed.emit(note_id)

    def _back(self) -> None:
        try:
            self.save_drafts()
        except Exception as error:  # stay on the note: its text is still here to retry
            show_error(self, error)
            return
        self.back_requested.emit()

    def clear(self) -> None:
        """Forget the note and its text (call ``save_drafts()`` first to keep typing)."""
        self.autosave.cancel()
        self._dirty.clear()
        self.note = None
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        self.title.clear()
        self.status.clear()
        self.addenda.clear()
        self.addenda.hide()
        self.sign.hide()
        self.delete.hide()
        self.add_addendum.hide()
        self.addendum.clear()
        self.header.clear()
        self.goals.clear()
