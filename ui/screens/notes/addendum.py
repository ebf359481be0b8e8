"""The addendum panel: a correction to a signed note, autosaved as typed, then signed."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session, sessionmaker

from ui.context import AppContext
from ui.errors import show_error
from ui.screens.notes.autosave import AutosavedText
from ui.screens.notes.signer import ask_to_sign, signer

if TYPE_CHECKING:
    from practice.services.notes import AddendumView

SIGN_QUESTION = "Sign this addendum? Once signed it is part of the record and never changes."
DISCARD_QUESTION = "Discard this unsigned addendum? The note stays as it was signed."


class AddendumPanel(AutosavedText):
    """One draft addendum being written.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    signed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.addendum_id: int | None = None
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Addendum")
        self.text.setPlaceholderText("What this addendum corrects or adds")
        self.status = QLabel("")
        self.status.setAccessibleName("Addendum save status")
        self.watch()
        self.sign = QPushButton("Sign addendum…")
        self.sign.clicked.connect(self._ask_sign)
        self.discard = QPushButton("Discard addendum…")
        self.discard.setAccessibleName("Discard addendum")
        self.discard.clicked.connect(self._ask_discard)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.discard)
        row.addWidget(self.sign)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Addendum (draft)</b>"))
        layout.addWidget(self.text)
        layout.addLayout(row)

    def start(self, note_id: int) -> None:
        """Open a new draft addendum on a signed note.

        Args:
            note_id: The signed note.
        """
        def work(sessions: sessionmaker[Session]) -> AddendumView:
            from practice.services.notes import start_addendum

            return start_addendum(sessions, note_id)

        self.context.write(work, on_success=self.show_draft, parent=self)

    def show_draft(self, addendum: AddendumView) -> None:
        """Show a draft addendum for typing.

        Args:
            addendum: The draft.
        """
        self.addendum_id = addendum.id
        self.show_text(addendum.body)
        self.show()
        self.text.setFocus()

    def _record_id(self) -> int | None:
        return self.addendum_id

    def _write(self, sessions: sessionmaker[Session], record_id: int, text: str) -> datetime:
        from practice.services.notes import save_addendum_draft

        return save_addendum_draft(sessions, record_id, text)

    def _ask_sign(self) -> None:
        if self.addendum_id is not None:
            ask_to_sign(self, self.context, SIGN_QUESTION, self._sign)

    def _sign(self) -> None:
        store, addendum_id = self.context.store, self.addendum_id
        if store is None or addendum_id is None:
            return
        try:
            self.save_drafts()
        except Exception as error:  # nothing is signed over text that failed to save
            show_error(self, error)
            return
        def work(sessions: sessionmaker[Session]) -> AddendumView:
            from practice.services.notes import sign_addendum

            return sign_addendum(sessions, addendum_id, signed_by=signer(sessions))

        self.context.write(work, on_success=lambda _a: self._done(), parent=self)

    def _ask_discard(self) -> None:
        from practice.services.notes import delete_addendum_draft

        self.ask_to_throw_away(DISCARD_QUESTION, "Discard addendum", delete_addendum_draft,
                               self._done)

    def _done(self) -> None:
        self.clear()
        self.signed.emit()

    def clear(self) -> None:
        """Forget the addendum and its text, and hide."""
        self.forget_text()
        self.addendum_id = None
        self.hide()
