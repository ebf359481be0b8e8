"""Keeps the prose typed on the Letters form as a draft in the store, and puts it back.

A draft belongs to one client, recipient and template. It is saved a moment after typing
pauses, when the therapist switches to another letter, and when the app locks (the lock
calls ``save_now()`` while the store is still open). Choosing a letter whose fields are
empty puts its draft back. Saves run on the UI thread, as note drafts do: one small
transaction, finished before the lock closes the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QWidget

from practice.errors import PracticeError
from practice.services.letters.drafts import (
    LetterDraftKey,
    LetterDraftText,
    discard_letter_draft,
    load_letter_draft,
    save_letter_draft,
)
from ui.errors import show_error
from ui.screens.notes.autosave import Autosave

if TYPE_CHECKING:
    from datetime import datetime

    from ui.context import AppContext
    from ui.screens.letters.compose import ComposeForm

RESTORED = "Draft restored from {when}."
SAVED = "Draft saved {when}."
LEFT_SAVED = "The draft of the letter chosen before was saved {when}."
DISCARDED = "Draft discarded."
NOT_SAVED = "Draft not saved: {reason}"


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%d %b %Y, %H:%M")


class LetterDrafts(QObject):
    """Saves and restores the draft of the letter chosen on a ``ComposeForm``.

    Args:
        context: The application context (its store, when open).
        form: The letter form whose prose is kept.
        status: The line that says when the draft was saved or restored.
        parent: The owning widget (errors are shown over it).
    """

    def __init__(self, context: AppContext, form: ComposeForm, status: QLabel,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.context, self.form, self.status, self._owner = context, form, status, parent
        self.key: LetterDraftKey | None = None
        self.dirty = False  # typed since the last save or restore
        self.stored = False  # the store holds a draft for ``key``
        self.autosave = Autosave(self._save_after_pause, self._failed, parent=self)
        form.edited.connect(self.follow)
        form.draft_edited.connect(self._typed)

    def chosen_key(self) -> LetterDraftKey | None:
        """The client, recipient and template chosen on the form, if all are chosen."""
        client, provider, template = (self.form.client_id(), self.form.provider_id(),
                                      self.form.template_chosen())
        if client is None or provider is None or template is None:
            return None
        return LetterDraftKey(client, provider, template.key)

    @property
    def can_discard(self) -> bool:
        """Whether there is a draft, saved or typed, to discard."""
        return self.key is not None and (self.stored or bool(self.form.typed_prose()))

    def follow(self) -> None:
        """After the choice changes: save the letter left, then restore the one chosen.

        The chosen letter's draft replaces the text on screen only when that text is kept
        (saved for the letter left, or empty); text that could not be saved stays, and
        counts as typed for the letter now chosen.
        """
        key = self.chosen_key()
        if key == self.key:
            return
        failure: BaseException | None = None
        try:
            saved = self.save_now()
        except Exception as error:  # the choice still changes; the text stays on screen
            failure, saved = error, None
        self.key, self.stored, self.dirty = key, False, failure is not None
        self.status.setText(LEFT_SAVED.format(when=_when(saved)) if saved else "")
        if failure is not None:
            self._failed(failure)
        elif key is not None:
            self._restore(key)

    def _restore(self, key: LetterDraftKey) -> None:
        # At once, on this thread: the draft must be on screen before anything is typed.
        draft = self.context.read_now(lambda sessions: load_letter_draft(sessions, key))
        if draft is None:  # none saved, or the store is locked
            return
        self.form.restore_draft(draft)
        self.stored = True
        if draft.saved_at is not None:
            self.status.setText(RESTORED.format(when=_when(draft.saved_at)))

    def _typed(self) -> None:
        if self.key is not None:
            self.dirty = True
            self.autosave.poke()

    def save_now(self) -> datetime | None:
        """Save what was typed for the chosen letter, at once (errors are raised).

        Returns:
            When it was saved; None when nothing was typed, or it was blank (no draft kept).

        Raises:
            ValidationError: A text far too long, or with characters that cannot be stored.
        """
        self.autosave.cancel()
        store, key = self.context.store, self.key
        if store is None or key is None or not self.dirty:
            return None
        draft = LetterDraftText(self.form.letter_day(), self.form.legal_name.isChecked(),
                                self.form.typed_prose())
        saved = self.context.write_now(lambda sessions: save_letter_draft(sessions, key, draft))
        self.dirty, self.stored = False, saved is not None
        self.status.setText(SAVED.format(when=_when(saved)) if saved is not None else "")
        return saved

    def _save_after_pause(self) -> None:
        self.save_now()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, PracticeError):
            self.status.setText(NOT_SAVED.format(reason=error.message))
        else:
            self.status.setText(NOT_SAVED.format(reason="see the error report."))
            show_error(self._owner, error)

    def discard(self) -> None:
        """Throw away the chosen letter's draft, saved and typed."""
        store, key = self.context.store, self.key
        if store is None or key is None:
            return
        self.context.write_now(lambda sessions: discard_letter_draft(sessions, key))
        self.form.fields.forget()
        self.autosave.cancel()
        self.dirty = self.stored = False
        self.status.setText(DISCARDED)

    def issued(self, key: LetterDraftKey) -> None:
        """Note that the letter ``key`` was issued: the core removed its draft with it."""
        if key == self.key:
            self.autosave.cancel()
            self.dirty = self.stored = False
            self.status.clear()

    def forget(self) -> None:
        """Forget the chosen letter without saving (after ``save_now()``, on lock)."""
        self.autosave.cancel()
        self.key, self.dirty, self.stored = None, False, False
        self.status.clear()
