"""The client list as a table model: plain rows in, display text out, nothing lazy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from practice.services.clients import ClientSummary

_HEADERS = ("Name", "Pronouns", "Status")
_Index = QModelIndex | QPersistentModelIndex


class ClientListModel(QAbstractTableModel):
    """Rows of the client list; ``data()`` never raises and returns None for other roles."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[ClientSummary, ...] = ()

    def set_rows(self, rows: tuple[ClientSummary, ...]) -> None:
        """Replace every row (an empty tuple clears the list).

        Args:
            rows: The clients, in display order.
        """
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def client_id(self, row: int) -> int:
        """The id of the client shown on ``row``."""
        return self._rows[row].id

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """Number of clients (none under any row: this is a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Name, pronouns, status."""
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text for a cell; None for every other role."""
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        if not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        return (row.display_name, row.pronouns or "", row.status.capitalize())[index.column()]

    def headerData(  # noqa: N802 - Qt's API
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column titles; None for rows and other roles."""
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(_HEADERS)):
            return _HEADERS[section]
        return None
