"""Settings → "Export practice…": every record to one file, sealed with a passphrase of its own."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.errors import say_why
from ui.widgets.passphrase import PassphraseFields

if TYPE_CHECKING:
    from practice.services.practice_export import ExportSummary
    from ui.context import AppContext
    from ui.operations import Job

EXPLANATION = (
    "Writes every record of the practice — clients, units, notes with their addenda and "
    "signatures, psychotherapy notes, providers, releases with their scans, letters as "
    "issued, disclosures and the schedule — to one file, to move to a new computer or keep "
    "apart from this one. The file has a passphrase of its own: choose one you will have "
    "when you import it (practice import FILE --store NEW).")
PLAIN_WARNING = ("Without encryption anyone who gets the file can read every client's record. "
                 "Use this only to hand the records to another program, on an encrypted disk.")


class ExportPracticeDialog(QDialog):
    """The export's passphrase (or, deliberately, none), then where to write it.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Export practice")
        self.setAccessibleName("Export practice")
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        self.passphrase = PassphraseFields("Export passphrase")
        self.plain = QCheckBox("Export without encryption")
        self.plain.toggled.connect(self._update)
        self.warning = QLabel(PLAIN_WARNING)
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName("Warning about an unencrypted export")
        self.warning.hide()
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Export result")
        self.export_button = QPushButton("Choose file and export…")
        self.export_button.clicked.connect(self.ask_where)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        self.passphrase.changed.connect(self._update)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        for widget in (explanation, self.passphrase, self.plain, self.warning, self.outcome):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self._update()

    def _update(self) -> None:
        plain = self.plain.isChecked()
        self.passphrase.setEnabled(not plain)
        self.warning.setVisible(plain)
        self.export_button.setEnabled(plain or self.passphrase.problem() is None)

    def ask_where(self) -> None:
        """Ask where to write the file, then export there."""
        suffix = "json" if self.plain.isChecked() else "practice-export"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export practice", str(Path.home() / f"practice.{suffix}"),
            "Practice exports (*.practice-export *.json)")
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, target: Path) -> None:
        """Export on the worker, with progress and a way to stop."""
        from practice.services.practice_export import export_practice

        store = self.context.store
        if store is None:
            return
        passphrase = None if self.plain.isChecked() else self.passphrase.text()
        kdf = self.context.kdf

        def work(job: Job) -> ExportSummary:
            return export_practice(store, target, passphrase=passphrase, kdf=kdf,
                                   progress=job.progress, cancelled=job.cancelled)

        self.export_button.setEnabled(False)
        self.outcome.setText("Exporting…")
        self.context.ops.run(work, on_success=lambda summary: self._done(summary, target),
                             on_failure=self._failed, label="Exporting the practice…",
                             parent=self)

    def _done(self, summary: ExportSummary, target: Path) -> None:
        self.passphrase.clear()
        self._update()
        kind = "encrypted" if summary.encrypted else "NOT encrypted"
        self.outcome.setText(f"{summary.records} records written to {target} ({kind}).")

    def _failed(self, error: BaseException) -> None:
        self._update()
        say_why(self.outcome, error, "Nothing was exported.")
