"""Today's money section: who owes what (oldest debt first) and the sessions waiting for a charge.

"Outstanding balances" is the core's practice-wide list; Enter or a double-click on a row
opens that client's chart on its Billing tab. "Sessions not charged" lists each completed
session the core left for the therapist, with why; "Charge…" charges the chosen one (asking
for the identified client of a joint session) and "Set fee…" sets the fee a session waits for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui import design
from ui.models.billing import LedgerTableModel
from ui.models.money_owed import (
    OWED_HEADERS,
    UNCHARGED_HEADERS,
    MoneyOwed,
    Uncharged,
    owed_cells,
    read_money_owed,
    uncharged_cells,
)
from ui.navigation import go_to
from ui.screens.billing.arrangements import FormHost
from ui.screens.billing.forms import FeeForm
from ui.widgets.record_form import RecordForm, Work
from ui.widgets.row_table import named_button, row_table

if TYPE_CHECKING:
    from ui.context import AppContext

CHARGE_TITLE = "Charge session"
NOTHING_OWED = "Nobody owes anything."
ALL_CHARGED = "Every completed session is charged."


class ChargeSessionForm(RecordForm):
    """Charge a completed session the core could not charge alone.

    Args:
        context: The application context.
        session: The session waiting.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, session: Uncharged,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, CHARGE_TITLE, parent)
        self.session = session
        about = QLabel(" · ".join(uncharged_cells(session)))
        about.setWordWrap(True)
        about.setAccessibleName("Session")
        self.fields.addRow("Session:", about)
        self.identified: QComboBox | None = None
        if session.joint:
            self.identified = QComboBox()
            self.identified.view().setAccessibleName("Members to choose from")
            for client_id, name in session.members:
                self.identified.addItem(name, client_id)
            self.add_field("Identified client", self.identified)
        self.save_button.setText("Charge")
        self.start()

    def work(self) -> Work:
        """Charge the session on the worker (the core prices it on its own day)."""
        from practice.services.billing import charge_for_session

        appointment_id = self.session.id
        chosen = None if self.identified is None else int(self.identified.currentData())
        return lambda sessions: charge_for_session(sessions, appointment_id,
                                                   identified_client_id=chosen)


class OutstandingPanel(FormHost):
    """Outstanding balances and sessions not charged, each a table with its actions.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.owed_model = LedgerTableModel(OWED_HEADERS, owed_cells, self)
        self.owed = row_table("Outstanding balances", self.owed_model)
        self.owed.setToolTip("Double-click (or Enter) to open the client's Billing tab.")
        self.owed.activated.connect(self._open_account)
        self.uncharged_model = LedgerTableModel(UNCHARGED_HEADERS, uncharged_cells, self)
        self.uncharged = row_table("Sessions not charged", self.uncharged_model)
        self.uncharged.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.nothing_owed = QLabel(NOTHING_OWED)
        self.nothing_owed.setAccessibleName("Nothing owed")
        self.all_charged = QLabel(ALL_CHARGED)
        self.all_charged.setAccessibleName("All charged")
        self.charge_button = named_button("Charge…", "Charge session")
        self.fee_button = named_button("Set fee…", "Set fee")
        self.charge_button.clicked.connect(self.charge_selected)
        self.fee_button.clicked.connect(self.set_fee)
        row = QHBoxLayout()
        row.addWidget(self.charge_button)
        row.addWidget(self.fee_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(design.heading("Outstanding, oldest first", design.TypeStep.SUBHEADING))
        layout.addWidget(self.nothing_owed)
        layout.addWidget(self.owed, 1)
        layout.addWidget(design.heading("Sessions not charged", design.TypeStep.SUBHEADING))
        layout.addWidget(self.all_charged)
        layout.addWidget(self.uncharged, 1)
        layout.addLayout(row)
        self._enable()

    def load(self) -> None:
        """Read both lists on the worker."""
        self.context.read(read_money_owed, on_success=self._show, parent=self)

    def reload(self) -> None:
        """Read again after a charge or a fee was stored."""
        self.load()

    def _show(self, money: MoneyOwed) -> None:
        self.owed_model.set_rows(money.owed)
        self.uncharged_model.set_rows(money.uncharged)
        for table in (self.owed, self.uncharged):
            table.resizeColumnsToContents()
        self.nothing_owed.setVisible(not money.owed)
        self.all_charged.setVisible(not money.uncharged)
        self._enable()

    def selected(self) -> Uncharged | None:
        """The waiting session chosen, if any."""
        rows = self.uncharged.selectionModel().selectedRows()
        return self.uncharged_model.rows[rows[0].row()] if rows else None

    def _enable(self) -> None:
        self.charge_button.setEnabled(self.selected() is not None)
        self.fee_button.setEnabled(self.context.store is not None)

    def charge_selected(self) -> None:
        """Open the form charging the session chosen."""
        session = self.selected()
        if session is not None and self.form is None and self.context.store is not None:
            self._opened(ChargeSessionForm(self.context, session, self))

    def set_fee(self) -> None:
        """Open the fee form (as Settings → Fees does), for a session waiting on a fee."""
        if self.form is None and self.context.store is not None:
            self._opened(FeeForm(self.context, self))

    def _open_account(self, index: QModelIndex) -> None:
        """Open the client's chart on its Billing tab."""
        from ui.screens.clients import ClientsScreen

        client_id = self.owed_model.rows[index.row()].id
        clients = go_to(self, ClientsScreen)
        if clients is not None:
            clients.open_client(client_id)
            clients.chart.tabs.setCurrentWidget(clients.chart.billing)

    def clear(self) -> None:
        """Forget both lists (a form on the lock's shelf stays)."""
        self.close_form()
        self.owed_model.set_rows(())
        self.uncharged_model.set_rows(())
        self.nothing_owed.hide()
        self.all_charged.hide()
        self._enable()
