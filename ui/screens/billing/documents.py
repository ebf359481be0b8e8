"""Money documents from the chart's Billing tab, and the ones already given.

Superbills, good-faith estimates, statements and receipts (the last two in
``account_documents``).

The forms ask what the core needs (a period; a planned service, frequency, months and first
session), then where to save the PDF and, optionally, a password; the core draws it, writes it,
keeps it in the store and logs it as a copy given to the client, all on the worker. What the
core refuses (no NPI: "fill in ... in Settings, Practice") is shown in the form in its words.
Default file names say nothing about the client.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practice.billing.catalogue import CATALOGUE, Code
from practice.services.billing_documents.estimate import FREQUENCIES, MAX_MONTHS, EstimatePlan
from practice.services.common.dates import parse_day
from ui.errors import say_why
from ui.models.billing import LedgerTableModel
from ui.screens.billing.account_documents import ReceiptForm, StatementForm
from ui.screens.billing.document_form import PeriodDocumentForm
from ui.screens.billing.forms import DATE_HINT, service_words
from ui.widgets.organisation_form import line
from ui.widgets.pdf_form import PASSWORD, PdfForm, ask_pdf_path
from ui.widgets.record_form import Work
from ui.widgets.row_table import named_button, row_table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.billing import PaymentRow
    from practice.services.billing_documents import IssuedDocument
    from ui.context import AppContext

SUPERBILL_TITLE = "Superbill"
ESTIMATE_TITLE = "Good-faith estimate"
DOCUMENT_HEADERS = ("Document", "Given on", "Covers", "Total")
_KIND_WORDS = {"superbill": "Superbill", "estimate": "Good-faith estimate",
               "receipt": "Receipt", "statement": "Statement"}
NO_DOCUMENTS = "No superbill, estimate, statement or receipt given to this client yet."
#: The regular sessions an estimate can be planned on (the intake is added on its own).
PLANNED = tuple(s.code.value for s in CATALOGUE.values()
                if not s.add_on and s.code is not Code.INTAKE)


def document_cells(document: IssuedDocument) -> tuple[str, ...]:
    """A document's row: what it is, when it was given, the period it covers, its total."""
    start, end = document.period_from, document.period_to
    covers = f"{start.isoformat()} – {end.isoformat()}" if start and end else ""
    return (_KIND_WORDS.get(document.kind, document.kind), document.issued_on.isoformat(),
            covers, document.total.display())


class SuperbillForm(PeriodDocumentForm):
    """A client's superbill for a period, for their insurer.

    Args:
        context: The application context.
        client_id: The client.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, client_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, SUPERBILL_TITLE, client_id, "superbill.pdf",
                         ("Services from", "Services to"), parent)

    def work(self) -> Work:
        """Issue the superbill to the file chosen (the core checks the period and the NPI)."""
        from practice.services.billing_documents import issue_superbill

        client_id, (start, end), out, password = (self.client_id, self.period(), self.out,
                                                  self.secret())
        today = date.today()
        return lambda sessions: issue_superbill(sessions, client_id, start=start, end=end,
                                                today=today, out=out, password=password)


class EstimateForm(PdfForm):
    """A good-faith estimate of the sessions expected over up to twelve months.

    Args:
        context: The application context.
        client_id: The client (self-pay or uninsured).
        parent: The parent widget.
        first: The first expected session (default: today).
    """

    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None,
                 *, first: date | None = None) -> None:
        super().__init__(context, ESTIMATE_TITLE, client_id, "estimate.pdf", parent)
        self.service = QComboBox()
        self.service.view().setAccessibleName("Services to choose from")
        for code in PLANNED:
            self.service.addItem(service_words(code), code)
        self.service.setCurrentIndex(self.service.findData(Code.PSYCHOTHERAPY_45.value))
        self.frequency = QComboBox()
        self.frequency.view().setAccessibleName("Frequencies to choose from")
        for key, words in FREQUENCIES.items():
            self.frequency.addItem(words, key)
        self.months = QSpinBox()
        self.months.setRange(1, MAX_MONTHS)
        self.months.setValue(MAX_MONTHS)
        self.first = line("First session", (first or date.today()).isoformat(),
                          placeholder=DATE_HINT)
        self.intake = QCheckBox("The first session is an intake (90791)")
        self.intake.setAccessibleName("Intake first")
        self.add_field("Service", self.service)
        self.add_field("Frequency", self.frequency)
        self.add_field("Months", self.months)
        self.add_field("First session", self.first)
        self.add_field("Intake", self.intake)
        self.add_field(PASSWORD, self.password)
        self.start()

    def plan(self) -> EstimatePlan:
        """The plan the fields describe (the core checks it)."""
        first = parse_day(self.first.text(), "First session", required=True)
        assert first is not None  # required above
        return EstimatePlan(first, str(self.service.currentData()),
                            str(self.frequency.currentData()), self.months.value(),
                            self.intake.isChecked())

    def check_fields(self) -> None:
        """The plan must be one an estimate can be made for."""
        from practice.services.billing_documents import check_plan

        check_plan(self.plan())

    def work(self) -> Work:
        """Issue the estimate to the file chosen (the core prices it from the fee schedule)."""
        from practice.services.billing_documents import issue_estimate

        client_id, plan, out, password = self.client_id, self.plan(), self.out, self.secret()
        today = date.today()
        return lambda sessions: issue_estimate(sessions, client_id, plan, today=today,
                                               out=out, password=password)


def read_documents(sessions: sessionmaker[Session],
                   client_id: int) -> tuple[IssuedDocument, ...]:
    """A client's superbills and estimates as kept (call on the worker)."""
    from practice.services.billing_documents import documents_for

    return tuple(documents_for(sessions, client_id))


class DocumentsPanel(QGroupBox):
    """The documents given to the client, and the buttons that give more.

    "Superbill…", "Good-faith estimate…", "Statement…" and "Save a copy…" are here; a
    payment's "Receipt…" is beside the Payments table.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    issued = Signal()  # a document was given: the ledger around it may read again

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Documents for the client", parent)
        self.context = context
        self.client_id: int | None = None
        self.form: PdfForm | None = None
        self.model = LedgerTableModel(DOCUMENT_HEADERS, document_cells, self)
        self.table: QTableView = row_table("Documents given to the client", self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.enable())
        self.empty = QLabel(NO_DOCUMENTS)
        self.empty.setAccessibleName("No documents")
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Document saved")
        self.superbill_button = named_button("Superbill…", "Superbill")
        self.estimate_button = named_button("Good-faith estimate…", "Good-faith estimate")
        self.statement_button = named_button("Statement…", "Statement")
        self.copy_button = named_button("Save a copy…", "Save a copy")
        self.superbill_button.clicked.connect(self.new_superbill)
        self.estimate_button.clicked.connect(lambda: self.new_estimate())
        self.statement_button.clicked.connect(self.new_statement)
        self.copy_button.clicked.connect(self.save_copy)
        row = QHBoxLayout()
        for button in (self.superbill_button, self.estimate_button, self.statement_button,
                       self.copy_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addWidget(self.outcome)
        layout.addLayout(row)
        self.enable()

    def show_client(self, client_id: int) -> None:
        """Read the client's documents on the worker."""
        self.client_id = client_id
        self.context.read(lambda sessions: read_documents(sessions, client_id),
                          on_success=lambda found: self._show(client_id, found), parent=self)

    def _show(self, client_id: int, found: tuple[IssuedDocument, ...]) -> None:
        if client_id != self.client_id:
            return
        self.model.set_rows(found)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not found)
        self.enable()

    def selected(self) -> IssuedDocument | None:
        """The document chosen in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def enable(self) -> None:
        """Issuing needs a client; saving a copy needs a document chosen."""
        shown = self.client_id is not None
        for button in (self.superbill_button, self.estimate_button, self.statement_button):
            button.setEnabled(shown)
        self.copy_button.setEnabled(self.selected() is not None)

    def new_superbill(self) -> None:
        """Open the superbill form for the client shown."""
        if self.client_id is not None and self.context.store is not None:
            self._opened(SuperbillForm(self.context, self.client_id, self))

    def new_statement(self) -> None:
        """Open the statement form for the client shown."""
        if self.client_id is not None and self.context.store is not None:
            self._opened(StatementForm(self.context, self.client_id, self))

    def new_receipt(self, payment: PaymentRow) -> None:
        """Open the receipt form for one of the shown client's payments."""
        if self.client_id == payment.client_id and self.context.store is not None:
            self._opened(ReceiptForm(self.context, payment, self))

    def new_estimate(self, first: date | None = None) -> EstimateForm | None:
        """Open the estimate form for the client shown (its first session given, if known)."""
        if self.client_id is None or self.context.store is None:
            return None
        form = EstimateForm(self.context, self.client_id, self, first=first)
        self._opened(form)
        return form

    def _opened(self, form: PdfForm) -> None:
        self.form = form
        form.saved.connect(lambda document: self._issued(form, document))
        form.finished.connect(lambda _result: self._forget(form))

    def _issued(self, form: PdfForm, document: IssuedDocument) -> None:
        protected = " (protected with the password)" if form.secret() else ""
        self.outcome.setText(f"{_KIND_WORDS[document.kind]} saved to {form.out}{protected}, "
                             "and logged as a copy given to the client.")
        if self.client_id is not None:
            self.show_client(self.client_id)
        self.issued.emit()

    def _forget(self, form: PdfForm) -> None:
        if self.form is form:
            self.form = None
        form.deleteLater()

    def save_copy(self) -> None:
        """Write the chosen document, exactly as kept, where the therapist says."""
        from practice.services.letters import export_pdf

        document = self.selected()
        if document is None:
            return
        out = ask_pdf_path(self, "Save a copy (PDF)", f"{document.kind}.pdf")
        if out is None:
            return
        pdf = document.pdf

        def work(_sessions: sessionmaker[Session]) -> Path:
            export_pdf(pdf, out)
            return out

        # No store write: the copy was logged as given when it was issued.
        self.context.read(work, parent=self, on_failure=lambda error: say_why(
            self.outcome, error, "Nothing was saved."),
            on_success=lambda path: self.outcome.setText(f"Copy saved to {path}."))

    def clear(self) -> None:
        """Forget the client's documents (a form on the lock's shelf stays)."""
        form = self.form
        if form is not None and form not in self.context.forms.shelved:
            form.done(0)
        self.client_id = None
        self.model.set_rows(())
        self.empty.hide()
        self.outcome.clear()
        self.enable()
