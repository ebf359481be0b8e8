"""Settings → Fees: the fee schedule, each fee from its date, and the income summary.

A fee is never changed or removed: a new fee for a service is set from a later date, so a
session is always charged at the fee of its own day (the core refuses a date already
charged). The accountant's yearly summary is written from here ("Income summary…").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.models.billing import FEE_HEADERS, LedgerTableModel, fee_cells, read_fees
from ui.screens.billing.account_documents import IncomeForm
from ui.screens.billing.forms import FeeForm
from ui.widgets.row_table import named_button, row_table

if TYPE_CHECKING:
    from practice.services.billing import FeeRow
    from practice.services.billing_documents import IncomeYear
    from ui.context import AppContext

EXPLANATION = ("The fee for each service from the date it applies. A completed session is "
               "charged the fee of its own day; to change a fee, set a new one from a later "
               "date.")
NO_FEES = "No fees set yet: completed sessions wait uncharged until a fee is set."


class FeesPanel(QGroupBox):
    """The fee schedule as a table, "Set fee…" and "Income summary…".

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Fees", parent)
        self.context = context
        self.form: FeeForm | IncomeForm | None = None
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        self.model = LedgerTableModel(FEE_HEADERS, fee_cells, self)
        self.table = row_table("Fee schedule", self.model)
        self.table.setMinimumHeight(160)
        self.empty = QLabel(NO_FEES)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("No fees")
        self.empty.hide()
        self.set_button = named_button("Set fee…", "Set fee")
        self.set_button.clicked.connect(self.set_fee)
        self.income_button = named_button("Income summary…", "Income summary")
        self.income_button.clicked.connect(self.income_summary)
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Income summary saved")
        row = QHBoxLayout()
        row.addWidget(self.set_button)
        row.addWidget(self.income_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.outcome)

    def load(self) -> None:
        """Read the fee schedule on the worker."""
        self.context.read(read_fees, on_success=self._show, parent=self)

    def _show(self, fees: tuple[FeeRow, ...]) -> None:
        self.model.set_rows(fees)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not fees)

    def set_fee(self) -> None:
        """Open the form that sets a service's fee from a date."""
        if self.context.store is None:
            return
        form = FeeForm(self.context, self)
        self.form = form
        form.saved.connect(lambda _row: self.load())
        form.finished.connect(lambda _result: self._forget(form))

    def income_summary(self) -> None:
        """Open the form that writes a year's income summary for the accountant."""
        if self.context.store is None:
            return
        form = IncomeForm(self.context, self)
        self.form = form
        form.saved.connect(lambda summary: self._income_written(form, summary))
        form.finished.connect(lambda _result: self._forget(form))

    def _income_written(self, form: IncomeForm, summary: IncomeYear) -> None:
        self.outcome.setText(f"Income summary for {summary.year} saved to {form.out}.")

    def _forget(self, form: FeeForm | IncomeForm) -> None:
        if self.form is form:
            self.form = None
        form.deleteLater()

    def clear(self) -> None:
        """Forget the schedule shown (the store is closing)."""
        self.model.set_rows(())
        self.outcome.clear()
