"""The client list as a lazily fetching table model, and the filter proxy in front of it.

Like Anki's browser table, the model holds every client from one cheap query and builds
rows a page at a time, only as the view scrolls to them: a store of ten thousand clients
paints its first screen after one page, never after ten thousand rows. A page's unit kinds
are read on the worker, through a loader the screen supplies, and fill in when they arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    from practice.services.clients import ClientSummary

PAGE_SIZE = 100
_HEADERS = ("Name", "Pronouns", "Status", "Units")
_KIND_WORDS = {"individual": "Individual", "couple": "Couple", "polycule": "Polycule"}
_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
KINDS_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class ClientRow:
    """One shown row: the client's list entry and, once read, the kinds of unit they are in."""

    summary: ClientSummary
    unit_kinds: frozenset[str] | None = None

    def cell(self, column: int) -> str:
        """The display text of one column."""
        if column == 0:
            return self.summary.display_name
        if column == 1:
            return self.summary.pronouns or ""
        if column == 2:
            return self.summary.status.capitalize()
        if self.unit_kinds is None:
            return "…"
        return ", ".join(_KIND_WORDS.get(k, k) for k in sorted(self.unit_kinds))


# Given a page of client ids, start reading their current unit kinds and call back with them.
KindsLoader = Callable[[tuple[int, ...], Callable[[dict[int, frozenset[str]]], None]], None]


class ClientListModel(QAbstractTableModel):
    """Every client from one cheap query, shown a page of rows at a time as the view asks.

    A fetched page appears at once; its unit kinds (a costlier read) arrive from the worker
    afterwards and fill the Units column. ``data()`` never raises and returns None for roles
    it does not handle.

    Args:
        loader: Reads a page's unit kinds (on the worker) and calls back on the main thread.
        parent: The owning object.
        page_size: Rows added by each ``fetchMore``.
    """

    def __init__(self, loader: KindsLoader | None = None, parent: QObject | None = None,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._loader = loader
        self._page_size = page_size
        self._all: tuple[ClientSummary, ...] = ()
        self._rows: list[ClientRow] = []
        self._positions: dict[int, int] = {}
        self._generation = 0  # kinds that arrive after a reset are dropped

    def set_clients(self, clients: tuple[ClientSummary, ...]) -> None:
        """Replace the list: nothing is shown until the view fetches the first page.

        Args:
            clients: Every client, in display order (an empty tuple clears the list).
        """
        self.beginResetModel()
        self._all, self._rows, self._positions = clients, [], {}
        self._generation += 1
        self.endResetModel()

    @property
    def total(self) -> int:
        """How many clients the list holds, fetched or not."""
        return len(self._all)

    def client_id(self, row: int) -> int:
        """The id of the client shown on ``row``."""
        return self._rows[row].summary.id

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        """Whether clients remain that have no row yet."""
        return not parent.isValid() and len(self._rows) < len(self._all)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        """Show the next page of rows, and start reading their unit kinds."""
        if not self.canFetchMore(parent):
            return
        first = len(self._rows)
        page = self._all[first:first + self._page_size]
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        for offset, summary in enumerate(page):
            self._positions[summary.id] = first + offset
            self._rows.append(ClientRow(summary))
        self.endInsertRows()
        if self._loader is not None:
            generation = self._generation
            self._loader(tuple(c.id for c in page),
                         lambda kinds: self._add_kinds(generation, kinds))

    def _add_kinds(self, generation: int, kinds: dict[int, frozenset[str]]) -> None:
        if generation != self._generation:
            return
        changed = []
        for client_id, found in kinds.items():
            row = self._positions.get(client_id)
            if row is not None:
                self._rows[row] = ClientRow(self._rows[row].summary, found)
                changed.append(row)
        if changed:
            last = len(_HEADERS) - 1
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), last))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """Rows fetched so far (none under any row: this is a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Name, pronouns, status, units."""
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, the id, status and unit kinds of a cell; None for other roles."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cell(index.column())
        if role == ID_ROLE:
            return row.summary.id
        if role == STATUS_ROLE:
            return row.summary.status
        if role == KINDS_ROLE:
            return row.unit_kinds
        return None

    def headerData(  # noqa: N802 - Qt's API
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column titles; None for rows and other roles."""
        return column_title(_HEADERS, section, orientation, role)


class ClientFilter(QSortFilterProxyModel):
    """Keeps the rows whose name holds the typed text, with a status and a unit kind."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._status: str | None = None
        self._kind: str | None = None

    def set_filters(self, text: str, status: str | None, kind: str | None) -> None:
        """Change what is kept.

        Args:
            text: Letters the shown name must contain (any case); "" keeps every name.
            status: "active", "inactive" or "discharged"; None keeps every status.
            kind: "individual", "couple" or "polycule"; None keeps every client.
        """
        self.beginFilterChange()
        self._text, self._status, self._kind = text.casefold().strip(), status, kind
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        """Whether a fetched row passes the three filters."""
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._status is not None and model.data(index, STATUS_ROLE) != self._status:
            return False
        if self._kind is not None and self._kind not in (model.data(index, KINDS_ROLE) or ()):
            return False
        name = model.data(index, Qt.ItemDataRole.DisplayRole) or ""
        return not self._text or self._text in str(name).casefold()
