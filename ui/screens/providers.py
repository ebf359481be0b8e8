"""The Providers section: the directory of professionals the therapist writes to, by specialty.

Organisations (clinics, hospitals) are added here too; an empty directory says what it is
for and offers the first provider.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practice.services.providers import SPECIALTIES, SPECIALTY_LABELS
from ui import icons
from ui.models.providers import ProviderTableModel, SpecialtyFilter
from ui.screens.base import Screen
from ui.widgets.empty_state import EmptyState
from ui.widgets.loading import LoadingHint
from ui.widgets.organisation_form import OrganisationForm
from ui.widgets.provider_form import ProviderDialog, ProviderDirectory, read_directory
from ui.widgets.row_table import named_button, row_table

if TYPE_CHECKING:
    from practice.services.providers import OrganisationView, ProviderView
    from ui.context import AppContext


class ProvidersScreen(Screen):
    """Providers: a sortable table filtered by specialty, with add and edit, and organisations."""

    title = "Providers"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.organisations: tuple[OrganisationView, ...] = ()
        self.dialog: ProviderDialog | OrganisationForm | None = None
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
        self.loading = LoadingHint(self.table, context.ops)
        self.add_button = named_button("Add provider…", "Add provider")
        self.add_button.clicked.connect(self.add_provider)
        self.edit_button = named_button("Edit…", "Edit provider")
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_organisation_button = named_button("Add organisation…", "Add organisation")
        self.add_organisation_button.clicked.connect(self.add_organisation)
        for button in (self.add_button, self.edit_button, self.add_organisation_button):
            icons.adorn(button)
        self.organisation_names = QLabel("")
        self.organisation_names.setWordWrap(True)
        self.organisation_names.setAccessibleName("Organisations")
        self.empty = EmptyState(
            "No providers yet. The doctors, physical therapists and clinics you write to "
            "about your clients are kept here.", "Add the first provider…", self.add_provider)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        top = QHBoxLayout()
        top.addWidget(self.specialty)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.add_organisation_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.organisation_names)
        self._enable()

    def _table(self) -> QTableView:
        table = row_table("Providers", self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.selectionModel().selectionChanged.connect(lambda *_args: self._enable())
        return table

    def load(self) -> None:
        """Read every provider and organisation from the store."""
        self.loading.wait_for(self.context.read(read_directory, on_success=self._show,
                                                parent=self))

    def _show(self, directory: ProviderDirectory) -> None:
        self.organisations = directory.organisations
        self.model.set_providers(directory.providers)
        self.table.resizeColumnsToContents()
        self.pages.setCurrentWidget(self.table if directory.providers else self.empty)
        names = ", ".join(org.details.name for org in directory.organisations)
        self.organisation_names.setText(f"Organisations: {names}" if names else
                                        "No organisations yet (clinics, hospitals).")
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

    def add_organisation(self) -> None:
        """Open the form for a new clinic or hospital."""
        if self.context.store is not None:
            self._open(OrganisationForm(self.context, self))

    def _open(self, dialog: ProviderDialog | OrganisationForm) -> None:
        # The form has opened itself; the directory is read again once it saves.
        self.dialog = dialog
        dialog.saved.connect(lambda _record: self.load())
        dialog.finished.connect(lambda _result: self._forget(dialog))

    def _forget(self, dialog: ProviderDialog | OrganisationForm) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _enable(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)

    def clear(self) -> None:
        """Forget every provider shown (an open form stays: the lock shelves it, text kept)."""
        self.organisations = ()
        self.model.set_providers(())
        self.loading.stop()
        self.pages.setCurrentWidget(self.table)
        self.organisation_names.clear()
        self._enable()
