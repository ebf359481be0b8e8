"""The Letters section: compose with a live preview, issue under a release, export and print.

The preview is composed and rendered on the worker a moment after the typing stops, and
shown from memory. Issuing composes again from what is on screen, so the letter issued is
exactly the one the core checks. Only an issued letter (logged as a disclosure) can be
exported or printed. The prose typed is kept as a draft in the store (``drafts``) until the
letter is issued, so a lock or a change of recipient never loses it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from practice.errors import PracticeError
from practice.services.letters.batch import letter_file_name
from practice.services.letters.drafts import LetterDraftKey
from practice.services.releases import DisclosureRefused
from ui.errors import confirm
from ui.models import letters as work
from ui.operations import Job
from ui.screens.base import Screen
from ui.screens.letters.batch import BatchDialog, BatchStart
from ui.screens.letters.compose import ComposeForm
from ui.screens.letters.drafts import LetterDrafts
from ui.screens.letters.empty import NO_CLIENTS, letters_need
from ui.screens.letters.parts import action_button, delay_timer, password_field, tell_refusal
from ui.screens.letters.release_check import ReleaseCheck
from ui.widgets.empty_state import EmptyState
from ui.widgets.pdf_preview import PdfPreview, print_document

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.letters import IssuedLetter, LetterSummary
    from ui.context import AppContext

PREVIEW_DELAY_MS = 500
PREVIEWING = "Preview — not issued. Nothing is sent or logged until you issue it."
ISSUED = "Issued, and logged as a disclosure. It can now be exported or printed."


class LettersScreen(Screen):
    """Letters: the form, a live preview, and the chosen client's issued letters."""

    title = "Letters"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.shown: IssuedLetter | None = None
        self.summaries: tuple[LetterSummary, ...] = ()
        self._generation = 0  # previews that arrive after a newer request are dropped
        # Previews start once the therapist touches the letter (or a draft is put back),
        # not when the section opens: drawing one loads ReportLab, about 9 MB kept.
        self._wanted = False
        self._quiet = False  # the form changing on its own (choices read, release scopes)
        self._printer: QPrinter | None = None
        self.form = ComposeForm()
        self.preview = PdfPreview()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Letter status")
        self.issued = QListWidget()
        self.issued.setAccessibleName("Issued letters")
        self.issued.currentItemChanged.connect(lambda *_items: self._letter_chosen())
        self.export_password = password_field("Password for the exported PDF")
        self.issue_button = action_button("Issue letter…", self.ask_to_issue)
        self.batch_button = action_button("Letters to the care team…", self.open_batch)
        self.batch: BatchDialog | None = None
        self.question: QMessageBox | None = None
        self.export_button = action_button("Export PDF…", self.export_shown)
        self.print_button = action_button("Print…", self.print_shown)
        self.draft_status = QLabel("")
        self.draft_status.setWordWrap(True)
        self.draft_status.setAccessibleName("Letter draft status")
        self.discard_button = action_button("Discard draft…", self.ask_to_discard)
        self.drafts = LetterDrafts(context, self.form, self.draft_status, self)
        self.check = ReleaseCheck(context, self)
        self.check.changed.connect(self._enable)
        self.check.recorded.connect(self._release_recorded)
        self.empty = EmptyState(NO_CLIENTS, "Go to Clients", self._go_to_missing)
        self.pages = QStackedWidget()
        self.form.draft_edited.connect(self._enable)
        self.timer = delay_timer(self, PREVIEW_DELAY_MS, self.preview_now)
        self.form.edited.connect(self._letter_edited)
        self.form.edited.connect(self._enable)
        self.form.recipient_changed.connect(self._read_scopes)
        # A joint-session refusal is the preview's to tell; unticking starts from the client's.
        self.form.include_joint.toggled.connect(lambda _on: self._read_scopes())
        self.form.client_changed.connect(self._read_issued)
        self._lay_out()
        self._enable()

    def _lay_out(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(self.form, 1)
        drafts = QHBoxLayout()
        drafts.addWidget(self.draft_status, 1)
        drafts.addWidget(self.discard_button)
        column.addLayout(drafts)
        column.addWidget(self.check)
        column.addWidget(self.issue_button)
        column.addWidget(self.batch_button)
        column.addWidget(QLabel("Letters issued for this client:"))
        column.addWidget(self.issued)
        column.addWidget(self.export_password)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.print_button)
        column.addLayout(actions)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.addWidget(self.message)
        right_column.addWidget(self.preview, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([440, 800])
        self.pages.addWidget(splitter)
        self.pages.addWidget(self.empty)
        QVBoxLayout(self).addWidget(self.pages)

    # --- reading -------------------------------------------------------------------------

    def load(self) -> None:
        """Read the clients, providers and templates to choose from."""
        self.context.read(work.read_choices, on_success=self._choices_read, parent=self)

    def _choices_read(self, choices: work.LetterChoices) -> None:
        self._quietly(lambda: self.form.set_choices(choices))
        missing = letters_need(choices)
        if missing is not None:
            sentence, action, _section = missing
            self.empty.sentence.setText(sentence)
            self.empty.action.setText(action)
            self.empty.action.setAccessibleName(action)
        self.pages.setCurrentIndex(0 if missing is None else 1)

    def _go_to_missing(self) -> None:
        from ui.navigation import go_to_titled
        from ui.screens.settings import SettingsScreen

        missing = letters_need(self.form.choices)
        if missing is None:
            return
        screen = go_to_titled(self, missing[2])
        if isinstance(screen, SettingsScreen):
            screen.practice.focus_name()

    def _provider_name(self, provider_id: int) -> str:
        return next((p.details.name for p in self.form.choices.providers
                     if p.id == provider_id), "this provider")

    def _read_scopes(self) -> None:
        self.check.checking()
        client, provider = self.form.client_id(), self.form.provider_id()
        if client is None or provider is None:
            return
        on = self.form.letter_day()

        def show(cover: work.ReleaseCover) -> None:
            if (client, provider, on) != (self.form.client_id(), self.form.provider_id(),
                                          self.form.letter_day()):
                return  # the therapist chose another letter meanwhile
            self._quietly(lambda: self.form.set_scopes(cover.scopes))
            self.check.set_cover(cover, client, provider, self._provider_name(provider))

        self.context.read(lambda sessions: work.release_cover(sessions, client, provider, on),
                          on_success=show, parent=self)

    def _release_recorded(self) -> None:
        """A release was just recorded from here: check again, so Issue can be enabled."""
        self._read_scopes()
        self.timer.start()

    def _read_issued(self) -> None:
        store, client = self.context.store, self.form.client_id()
        self.issued.clear()
        self.summaries = ()
        if store is None or client is None:
            self._enable()
            return
        self.context.read(lambda sessions: work.issued_letters(sessions, client),
                          on_success=self._show_issued, parent=self)

    def _show_issued(self, summaries: tuple[LetterSummary, ...], select: int | None = None
                     ) -> None:
        self.summaries = summaries
        providers = {p.id: p.details.name for p in self.form.choices.providers}
        self.issued.blockSignals(True)
        self.issued.clear()
        for summary in summaries:
            to = providers.get(summary.provider_id, f"provider {summary.provider_id}")
            corrected = " (corrected later)" if summary.superseded_by else ""
            item = QListWidgetItem(f"{summary.letter_date:%d %b %Y} — {summary.purpose}, "
                                   f"to {to}{corrected}")
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            self.issued.addItem(item)
            if summary.id == select:
                self.issued.setCurrentItem(item)
        self.issued.blockSignals(False)
        self._enable()

    def _letter_chosen(self) -> None:
        item, store = self.issued.currentItem(), self.context.store
        if item is None or store is None:
            return
        letter_id = int(item.data(Qt.ItemDataRole.UserRole))

        def open_letter(sessions: sessionmaker[Session]) -> IssuedLetter:
            from practice.services.letters import get_letter

            return get_letter(sessions, letter_id)

        self._generation += 1  # an issued letter replaces any preview on its way
        # A write: opening an issued letter is logged in the audit trail.
        self.context.write(open_letter, on_success=self._show_letter, on_failure=self._refused,
                           parent=self)

    def _show_letter(self, letter: IssuedLetter) -> None:
        self.timer.stop()
        self.shown = letter
        self.preview.show_pdf(letter.pdf)
        self.message.setText(f"Issued letter of {letter.summary.letter_date:%d %b %Y}, "
                             "as it was sent.")
        self._enable()

    # --- previewing and issuing ----------------------------------------------------------

    def preview_now(self) -> None:
        """Compose and render the letter as it stands (the timer calls this after edits)."""
        self.timer.stop()
        store, request = self.context.store, self.form.request()
        if store is None or request is None:
            return
        self._generation += 1
        generation = self._generation
        # A write: composing opens the client's record, which is audited.
        self.context.write(
            lambda sessions: work.preview_letter(sessions, request),
            on_success=lambda preview: self._show_preview(generation, preview),
            on_failure=lambda error: self._preview_refused(generation, error), parent=self)

    def _show_preview(self, generation: int, preview: work.Preview) -> None:
        if generation != self._generation:
            return
        self.shown = None
        self.issued.blockSignals(True)
        self.issued.setCurrentRow(-1)
        self.issued.blockSignals(False)
        self.preview.show_pdf(preview.pdf)
        self.message.setText(PREVIEWING)
        self.check.allowed()
        self._enable()

    def _preview_refused(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.shown = None
            self.preview.clear()
            self._refused(error)

    def _letter_edited(self) -> None:
        if not self._quiet:
            self._wanted = True
            self.timer.start()

    def _quietly(self, change: Callable[[], None]) -> None:
        """Let the form change on its own; preview it only if one is already wanted."""
        self._quiet = True
        try:
            change()
        finally:
            self._quiet = False
        if self._wanted:
            self.timer.start()

    def save_drafts(self) -> None:
        """Save the prose typed for the chosen letter now (the lock calls this)."""
        self.drafts.save_now()

    def ask_to_discard(self) -> None:
        """Ask before throwing away the text typed for the chosen letter."""
        if not self.drafts.can_discard or self.question is not None:
            return
        self.question = confirm(
            self, "Discard the draft of this letter? The text typed for it is deleted.",
            "Discard", self.discard_draft)
        self.question.finished.connect(self._forget_question)

    def discard_draft(self) -> None:
        """Throw away the chosen letter's draft, saved and typed."""
        try:
            self.drafts.discard()
        except Exception as error:  # refused or a bug: said on the status line or reported
            self._refused(error)
        self._enable()

    def ask_to_issue(self) -> None:
        """Ask before issuing: an issued letter and its disclosure log can never be undone."""
        provider = next((p for p in self.form.choices.providers
                         if p.id == self.form.provider_id()), None)
        if provider is None or self.form.request() is None:
            return
        self.question = confirm(
            self, f"Issue this letter to {provider.details.name}? It is kept exactly as "
            "issued and logged as a disclosure in the client's record.", "Issue",
            self.issue_letter)
        self.question.finished.connect(self._forget_question)

    def _forget_question(self) -> None:
        self.question = None

    def issue_letter(self) -> None:
        """Issue the letter on screen; the core refuses it without a release in force."""
        store, request = self.context.store, self.form.request()
        if store is None or request is None:
            return
        self.timer.stop()
        self._generation += 1
        try:  # kept first, so a refused letter keeps its draft and no late save revives it
            self.drafts.save_now()
        except Exception as error:
            self._refused(error)
            return
        self.context.write(lambda sessions: work.issue(sessions, request),
                           on_success=self._issued, on_failure=self._issue_refused,
                           label="Issuing the letter…", parent=self)

    def _issued(self, letter: IssuedLetter) -> None:
        summary = letter.summary
        self.drafts.issued(LetterDraftKey(summary.client_id, summary.provider_id,
                                          summary.template_key))
        self._show_letter(letter)
        self.message.setText(ISSUED)
        client = letter.summary.client_id
        self.context.read(lambda sessions: work.issued_letters(sessions, client),
                          on_success=lambda found: self._show_issued(found, select=letter.id),
                          parent=self)

    def _issue_refused(self, error: BaseException) -> None:
        self.shown = None
        self.preview.clear()
        self._refused(error)

    def _refused(self, error: BaseException) -> None:
        client, provider = self.form.client_id(), self.form.provider_id()
        if isinstance(error, DisclosureRefused) and client is not None and provider is not None:
            names = {c.id: c.display_name for c in self.form.choices.clients}
            self.check.refused(error.decision, client, provider, self._provider_name(provider),
                               lambda member: names.get(member, "another member"))
            self.message.setText(self.check.reason)
        else:
            tell_refusal(self, self.message, error,
                         joint_included=self.form.include_joint.isChecked())
        self._enable()

    # --- the care team ------------------------------------------------------------------

    def open_batch(self) -> None:
        """Open the dialog that writes one letter to each provider on the client's care team.

        It starts from the client, date and prose chosen here, one text for every letter.
        """
        client = next((c for c in self.form.choices.clients
                       if c.id == self.form.client_id()), None)
        if client is None or self.context.store is None or self.batch is not None:
            return
        start = BatchStart(client.id, client.display_name, self.form.letter_day(),
                           self.form.legal_name.isChecked(), self.form.typed_prose(),
                           self.form.choices.templates)
        self.batch = BatchDialog(self.context, start, self)
        self.batch.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.batch.issued.connect(self._batch_issued)
        self.batch.finished.connect(self._forget_batch)
        self.batch.open()
        self.batch.replan()

    def _batch_issued(self, client_id: int) -> None:
        if client_id == self.form.client_id():
            self._read_issued()

    def _forget_batch(self) -> None:
        self.batch = None

    # --- export and print ----------------------------------------------------------------

    def export_shown(self) -> None:
        """Ask where to save the issued letter on show, then save it there."""
        if self.shown is None:
            return
        dialog = QFileDialog(self, "Export letter", letter_file_name(self.shown.id),
                             "PDF files (*.pdf)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda chosen: self.export_to(Path(chosen)))
        dialog.open()

    def export_to(self, path: Path) -> None:
        """Write the issued letter on show to ``path`` (owner-only; with the password, if any).

        Args:
            path: The file the therapist chose.
        """
        if self.shown is None:
            return
        pdf, password = self.shown.pdf, self.export_password.text() or None

        def write(_job: Job) -> Path:
            from practice.services.letters import export_pdf

            export_pdf(pdf, path, password)
            return path

        self.context.ops.run(
            write, on_success=lambda done: self.message.setText(f"Saved to {done}."),
            on_failure=self._refused, parent=self)

    def print_shown(self) -> None:
        """Ask which printer, then print the issued letter on show."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.shown is None or not self.preview.ready:
            return
        self._printer = QPrinter()
        dialog = QPrintDialog(self._printer, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        printer = self._printer
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.show()  # QPrintDialog.open() wants a receiver; show() is window-modal here

    def print_to(self, printer: QPrinter) -> None:
        """Print the issued letter on show to a configured printer.

        Args:
            printer: A printer chosen in the print dialog (or a PDF file, in tests).
        """
        if self.shown is None or not self.preview.ready:
            return
        try:
            pages = print_document(self.preview.document, printer)
        except PracticeError as error:
            self._refused(error)
            return
        self.message.setText(f"Sent {pages} page{'s' if pages != 1 else ''} to the printer.")

    def _enable(self) -> None:
        self.issue_button.setEnabled(self.form.request() is not None and self.check.allows)
        self.issue_button.setToolTip(self.check.reason)  # why it is disabled, if it is
        self.batch_button.setEnabled(self.form.client_id() is not None)
        for button in (self.export_button, self.print_button):
            button.setEnabled(self.shown is not None)
        self.discard_button.setEnabled(self.drafts.can_discard)

    def clear(self) -> None:
        """Forget the choices, the typed prose, the preview and the issued letters."""
        self.timer.stop()
        self._generation += 1
        self._wanted = False
        if self.question is not None:
            self.question.reject()  # a question left open is not an answer
        if self.batch is not None:
            self.batch.discard()
        self.drafts.forget()  # save_drafts() ran first; nothing typed is left to keep
        self.check.clear()
        self.form.clear()
        self.preview.clear()
        self.shown = None
        self.summaries = ()
        self.issued.clear()
        self.message.clear()
        self.export_password.clear()
        self._printer = None
        self._enable()
