"""Letters to a client's whole care team: the plan, one text for all, progress, stop, result.

The plan (who gets a letter, who does not and why) is composed on the worker a moment after
the text stops changing; nothing is written until the therapist confirms. Issuing runs as
one operation that issues the letters one at a time, each with its disclosures in its own
transaction, and stops between letters when asked. The worker receives only ids and plain
text (a ``BatchRequest``), never a widget or a row from the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from practice.services.letters.batch import BatchExport, BatchRequest
from ui.errors import confirm
from ui.screens.letters.batch_text import plan_lines, result_lines, result_summary
from ui.screens.letters.compose import ProseFields
from ui.screens.letters.parts import action_button, delay_timer, password_field, tell_refusal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.letters.templates import LetterTemplate
    from practice.services.letters.batch import BatchPlan, BatchResult
    from ui.context import AppContext
    from ui.operations import Job

PLAN_DELAY_MS = 500
EACH_OWN = "Each provider's own specialty template"
NO_TEAM = ("No provider is on this client's care team on the letter's date. Add the "
           "providers to the care team first.")
RUNNING = "Issuing… If you stop, the letters already issued stay issued and are listed."
STOPPING = "Stopping after the letter being issued…"


@dataclass(frozen=True)
class BatchStart:
    """What the Letters screen hands the dialog: whom, when, and the prose typed so far."""

    client_id: int
    client_name: str
    on: date
    use_legal_name: bool
    prose: Mapping[str, str]
    templates: tuple[LetterTemplate, ...]


class _Relay(QObject):
    """Carries the worker's progress to the dialog (a queued signal, as the runner's own)."""

    moved = Signal(int, int)


class BatchDialog(QDialog):
    """Plans and issues one letter about a client to each provider on their care team.

    ``issued`` fires with the client's id once letters were issued (the screen's list of
    issued letters then reads again).

    Args:
        context: The application context.
        start: The client, date and prose from the Letters screen.
        parent: The Letters screen.
    """

    issued = Signal(int)

    def __init__(self, context: AppContext, start: BatchStart,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.start = context, start
        self.plan: BatchPlan | None = None
        self.outcome: BatchResult | None = None
        self.job: Job | None = None
        self.question: QMessageBox | None = None
        self.folder: Path | None = None
        self._generation = 0
        # Parentless, and held by the work while it runs: never deleted under the worker.
        self._relay = _Relay()
        self._relay.moved.connect(self._moved)
        self._build()
        self._lay_out()
        self._enable()

    def _build(self) -> None:
        self.setWindowTitle("Letters to the care team")
        self.setAccessibleName("Letters to the care team")
        self.intro = QLabel(
            f"One letter about {self.start.client_name}, dated {self.start.on:%d %b %Y}, to "
            "each provider on the care team whose release allows it. Each letter prints only "
            "what that provider's release covers.")
        self.intro.setWordWrap(True)
        self.template = QComboBox()
        self.template.setAccessibleName("Template for every letter")
        self.template.addItem(EACH_OWN, None)
        for template in self.start.templates:
            self.template.addItem(template.title, template.key)
        self.template.currentIndexChanged.connect(lambda _i: self._edited())
        self.fields_form = QFormLayout()
        self.fields = ProseFields(self.fields_form, self._edited, self.start.prose)
        self.targets = QListWidget()
        self.targets.setAccessibleName("Who gets a letter")
        self.save_pdfs = QCheckBox("Also save each letter as a PDF in a folder")
        self.save_pdfs.setAccessibleName("Also save each letter as a PDF in a folder")
        self.save_pdfs.toggled.connect(lambda _on: self._enable())
        self.folder_button = action_button("Choose folder…", self.choose_folder)
        self.folder_label = QLabel("No folder chosen.")
        self.password = password_field("Password for the saved PDFs")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Letters issued so far")
        self.progress.setFormat("%v of %m letters")
        self.progress.hide()
        self.message = QLabel("Checking each provider's release…")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Batch status")
        self.issue_button = action_button("Issue letters…", self.ask_to_issue)
        self.cancel_button = action_button("Cancel", self.cancel)
        self.timer = delay_timer(self, PLAN_DELAY_MS, self.replan)

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        form = QFormLayout()
        form.addRow("Template:", self.template)
        layout.addLayout(form)
        layout.addLayout(self.fields_form)
        layout.addWidget(QLabel("Who gets a letter:"))
        layout.addWidget(self.targets, 1)
        layout.addWidget(self.save_pdfs)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_button)
        folder_row.addWidget(self.folder_label, 1)
        layout.addLayout(folder_row)
        layout.addWidget(self.password)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.resize(640, 560)

    # --- planning ------------------------------------------------------------------------

    def request(self) -> BatchRequest:
        """The batch as chosen and typed (plain data for the worker)."""
        return BatchRequest(
            self.start.client_id, self.start.on, self.start.use_legal_name,
            self.fields.texts(), template_key=self.template.currentData())

    def replan(self) -> None:
        """Compose every letter on the worker (nothing is written) and show who gets one."""
        self.timer.stop()
        store = self.context.store
        if store is None or self.job is not None:
            return
        self._generation += 1
        generation, request = self._generation, self.request()

        def work(sessions: sessionmaker[Session]) -> BatchPlan:
            from practice.services.letters.batch import plan_batch

            return plan_batch(sessions, request)

        # A write, though no letter is: composing opens the client's record (audited).
        self.context.write(work, on_success=lambda plan: self._planned(generation, plan),
                           on_failure=self._failed, parent=self)

    def _edited(self) -> None:
        if self.outcome is not None:
            return  # the batch has run: what is shown is its result
        self.plan = None  # what is shown no longer matches the text until planned again
        self._enable()
        self.timer.start()

    def _planned(self, generation: int, plan: BatchPlan) -> None:
        if generation != self._generation or self.job is not None or self.outcome is not None:
            return
        self.plan = plan
        self.fields.show(plan.prose_needed)
        self._show_lines(plan_lines(plan))
        ready = len(plan.ready)
        if not plan.ready and not plan.refused:
            self.message.setText(NO_TEAM)
        else:
            self.message.setText(f"{ready} letter{'s' if ready != 1 else ''} ready to issue; "
                                 f"{len(plan.refused)} provider"
                                 f"{'s' if len(plan.refused) != 1 else ''} would get none.")
        self._enable()

    def _show_lines(self, lines: list[str]) -> None:
        self.targets.clear()
        self.targets.addItems(lines)

    # --- issuing -------------------------------------------------------------------------

    def choose_folder(self) -> None:
        """Ask for the folder the PDFs go to."""
        dialog = QFileDialog(self, "Folder for the letters")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda chosen: self.set_folder(Path(chosen)))
        dialog.open()

    def set_folder(self, folder: Path) -> None:
        """Save the PDFs in ``folder`` (what choosing it in the folder dialog does)."""
        self.folder = folder
        self.folder_label.setText(str(folder))
        self.save_pdfs.setChecked(True)
        self._enable()

    def ask_to_issue(self) -> None:
        """Ask before issuing: issued letters and their disclosure log are never undone."""
        if self.plan is None or not self.plan.ready:
            return
        count = len(self.plan.ready)
        self.question = confirm(
            self, f"Issue {count} letter{'s' if count != 1 else ''}? Each is kept exactly as "
            "issued and logged as a disclosure in the client's record.", "Issue", self.issue)
        self.question.finished.connect(self._forget_question)

    def _forget_question(self) -> None:
        self.question = None

    def issue(self) -> None:
        """Issue the planned letters one at a time on the worker, with progress and a stop."""
        store, plan = self.context.store, self.plan
        if store is None or plan is None or not plan.ready or self.job is not None:
            return
        self.timer.stop()
        request = replace(self.request(), provider_ids=tuple(t.provider_id for t in plan.ready))
        export = self._export()
        relay = self._relay

        def work(sessions: sessionmaker[Session], job: Job) -> BatchResult:
            from practice.services.letters.batch import issue_batch

            def report(done: int, total: int) -> None:
                job.progress(done, total)
                relay.moved.emit(done, total)

            return issue_batch(sessions, request, export=export, progress=report,
                               cancelled=job.cancelled)

        self.progress.setRange(0, len(plan.ready))
        self.progress.setValue(0)
        self.progress.show()
        self.message.setText(RUNNING)
        self.job = self.context.write_tracked(work, on_success=self._done,
                                              on_failure=self._failed, parent=self)
        self._enable()

    def _export(self) -> BatchExport | None:
        if not self.save_pdfs.isChecked() or self.folder is None:
            return None
        return BatchExport(self.folder, self.password.text() or None)

    def _moved(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _done(self, result: BatchResult) -> None:
        self.job = None
        self.outcome = result
        self.progress.setValue(len(result.issued) + len(result.refused))
        self._show_lines(result_lines(result))
        self.message.setText(result_summary(result))
        self._enable()
        if result.issued:
            self.issued.emit(self.start.client_id)

    def _failed(self, error: BaseException) -> None:
        was_issuing, self.job = self.job is not None, None
        tell_refusal(self, self.message, error)
        self._enable()
        if was_issuing:
            self.issued.emit(self.start.client_id)  # letters may have gone out before it

    def cancel(self) -> None:
        """Stop after the letter being issued; before the batch runs, close the dialog."""
        if self.job is not None:
            self.job.cancel()
            self.message.setText(STOPPING)
            self.cancel_button.setEnabled(False)
            return
        self.reject()

    def _enable(self) -> None:
        running = self.job is not None
        exporting = self.save_pdfs.isChecked()
        ready = self.plan is not None and bool(self.plan.ready) and self.outcome is None
        self.issue_button.setEnabled(ready and not running
                                     and (not exporting or self.folder is not None))
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Stop after this letter" if running
                                   else "Close" if self.outcome is not None else "Cancel")
        for widget in (self.template, self.save_pdfs, self.folder_button, self.password,
                       *self.fields.edits.values()):
            widget.setEnabled(not running and self.outcome is None)

    def discard(self) -> None:
        """Forget the text, the plan and the result, and close (the store is closing)."""
        self.fields.forget()  # first: clearing the editors would start the timer again
        self.timer.stop()
        self._generation += 1
        if self.question is not None:
            self.question.reject()
        if self.job is not None:
            self.job.cancel()
        self.job = None
        self.password.clear()
        self.targets.clear()
        self.plan = self.outcome = None
        self.reject()
