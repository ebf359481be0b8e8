"""Receipts, statements and the accountant's income summary, from the app.

A receipt is for one payment (chosen in the chart's Payments table), a statement for a
period of the client's account; both are given to the client like a superbill: drawn,
saved where the therapist says, kept in the store and logged as a copy given, by a channel
the client marked safe (the core refuses otherwise, in words shown in the form). The
income summary is the practice's, not a client's: sums by month for a year, as CSV or
PDF, naming no one; writing it is audited as an export.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from practice.errors import ValidationError
from ui.screens.billing.document_form import PeriodDocumentForm
from ui.widgets.organisation_form import line
from ui.widgets.pdf_form import PASSWORD, PdfForm
from ui.widgets.record_form import RecordForm, Work

if TYPE_CHECKING:
    from practice.services.billing import PaymentRow
    from ui.context import AppContext

STATEMENT_TITLE = "Statement"
RECEIPT_TITLE = "Receipt"
INCOME_TITLE = "Income summary"
INCOME_FILTERS = "PDF files (*.pdf);;CSV files (*.csv)"


class StatementForm(PeriodDocumentForm):
    """A client's statement for a period: what was charged, paid and is still due.

    Args:
        context: The application context.
        client_id: The payer.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, client_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, STATEMENT_TITLE, client_id, "statement.pdf",
                         ("Statement from", "Statement to"), parent)

    def check_fields(self) -> None:
        """The period must be two dates in order (told before asking where to save)."""
        from practice.services.billing_documents import check_statement_period

        check_statement_period(*self.period())

    def work(self) -> Work:
        """Issue the statement to the file chosen."""
        from practice.services.billing_documents import issue_statement

        client_id, (start, end), out, password = (self.client_id, self.period(), self.out,
                                                  self.secret())
        today = date.today()
        return lambda sessions: issue_statement(sessions, client_id, start=start, end=end,
                                                today=today, out=out, password=password)


class ReceiptForm(PdfForm):
    """The receipt for one payment.

    Args:
        context: The application context.
        payment: The payment, as the chart's Payments table shows it.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, payment: PaymentRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, RECEIPT_TITLE, payment.client_id, "receipt.pdf", parent)
        self.payment_id = payment.id
        what = QLabel(f"The receipt for {payment.amount.display()} received on "
                      f"{payment.received_on.isoformat()}.")
        what.setWordWrap(True)
        what.setAccessibleName("Payment")
        self.fields.addRow(what)
        self.add_field(PASSWORD, self.password)
        self.start()

    def check_fields(self) -> None:
        """Nothing to read but the password, which may be blank."""

    def work(self) -> Work:
        """Issue the receipt to the file chosen."""
        from practice.services.billing_documents import issue_receipt

        payment_id, out, password = self.payment_id, self.out, self.secret()
        today = date.today()
        return lambda sessions: issue_receipt(sessions, payment_id, today=today, out=out,
                                              password=password)


def ask_income_path(parent: QWidget, year: int) -> Path | None:
    """Ask where the summary goes; the filter chosen gives a name without a suffix one."""
    chosen, chosen_filter = QFileDialog.getSaveFileName(
        parent, "Save the income summary", str(Path.home() / f"income-{year}.pdf"),
        INCOME_FILTERS)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in (".pdf", ".csv"):
        path = path.with_suffix(".csv" if "csv" in chosen_filter.lower() else ".pdf")
    return path


class IncomeForm(RecordForm):
    """The year whose income summary the accountant needs; Save asks where, CSV or PDF.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, INCOME_TITLE, parent)
        self.out: Path | None = None
        self.year = line("Year", str(date.today().year - 1), placeholder="2026")
        self.add_field("Year", self.year)
        note = QLabel("Sums by month: charged, received, refunded, written off. No client "
                      "names and no clinical detail.")
        note.setWordWrap(True)
        self.fields.addRow(note)
        self.save_button.setText("Save as…")
        self.start()

    def chosen_year(self) -> int:
        """The year typed, checked as the core checks it (its words shown under Year)."""
        from practice.services.billing_documents import check_year

        text = self.year.text().strip()
        try:
            return check_year(int(text) if text.isdigit() else 0)
        except ValidationError as error:
            raise ValidationError(f"Year: {error.message}") from None

    def save(self) -> None:
        """Check the year, ask where to save the summary, then write it on the worker."""
        self.clear_problems()
        try:
            year = self.chosen_year()
        except ValidationError as error:
            self.show_problem(error.message)
            return
        out = ask_income_path(self, year)
        if out is None:
            return  # the therapist changed her mind: the form stays as it was
        self.out = out
        super().save()

    def work(self) -> Work:
        """Write the summary (the core checks the year has entries and the file's kind)."""
        from practice.services.billing_documents import write_income

        year, out = self.chosen_year(), self.out
        assert out is not None  # asked in save()
        return lambda sessions: write_income(sessions, year, out)
