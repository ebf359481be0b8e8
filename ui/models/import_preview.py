"""The caseload import's preview as a table: one row per line of the file, problems in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.models.headers import column_title

if TYPE_CHECKING:
    from practice.services.caseload_import import Preview, RowPreview

HEADERS = ("Line", "Name", "Date of birth", "Will be")
Index = QModelIndex | QPersistentModelIndex


def verdict(row: RowPreview) -> str:
    """What will happen to the row, in words."""
    if not row.is_good:
        return "Not imported: " + " ".join(row.problems)
    if row.duplicate_of is not None:
        return f"Imported — likely the same person as client #{row.duplicate_of}"
    if row.repeats_line is not None:
        return f"Imported — likely the same person as line {row.repeats_line}"
    return "Imported"


class ImportPreviewModel(QAbstractTableModel):
    """The preview's rows; holds plain data only, never records from the store."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: tuple[RowPreview, ...] = ()

    def show(self, preview: Preview | None) -> None:
        """Show a new preview (None empties the table)."""
        self.beginResetModel()
        self.rows = () if preview is None else preview.rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """One row per line of the file."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """Line, name, date of birth and what will happen."""
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The cell's words; None for anything else (never the base class's fallback)."""
        if (role != Qt.ItemDataRole.DisplayRole or not index.isValid()
                or not 0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        details = row.details
        column = index.column()
        if column == 0:
            return str(row.line)
        if column == 1:
            return "" if details is None else details.legal_name
        if column == 2:
            born = None if details is None else details.date_of_birth
            return "" if born is None else born.isoformat()
        return verdict(row)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's API
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Column titles."""
        return column_title(HEADERS, section, orientation, role)
