"""The Providers section: the directory of professionals the therapist writes to, by specialty."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practice.services.providers import SPECIALTIES, SPECIALTY_LABELS
from ui.models.providers import ProviderTableModel, SpecialtyFilter
from ui.operations import Job
from ui.screens.base import Screen
from ui.widgets.provider_form import ProviderDialog

if TYPE_CHECKING:
    from practice.services.providers import OrganisationView, ProviderView
    from ui.context import AppContext


@dataclass(frozen=True)
class ProviderDirectory:
    """Every provider and organisation, read on the worker."""

    providers: tuple[ProviderView, ...]
    organisations: tuple[OrganisationView, ...]


class ProvidersScreen(Screen):
    """Providers: a sortable table filtered by specialty, with add and edit."""

    title = "Providers"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.organisations: tuple[OrganisationView, ...] = ()
        self.dialog: ProviderDialog | None = None
        self.model = ProviderTableModel(self)
        self.proxy = SpecialtyFilter(self)
        self.proxy.setSourceModel(self.model)
        self.specialty = QComboBox()
        self.specialty.setAccessibleName("Show specialty")
        self.specialty.view().setAccessibleName("Show specialty: choices")
        self.specialty.addItem("Every specialty", None)
        for key in SPECIALTIES:
            self.specialty.addItem(SPECIALTY_LABELS[key], key)
        self.specialty.currentIndexChanged.connect(
            lambda _i: self.proxy.set_specialty(self.specialty.currentData()))
        self.table = self._table()
        self.add_button = QPushButton("Add provider…")
        self.add_button.setAccessibleName("Add provider")
        self.add_button.clicked.connect(self.add_provider)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setAccessibleName("Edit provider")
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        top = QHBoxLayout()
        top.addWidget(self.specialty)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._enable()

    def _table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName("Providers")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        table.selectionModel().selectionChanged.connect(lambda *_args: self._enable())
        return table

    def load(self) -> None:
        """Read every provider and organisation from the store."""
        store = self.context.store
        if store is None:
            return
        sessions = store.sessions

        def work(_job: Job) -> ProviderDirectory:
            from practice.services.providers import list_organisations, list_providers

            return ProviderDirectory(list_providers(sessions), list_organisations(sessions))

        self.context.ops.run(work, on_success=self._show, parent=self)

    def _show(self, directory: ProviderDirectory) -> None:
        self.organisations = directory.organisations
        self.model.set_providers(directory.providers)
        self.table.resizeColumnsToContents()
        self._enable()

    def shown_names(self) -> list[str]:
        """The names in the table as filtered and sorted, top to bottom."""
        return [str(self.proxy.index(row, 0).data()) for row in range(self.proxy.rowCount())]

    def set_specialty(self, specialty: str | None) -> None:
        """Show only one specialty's providers (None: every provider).

        Args:
            specialty: A key of ``SPECIALTIES``, e.g. "urology".
        """
        self.specialty.setCurrentIndex(self.specialty.findData(specialty))

    def selected(self) -> ProviderView | None:
        """The provider selected in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.provider(self.proxy.mapToSource(rows[0]).row())

    def add_provider(self) -> None:
        """Open the form for a new provider."""
        if self.context.store is not None:
            self._open(ProviderDialog(self.context, self.organisations, None, self))

    def edit_selected(self) -> None:
        """Open the form for the selected provider."""
        provider = self.selected()
        if provider is not None and self.context.store is not None:
            self._open(ProviderDialog(self.context, self.organisations, provider, self))

    def _open(self, dialog: ProviderDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _provider: self.load())
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: ProviderDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _enable(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)

    def clear(self) -> None:
        """Forget every provider shown; close any open form."""
        if self.dialog is not None:
            self.dialog.reject()
        self.organisations = ()
        self.model.set_providers(())
        self._enable()
