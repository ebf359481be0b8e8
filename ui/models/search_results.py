"""Search results as a two-level model: one group per kind of record, its hits beneath."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ui.models.headers import column_title

if TYPE_CHECKING:
    from practice.services.search import SearchHit

GROUPS: tuple[tuple[str, str], ...] = (
    ("client", "Clients"), ("note", "Notes"), ("addendum", "Addenda"),
    ("provider", "Providers"), ("psychotherapy_note", "Psychotherapy notes (private)"),
)
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex
_GROUP = 0xFFFFFFFF  # internal id of a group row; a hit's is its group's position


class SearchResultsModel(QAbstractItemModel):
    """Groups (only those with hits) at the top, hits under them; ``data()`` never raises."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[str, tuple[SearchHit, ...]]] = []

    def set_hits(self, hits: tuple[SearchHit, ...]) -> None:
        """Replace the results, keeping the core's order within each kind.

        Args:
            hits: The hits, as the search returned them.
        """
        self.beginResetModel()
        self._groups = [(title, found) for kind, title in GROUPS
                        if (found := tuple(h for h in hits if h.kind == kind))]
        self.endResetModel()

    def hit(self, index: _Index) -> SearchHit | None:
        """The hit at an index (None for a group row or an invalid index)."""
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        group = index.internalId()
        if not 0 <= group < len(self._groups):
            return None
        found = self._groups[group][1]
        return found[index.row()] if 0 <= index.row() < len(found) else None

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """The index of a group (no parent) or of a hit (under its group)."""
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _GROUP) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _GROUP or not 0 <= parent.row() < len(self._groups):
            return QModelIndex()
        if row >= len(self._groups[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row())

    def parent(self, child: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """A hit's group; nothing above a group."""
        if not child.isValid() or child.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(child.internalId(), 0, _GROUP)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Groups at the top; hits under a group; nothing under a hit."""
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP and 0 <= parent.row() < len(self._groups):
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """One column."""
        return 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A group's title with its count, or a hit's title and snippet; None otherwise."""
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= index.row() < len(self._groups):
                title, found = self._groups[index.row()]
                return f"{title} ({len(found)})"
            return None
        hit = self.hit(index)
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.title} — {hit.snippet}" if hit.snippet else hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.snippet or None
        if role == HIT_ROLE:
            return hit
        return None

    def headerData(  # noqa: N802 - Qt's API
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """The one column's title; None otherwise."""
        return column_title(("Results",), section, orientation, role)
