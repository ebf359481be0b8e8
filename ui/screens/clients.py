"""The Clients section: the searchable client list, a client's chart, and the note editors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.errors import show_error
from ui.models.client_list import ID_ROLE, ClientFilter, ClientListModel
from ui.operations import Job
from ui.screens.base import Screen
from ui.screens.chart import ChartView
from ui.screens.notes import NoteEditor, PsychotherapyEditor

if TYPE_CHECKING:
    from practice.services.clients import ClientSummary

STATUSES = (("Any status", None), ("Active", "active"), ("Inactive", "inactive"),
            ("Discharged", "discharged"))
UNIT_KINDS = (("Any unit", None), ("Individual", "individual"), ("Couple", "couple"),
              ("Polycule", "polycule"))


class ClientsScreen(Screen):
    """Clients: the list; a chosen client's chart; a chosen note's editor."""

    title = "Clients"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = ClientListModel(self._load_kinds, self)
        self.proxy = ClientFilter(self)
        self.proxy.setSourceModel(self.model)
        self.pages = QStackedWidget()
        self.list_page = self._build_list()
        self.chart = ChartView(context)
        self.editor = NoteEditor(context)
        self.private_editor = PsychotherapyEditor(context)
        for page in (self.list_page, self.chart, self.editor, self.private_editor):
            self.pages.addWidget(page)
        self.chart.back_requested.connect(self.show_list)
        self.chart.note_requested.connect(self.open_note)
        self.chart.psychotherapy_requested.connect(self.open_psychotherapy_note)
        self.editor.back_requested.connect(self._back_to_chart)
        self.editor.note_changed.connect(lambda _id: self.chart.reload())
        self.private_editor.back_requested.connect(self._back_to_chart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _build_list(self) -> QWidget:
        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText("Filter by name")
        self.filter_text.setAccessibleName("Filter clients by name")
        self.filter_text.setClearButtonEnabled(True)
        self.status_choice = _combo("Filter by status", STATUSES)
        self.kind_choice = _combo("Filter by unit kind", UNIT_KINDS)
        self.filter_text.textChanged.connect(self._filters_changed)
        self.status_choice.currentIndexChanged.connect(self._filters_changed)
        self.kind_choice.currentIndexChanged.connect(self._filters_changed)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Client list")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.count = QLabel("")
        self.count.setAccessibleName("Number of clients")
        filters = QHBoxLayout()
        filters.addWidget(self.filter_text, 1)
        filters.addWidget(self.status_choice)
        filters.addWidget(self.kind_choice)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        return page

    # --- the list -------------------------------------------------------------------------

    def load(self) -> None:
        """Read the client list (ids and names) and refresh a chart on show."""
        store = self.context.store
        if store is None:
            return
        sessions = store.sessions

        def work(_job: Job) -> tuple[ClientSummary, ...]:
            from practice.services.clients import list_clients

            return list_clients(sessions)

        self.context.ops.run(work, on_success=self._show, parent=self)
        if self.pages.currentWidget() is self.chart:
            self.chart.reload()

    def _show(self, clients: tuple[ClientSummary, ...]) -> None:
        self.model.set_clients(clients)
        self.count.setText(_count(len(clients)))
        if self.model.canFetchMore():
            self.model.fetchMore()  # the first page, without waiting for the view to ask

    def _load_kinds(self, client_ids: tuple[int, ...],
                    done: Callable[[dict[int, frozenset[str]]], None]) -> None:
        store = self.context.store
        if store is None:
            return
        sessions = store.sessions

        def work(_job: Job) -> dict[int, frozenset[str]]:
            from practice.services.units import units_of_client

            return {c: frozenset(u.kind for u in units_of_client(sessions, c, current_only=True))
                    for c in client_ids}

        self.context.ops.run(work, on_success=done, parent=self)

    def _filters_changed(self) -> None:
        self.proxy.set_filters(self.filter_text.text(), self.status_choice.currentData(),
                               self.kind_choice.currentData())

    def _activated(self, index: QModelIndex) -> None:
        client_id = index.data(ID_ROLE)
        if client_id is not None:
            self.open_client(int(client_id))

    def show_list(self) -> None:
        """Go back to the client list."""
        self.chart.clear()
        self.pages.setCurrentWidget(self.list_page)

    # --- charts and notes -----------------------------------------------------------------

    def open_client(self, client_id: int) -> None:
        """Show one client's chart.

        Args:
            client_id: The client.
        """
        if not self._leave_editors():
            return
        self.pages.setCurrentWidget(self.chart)
        self.chart.show_client(client_id)

    def open_note(self, note_id: int) -> None:
        """Open a progress note in the editor.

        Args:
            note_id: The note.
        """
        if not self._leave_editors():
            return
        self.pages.setCurrentWidget(self.editor)
        self.editor.open_note(note_id)

    def open_psychotherapy_note(self, note_id: int) -> None:
        """Open a private process note in its own editor.

        Args:
            note_id: The psychotherapy note.
        """
        if not self._leave_editors():
            return
        self.pages.setCurrentWidget(self.private_editor)
        self.private_editor.open_note(note_id)

    def _leave_editors(self) -> bool:
        try:
            self.save_drafts()
        except Exception as error:  # keep the editor and its text on show to retry
            show_error(self, error)
            return False
        self.editor.clear()
        self.private_editor.clear()
        return True

    def _back_to_chart(self) -> None:
        self.editor.clear()
        self.private_editor.clear()
        self.pages.setCurrentWidget(self.chart)
        self.chart.reload()

    def save_drafts(self) -> None:
        """Save whatever is typed in either note editor."""
        self.editor.save_drafts()
        self.private_editor.save_drafts()

    def clear(self) -> None:
        """Forget every row, the chart and any note, and go back to the list."""
        self.editor.clear()
        self.private_editor.clear()
        self.chart.clear()
        self.pages.setCurrentWidget(self.list_page)
        self.model.set_clients(())
        self.filter_text.clear()
        self.count.clear()


def _combo(name: str, choices: tuple[tuple[str, str | None], ...]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.view().setAccessibleName(f"{name}: choices")
    for text, value in choices:
        combo.addItem(text, value)
    return combo


def _count(number: int) -> str:
    if number == 0:
        return "No clients yet."
    return "1 client" if number == 1 else f"{number} clients"
