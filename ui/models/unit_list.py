"""Every care unit as a list model: one line per unit, built only for the rows on screen.

A list widget would hold an item (and its Python wrapper) per unit, about a kilobyte
each; a practice of ten thousand units paid ten megabytes for a list that shows twenty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from practice.services.units import UnitView

_Index = QModelIndex | QPersistentModelIndex
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole


def unit_line(unit: UnitView) -> str:
    """How a unit reads in the list: its name, its kind, and whether it is closed."""
    closed = " (closed)" if unit.closed_on else ""
    return f"{unit.display_name} — {unit.kind}{closed}"


class UnitListModel(QAbstractListModel):
    """The practice's care units in id order; ``data()`` never raises.

    Args:
        parent: The owning object.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._units: tuple[UnitView, ...] = ()
        self._rows: dict[int, int] = {}

    def set_units(self, units: tuple[UnitView, ...]) -> None:
        """Replace the list (an empty tuple clears it).

        Args:
            units: The units, in the order shown.
        """
        self.beginResetModel()
        self._units = units
        self._rows = {unit.id: row for row, unit in enumerate(units)}
        self.endResetModel()

    def row_of(self, unit_id: int | None) -> int:
        """The row showing a unit, or -1 when it is not listed."""
        return self._rows.get(unit_id, -1) if unit_id is not None else -1

    def unit_id(self, row: int) -> int | None:
        """The id of the unit on ``row``, or None for a row that does not exist."""
        return self._units[row].id if 0 <= row < len(self._units) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """One row per unit (none under a row: the list is flat)."""
        return 0 if parent.isValid() else len(self._units)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The unit's line, or its id; None for other roles."""
        if not index.isValid() or not 0 <= index.row() < len(self._units):
            return None
        unit = self._units[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return unit_line(unit)
        if role == UNIT_ID_ROLE:
            return unit.id
        return None
