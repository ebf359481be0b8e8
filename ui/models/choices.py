"""A combo box's choices as a list model over values already in memory.

A combo filled item by item copies every label into a QStandardItem: with 10,000 clients
that is about 5 MB and a visible pause. This model only points at the values it is given
and names a row when Qt draws it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

T = TypeVar("T")
_Index = QModelIndex | QPersistentModelIndex


class ChoiceModel(QAbstractListModel, Generic[T]):
    """Values shown by a label, chosen by a key (``Qt.UserRole``, what a combo's data is).

    Args:
        label: What a value is called on screen.
        key: What identifies a value (``QComboBox.currentData()`` and ``findData()``).
        parent: The Qt parent.
    """

    def __init__(self, label: Callable[[T], str], key: Callable[[T], Any],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._label, self._key = label, key
        self._values: Sequence[T] = ()

    def set_values(self, values: Sequence[T]) -> None:
        """Show these values, in this order."""
        self.beginResetModel()
        self._values = values
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """How many values (a list has no children)."""
        return 0 if parent.isValid() else len(self._values)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The label for display, the key for ``UserRole``; None otherwise.

        Never the base class's fallback: see ``ui/models/headers.py``.
        """
        if not index.isValid() or not 0 <= index.row() < len(self._values):
            return None
        value = self._values[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._label(value)
        if role == Qt.ItemDataRole.UserRole:
            return self._key(value)
        return None
