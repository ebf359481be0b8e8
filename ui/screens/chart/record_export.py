"""The chart's "Export record…": the client's copy of their record (right of access).

The dialog shows what the copy leaves out and why before anything is written, so the
therapist reviews it first; then it asks where to save the PDF and/or the FHIR file and
does the work on the worker. Default file names say nothing about the client.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.errors import say_why

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.record_access import RecordExport, Withheld
    from ui.context import AppContext
    from ui.operations import Job

EXPLANATION = (
    "A copy of the client's record, as the client has the right to ask for it: identity, "
    "units, signed progress notes with addenda, diagnoses, releases, letters sent, the "
    "accounting of disclosures and sessions attended. Psychotherapy notes are never "
    "included. Review what is withheld below before you give the copy to the client.")
NOTHING_WITHHELD = "Nothing is withheld from this copy."
PASSWORD_HINT = "Leave blank for no password. The FHIR file cannot carry a password."


class RecordExportDialog(QDialog):
    """Choose the forms of the copy and a password, review what is withheld, then save.

    Args:
        context: The application context.
        client_id: Whose record.
        parent: The parent widget.
    """

    exported = Signal()  # written and logged: the chart's disclosure log reads again

    def __init__(self, context: AppContext, client_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.client_id = client_id
        self.setWindowTitle("Export record")
        self.setAccessibleName("Export record")
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        self.pdf = QCheckBox("PDF copy")
        self.pdf.setChecked(True)
        self.fhir = QCheckBox("FHIR file (JSON)")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password for the PDF")
        self.password.setPlaceholderText(PASSWORD_HINT)
        password_label = QLabel("&Password for the PDF:")
        password_label.setBuddy(self.password)
        self.withheld_label = QLabel("Withheld from this copy (reading…)")
        self.withheld = QListWidget()
        self.withheld.setAccessibleName("Withheld from this copy")
        self.withheld_label.setBuddy(self.withheld)
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Export result")
        self.export_button = QPushButton("Choose where and export…")
        self.export_button.setEnabled(False)  # until the withheld list is there to review
        self.export_button.clicked.connect(self.ask_where)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        for box in (self.pdf, self.fhir):
            box.toggled.connect(self._update)
        self._loaded = False
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        for widget in (explanation, self.pdf, self.fhir, password_label, self.password,
                       self.withheld_label, self.withheld, self.outcome):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self._load()

    def _load(self) -> None:
        from practice.services.record_access import gather_record

        client_id, today = self.client_id, date.today()

        def work(sessions: sessionmaker[Session]) -> tuple[Withheld, ...]:
            return gather_record(sessions, client_id, today=today).withheld

        # A write: gathering the record opens the client and their letters, which is audited.
        self.context.write(work, on_success=self._show_withheld, parent=self)

    def _show_withheld(self, withheld: tuple[Withheld, ...]) -> None:
        self.withheld.clear()
        for item in withheld:
            self.withheld.addItem(f"{item.what} — {item.why}")
        if not withheld:
            self.withheld.addItem(NOTHING_WITHHELD)
        self.withheld_label.setText(f"Withheld from this copy ({len(withheld)}):")
        self._loaded = True
        self._update()

    def _update(self) -> None:
        self.password.setEnabled(self.pdf.isChecked())
        self.export_button.setEnabled(self._loaded and (self.pdf.isChecked()
                                                        or self.fhir.isChecked()))

    def ask_where(self) -> None:
        """Ask where each chosen file goes, then export there."""
        folder = Path.home()
        pdf_path = json_path = None
        if self.pdf.isChecked():
            chosen, _filter = QFileDialog.getSaveFileName(
                self, "Save the record (PDF)", str(folder / "record.pdf"), "PDF files (*.pdf)")
            if not chosen:
                return
            pdf_path = Path(chosen)
            folder = pdf_path.parent
        if self.fhir.isChecked():
            chosen, _filter = QFileDialog.getSaveFileName(
                self, "Save the record (FHIR JSON)", str(folder / "record.json"),
                "FHIR JSON files (*.json)")
            if not chosen:
                return
            json_path = Path(chosen)
        self.export_to(pdf_path, json_path)

    def export_to(self, pdf_path: Path | None, json_path: Path | None) -> None:
        """Write the copy on the worker, with a progress label; the copy is audited."""
        from practice.services.record_access import export_record

        if self.context.store is None:
            return
        client_id, today = self.client_id, date.today()
        password = self.password.text() if pdf_path is not None and self.password.text() \
            else None

        def work(sessions: sessionmaker[Session], job: Job) -> RecordExport:
            return export_record(sessions, client_id, today=today, pdf_path=pdf_path,
                                 json_path=json_path, password=password,
                                 progress=job.progress)

        self.export_button.setEnabled(False)
        self.outcome.setText("Exporting…")
        written = " and ".join(str(p) for p in (pdf_path, json_path) if p is not None)
        # A write: the copy is logged as a disclosure to the client.
        self.context.write_tracked(work, on_success=lambda done: self._done(done, written),
                                   on_failure=self._failed, label="Exporting the record…",
                                   parent=self)

    def _done(self, done: RecordExport, written: str) -> None:
        self.password.clear()
        self._update()
        protected = " (PDF protected with the password)" if done.protected else ""
        self.outcome.setText(f"Record written to {written}{protected}, and logged as a copy "
                             "given to the client.")
        self.exported.emit()

    def _failed(self, error: BaseException) -> None:
        self._update()
        say_why(self.outcome, error, "Nothing was exported.")


def record_export_button(context: AppContext, client_id: Callable[[], int | None],
                         parent: QWidget, *, on_exported: Callable[[], None] | None = None,
                         ) -> QPushButton:
    """The chart's "Export record…" button, opening the dialog for the shown client.

    Args:
        context: The application context.
        client_id: Reads the chart's client when clicked.
        parent: The chart (owns the dialog).
        on_exported: Called once a copy was written and logged (the chart reads again).

    Returns:
        The button, to place in the chart's layout.
    """
    button = QPushButton("Export record…", parent)
    button.setAccessibleName("Export record")

    def open_dialog() -> None:
        shown = client_id()
        if shown is not None:
            exporter = RecordExportDialog(context, shown, parent)
            if on_exported is not None:
                exporter.exported.connect(on_exported)
            exporter.open()

    button.clicked.connect(open_dialog)
    return button
