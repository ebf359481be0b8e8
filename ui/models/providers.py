"""The provider directory as a table model, and the specialty filter in front of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ui.models.headers import column_title

if TYPE_CHECKING:
    from practice.services.providers import ProviderView

HEADERS = ("Name", "Credentials", "Specialty", "Organisation", "Phone", "Fax")
_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SPECIALTY_ROLE = Qt.ItemDataRole.UserRole + 2


def _cell(provider: ProviderView, column: int) -> str:
    details = provider.details
    cells = (details.name, details.credentials, provider.specialty_label,
             provider.organisation_name, details.phone, details.fax)
    return cells[column] or ""


class ProviderTableModel(QAbstractTableModel):
    """Every provider, one row each; ``data()`` never raises and ignores other roles.

    Args:
        parent: The owning object.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._providers: tuple[ProviderView, ...] = ()

    def set_providers(self, providers: tuple[ProviderView, ...]) -> None:
        """Replace the rows (an empty tuple clears the table).

        Args:
            providers: Every provider, in display order.
        """
        self.beginResetModel()
        self._providers = providers
        self.endResetModel()

    def provider(self, row: int) -> ProviderView:
        """The provider shown on ``row`` (of this model, not of a proxy)."""
        return self._providers[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """One row per provider (none under any row: this is a flat table)."""
        return 0 if parent.isValid() else len(self._providers)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Name, credentials, specialty, organisation, phone, fax."""
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, the provider's id or specialty key; None for other roles."""
        if not index.isValid() or not 0 <= index.row() < len(self._providers):
            return None
        provider = self._providers[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(provider, index.column())
        if role == ID_ROLE:
            return provider.id
        if role == SPECIALTY_ROLE:
            return provider.details.specialty
        return None

    def headerData(  # noqa: N802 - Qt's API
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column titles; None for rows and other roles."""
        return column_title(HEADERS, section, orientation, role)


class SpecialtyFilter(QSortFilterProxyModel):
    """Keeps the providers of one specialty (or every provider), sortable by any column."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._specialty: str | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    @property
    def specialty(self) -> str | None:
        """The specialty kept, or None for every provider."""
        return self._specialty

    def set_specialty(self, specialty: str | None) -> None:
        """Keep only one specialty's providers.

        Args:
            specialty: A key of ``SPECIALTIES`` ("urology"); None keeps every provider.
        """
        self.beginFilterChange()
        self._specialty = specialty
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        """Whether the row's provider has the chosen specialty."""
        if self._specialty is None:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        return bool(model.data(index, SPECIALTY_ROLE) == self._specialty)
