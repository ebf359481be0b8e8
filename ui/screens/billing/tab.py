"""The chart's Billing tab: what the client was charged, what they paid, and their balance.

Charges come from completed sessions (the schedule makes them); here the therapist records
payments and corrects the ledger the only ways money records allow: an adjusting entry or a
write-off on a charge, a refund on a payment, each with a reason. Everything is read on the
worker (``ui.models.billing.read_account``) and written through the forms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from ui.models.billing import (
    CHARGE_HEADERS,
    PAYMENT_HEADERS,
    AccountData,
    LedgerTableModel,
    balance_words,
    charge_cells,
    payment_cells,
    read_account,
)
from ui.screens.billing.arrangements import ClientTermsPanel
from ui.screens.billing.documents import DocumentsPanel
from ui.screens.billing.forms import PaymentForm, adjust_form, refund_form, write_off_form
from ui.widgets.row_table import named_button, row_table

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPushButton

    from practice.services.billing import ChargeRow, PaymentRow
    from ui.context import AppContext
    from ui.widgets.record_form import RecordForm

NO_CHARGES = ("No charges yet. A completed session is charged from the fee schedule "
              "(Settings → Fees).")
NO_PAYMENTS = "No payments recorded yet."


def _note(words: str, name: str) -> QLabel:
    label = QLabel(words)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label


def _selected(table: QTableView) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


class BillingTab(QWidget):
    """A client's charges and payments in two tables, their balance, and the ledger's actions.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.client_id: int | None = None
        self.data: AccountData | None = None
        self.form: RecordForm | None = None
        self.balance = _note("", "Balance")
        # Coverage and a sliding scale beside the balance; superbills and estimates below.
        self.terms = ClientTermsPanel(context)
        self.documents = DocumentsPanel(context)
        self.documents.issued.connect(self.reload)
        self.charge_model = LedgerTableModel(CHARGE_HEADERS, charge_cells, self)
        self.charges = row_table("Charges, oldest first", self.charge_model)
        self.payment_model = LedgerTableModel(PAYMENT_HEADERS, payment_cells, self)
        self.payments = row_table("Payments, oldest first", self.payment_model)
        self.no_charges = _note(NO_CHARGES, "No charges")
        self.no_payments = _note(NO_PAYMENTS, "No payments")
        self.pay_button = named_button("Record payment…", "Record payment")
        self.write_off_button = named_button("Write off…", "Write off charge")
        self.adjust_button = named_button("Adjust…", "Adjust charge")
        self.refund_button = named_button("Refund…", "Refund payment")
        self.receipt_button = named_button("Receipt…", "Receipt for payment")
        self.pay_button.clicked.connect(self.record_payment)
        self.write_off_button.clicked.connect(self.write_off_selected)
        self.adjust_button.clicked.connect(self.adjust_selected)
        self.refund_button.clicked.connect(self.refund_selected)
        self.receipt_button.clicked.connect(self.receipt_for_selected)
        for table in (self.charges, self.payments):
            table.selectionModel().selectionChanged.connect(lambda *_args: self.enable())
        layout = QVBoxLayout(self)
        layout.addWidget(self.balance)
        layout.addWidget(self.terms)
        layout.addWidget(_note("Charges", "Charges heading"))
        layout.addWidget(self.no_charges)
        layout.addWidget(self.charges, 3)
        layout.addLayout(self._row(self.write_off_button, self.adjust_button))
        layout.addWidget(_note("Payments", "Payments heading"))
        layout.addWidget(self.no_payments)
        layout.addWidget(self.payments, 2)
        layout.addLayout(self._row(self.pay_button, self.refund_button, self.receipt_button))
        layout.addWidget(self.documents, 2)
        self.enable()

    @staticmethod
    def _row(*buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        return row

    # --- reading ------------------------------------------------------------------------

    def show_client(self, client_id: int) -> None:
        """Read and show a client's account.

        Args:
            client_id: The client.
        """
        if client_id != self.client_id:
            self.clear()
        self.client_id = client_id
        self.terms.show_client(client_id)
        self.documents.show_client(client_id)
        self.reload()

    def reload(self) -> None:
        """Read the shown client's account again."""
        client_id = self.client_id
        if client_id is None:
            return
        self.context.read(lambda sessions: read_account(sessions, client_id),
                          on_success=self._show, parent=self)

    def _show(self, data: AccountData) -> None:
        if data.client_id != self.client_id:
            return
        charge, payment = self.selected_charge(), self.selected_payment()
        self.data = data
        self.balance.setText(balance_words(data.balance))
        self.charge_model.set_rows(data.charges)
        self.payment_model.set_rows(data.payments)
        for table, rows, chosen in ((self.charges, data.charges, charge),
                                    (self.payments, data.payments, payment)):
            table.resizeColumnsToContents()
            ids = [row.id for row in rows]
            if chosen is not None and chosen.id in ids:
                table.selectRow(ids.index(chosen.id))
        self.no_charges.setVisible(not data.charges)
        self.no_payments.setVisible(not data.payments)
        self.enable()

    def selected_charge(self) -> ChargeRow | None:
        """The charge selected in its table, if any."""
        row = _selected(self.charges)
        return None if row is None else self.charge_model.rows[row]

    def selected_payment(self) -> PaymentRow | None:
        """The payment selected in its table, if any."""
        row = _selected(self.payments)
        return None if row is None else self.payment_model.rows[row]

    # --- actions ------------------------------------------------------------------------

    def _can_act(self) -> bool:
        return self.client_id is not None and self.context.store is not None

    def _opened(self, form: RecordForm) -> None:
        self.form = form
        form.saved.connect(lambda _result: self.reload())
        form.finished.connect(lambda _result: self._forget(form))

    def _forget(self, form: RecordForm) -> None:
        if self.form is form:
            self.form = None
        form.deleteLater()

    def record_payment(self) -> None:
        """Open the form for money the client paid."""
        if self.client_id is not None and self._can_act():
            owing = tuple(c for c in self.data.charges if c.due.cents > 0) if self.data else ()
            self._opened(PaymentForm(self.context, self.client_id, self, open_charges=owing))

    def write_off_selected(self) -> None:
        """Open the form that writes off what the selected charge still owes."""
        charge = self.selected_charge()
        if charge is not None and self._can_act():
            self._opened(write_off_form(self.context, charge, self))

    def adjust_selected(self) -> None:
        """Open the form that corrects what the selected charge comes to."""
        charge = self.selected_charge()
        if charge is not None and self._can_act():
            self._opened(adjust_form(self.context, charge, self))

    def refund_selected(self) -> None:
        """Open the form that refunds the unapplied part of the selected payment."""
        payment = self.selected_payment()
        if payment is not None and self._can_act():
            self._opened(refund_form(self.context, payment, self))

    def receipt_for_selected(self) -> None:
        """Open the receipt form for the selected payment."""
        payment = self.selected_payment()
        if payment is not None and self._can_act():
            self.documents.new_receipt(payment)

    def enable(self) -> None:
        """Enable each action for what is chosen.

        Write-off needs a charge still owing, adjust a charge, refund a payment's credit,
        a receipt a payment.
        """
        charge, payment = self.selected_charge(), self.selected_payment()
        self.pay_button.setEnabled(self.client_id is not None)
        self.write_off_button.setEnabled(charge is not None and charge.due.cents > 0)
        self.adjust_button.setEnabled(charge is not None)
        self.refund_button.setEnabled(payment is not None and payment.unapplied.cents > 0)
        self.receipt_button.setEnabled(payment is not None)

    def clear(self) -> None:
        """Forget the client (a form on the lock's shelf stays, to come back after unlock)."""
        form = self.form
        if form is not None and form not in self.context.forms.shelved:
            form.done(QDialog.DialogCode.Rejected)
        self.client_id, self.data = None, None
        self.terms.clear()
        self.documents.clear()
        self.balance.clear()
        self.charge_model.set_rows(())
        self.payment_model.set_rows(())
        self.no_charges.hide()
        self.no_payments.hide()
        self.enable()
