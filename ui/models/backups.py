"""The backups in a backup folder as a table: when each was made, its size, whether complete."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ui.models.headers import column_title

if TYPE_CHECKING:
    from practice.store.backup_catalog import BackupEntry

HEADERS = ("Made", "Size", "State")
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


def made_label(entry: BackupEntry) -> str:
    """When a backup was made, on this computer's clock (seconds tell same-minute ones apart)."""
    return entry.made_at.astimezone().strftime("%d %b %Y, %H:%M:%S")


def _cells(entry: BackupEntry) -> tuple[str, str, str]:
    # Here, not at the top: the store's backup code loads once the list is first shown.
    from practice.store.backup_catalog import size_words

    state = "Complete" if entry.complete else "Incomplete: a restore passes over it"
    return made_label(entry), size_words(entry.size), state


class BackupTableModel(QAbstractTableModel):
    """Backups, newest first, one row each; ``data()`` never raises.

    Args:
        parent: The owning object.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: tuple[BackupEntry, ...] = ()

    def set_entries(self, entries: tuple[BackupEntry, ...]) -> None:
        """Replace the rows.

        Args:
            entries: The backups, in display order.
        """
        self.beginResetModel()
        self._entries = entries
        self.endResetModel()

    def add_entry(self, entry: BackupEntry) -> int:
        """Add one backup at the end (or find it, if it is listed already).

        Args:
            entry: The backup.

        Returns:
            Its row.
        """
        for row, listed in enumerate(self._entries):
            if listed.path == entry.path:
                return row
        row = len(self._entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries = (*self._entries, entry)
        self.endInsertRows()
        return row

    def entry(self, row: int) -> BackupEntry:
        """The backup on ``row``."""
        return self._entries[row]

    def entries(self) -> tuple[BackupEntry, ...]:
        """Every backup listed, in display order."""
        return self._entries

    def row_of(self, path: Path) -> int | None:
        """The row showing the backup at ``path``, if listed."""
        return next((row for row, e in enumerate(self._entries) if e.path == path), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """One row per backup (none under any row: a flat table)."""
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Made, size, state."""
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, its folder as tooltip, or the backup's path; None otherwise."""
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _cells(entry)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(entry.path)
        if role == PATH_ROLE:
            return str(entry.path)
        return None

    def headerData(  # noqa: N802 - Qt's API
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column titles; None for rows and other roles."""
        return column_title(HEADERS, section, orientation, role)
