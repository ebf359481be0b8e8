"""The Clients section: the client list, read-only (the chart and editing come later)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.models.client_list import ClientListModel
from ui.operations import Job
from ui.screens.base import Screen

if TYPE_CHECKING:
    from practice.services.clients import ClientSummary


class ClientsScreen(Screen):
    """Clients: every client in name order, with pronouns and status."""

    title = "Clients"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = ClientListModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Client list")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel("")
        self.count.setAccessibleName("Number of clients")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.count)

    def load(self) -> None:
        """Read the client list from the store."""
        store = self.context.store
        if store is None:
            return
        sessions = store.sessions

        def work(_job: Job) -> tuple[ClientSummary, ...]:
            from practice.services.clients import list_clients

            return list_clients(sessions)

        self.context.ops.run(work, on_success=self._show, parent=self)

    def _show(self, rows: tuple[ClientSummary, ...]) -> None:
        self.model.set_rows(rows)
        self.count.setText(_count(len(rows)))

    def clear(self) -> None:
        """Forget every row."""
        self.model.set_rows(())
        self.count.clear()


def _count(number: int) -> str:
    if number == 0:
        return "No clients yet."
    return "1 client" if number == 1 else f"{number} clients"
