"""A debounced autosave: typing restarts a short timer, and the save runs once typing pauses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from ui.context import AppContext

AUTOSAVE_DELAY_MS = 1000


class Autosave(QObject):
    """Calls ``save`` once typing has paused for ``delay_ms``.

    The editor saves at once itself when asked (``save_drafts()``), calling ``cancel()`` first
    and letting errors through, so the lock can report them.

    Args:
        save: Writes whatever is pending; it raises what the core raises.
        on_error: Shown an error from a timed save.
        delay_ms: The pause that triggers a save.
        parent: The owning object (the timer dies with it).
    """

    def __init__(self, save: Callable[[], None], on_error: Callable[[BaseException], None],
                 delay_ms: int = AUTOSAVE_DELAY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self._on_error = on_error
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._timed)

    @property
    def pending(self) -> bool:
        """Whether typed text waits to be saved."""
        return self._timer.isActive()

    def poke(self) -> None:
        """Note that something was typed: the save waits for the next pause."""
        self._timer.start()

    def cancel(self) -> None:
        """Forget what waits, unsaved (the view is being emptied after a flush)."""
        self._timer.stop()

    def _timed(self) -> None:
        try:
            self._save()
        except Exception as error:  # shown to the therapist; the text stays in the editor
            self._on_error(error)


class AutosavedText(QWidget):
    """One text box saved a moment after typing stops, with a save status under it.

    Subclasses build ``self.text`` and ``self.status``, call ``watch()`` once, and say how
    the text is written (``_write``) and which record it belongs to (``_record_id``).
    """

    context: AppContext
    text: QPlainTextEdit
    status: QLabel

    def watch(self) -> None:
        """Start autosaving ``self.text``."""
        self._dirty = False
        self.autosave = Autosave(self._save_now, self._failed, parent=self)
        self.text.textChanged.connect(self._typed)

    def _record_id(self) -> int | None:
        raise NotImplementedError

    def _write(self, sessions: sessionmaker[Session], record_id: int, text: str) -> datetime:
        raise NotImplementedError

    def show_text(self, body: str) -> None:
        """Show saved text without marking it as typed."""
        self.text.blockSignals(True)
        self.text.setPlainText(body)
        self.text.blockSignals(False)
        self._dirty = False
        self.status.clear()

    def _typed(self) -> None:
        self._dirty = True
        self.status.setText("Not saved yet…")
        self.autosave.poke()

    def _save_now(self) -> None:
        store = self.context.store
        record_id = self._record_id()
        if store is None or record_id is None or not self._dirty:
            return
        text = self.text.toPlainText()
        # At once, on this thread: the lock closes the store right after save_drafts().
        saved = self.context.write_now(lambda sessions: self._write(sessions, record_id, text))
        if saved is None:
            return
        self._dirty = False
        self.status.setText(f"Saved {saved.astimezone().strftime('%H:%M:%S')}")

    def _failed(self, error: BaseException) -> None:
        from ui.errors import show_error

        self.status.setText("Not saved.")
        show_error(self, error)

    def save_drafts(self) -> None:
        """Save typed text now."""
        self.autosave.cancel()
        self._save_now()

    def forget_text(self) -> None:
        """Stop autosaving and empty the box."""
        self.autosave.cancel()
        self.show_text("")

    def ask_to_throw_away(self, question: str, action: str,
                          delete: Callable[[sessionmaker[Session], int], None],
                          then: Callable[[], None]) -> None:
        """Ask, then delete the record being typed (never autosaved again) and call ``then``.

        Args:
            question: What is asked, in plain words.
            action: The confirming button's words.
            delete: Deletes the record through the core (on the worker).
            then: Called on the main thread once it is gone.
        """
        from ui.errors import confirm

        def throw_away() -> None:
            store, record_id = self.context.store, self._record_id()
            if store is None or record_id is None:
                return
            self.forget_text()  # thrown away on purpose: nothing is left to autosave
            self.context.write(lambda sessions: delete(sessions, record_id),
                               on_success=lambda _none: then(), parent=self)

        if self._record_id() is not None:
            confirm(self, question, action, throw_away)
