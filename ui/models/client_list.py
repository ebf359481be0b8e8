"""The client list as a lazily fetching table model, and the filter proxy in front of it.

Like Anki's browser table, the model builds rows a page at a time, only as the view scrolls
to them. The screen reads the first page first (one indexed query, so ten thousand clients
paint as soon as ten do), then every client in the background; a filter asks for every
row, so it always looks at all the clients read so far, and the screen says when that is
not yet all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
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


@dataclass(frozen=True, slots=True)
class ClientRow:
    """One row: the client's list entry and, once read, the kinds of unit they are in now."""

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


@dataclass(frozen=True)
class ClientPage:
    """Rows read on the worker, in list order (built there, so the main thread only swaps).

    Attributes:
        rows: The first clients in name order, or all of them.
        complete: Whether ``rows`` holds every client.
    """

    rows: tuple[ClientRow, ...]
    complete: bool

    @classmethod
    def of(cls, clients: tuple[ClientSummary, ...],
           kinds: Mapping[int, frozenset[str]] | None, complete: bool) -> ClientPage:
        """Rows for clients with the kinds of unit each is in now.

        Args:
            clients: The clients, in list order.
            kinds: Current unit kinds by client id (a client in no unit is absent); None
                when not read (a first page leaves them to the whole list, to arrive
                sooner).
            complete: Whether ``clients`` is every client.
        """
        none = frozenset[str]()
        return cls(tuple(ClientRow(c, None if kinds is None else kinds.get(c.id, none))
                         for c in clients), complete)


class ClientListModel(QAbstractTableModel):
    """The clients read so far, shown a page of rows at a time as the view asks.

    ``data()`` never raises and returns None for roles it does not handle.

    Args:
        parent: The owning object.
        page_size: Rows added by each ``fetchMore``.
    """

    def __init__(self, parent: QObject | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._known: tuple[ClientRow, ...] = ()
        self._shown = 0
        self._complete = True

    def set_clients(self, page: ClientPage) -> None:
        """Take clients read from the store; nothing new shows until the view fetches it.

        When every client arrives after the first page and the rows on show are still its
        first ones, they stay (no reset: the view keeps its scroll and selection) and only
        their unit kinds are refreshed; otherwise the list starts over.

        Args:
            page: The clients, in display order (no clients clears the list).
        """
        rows = page.rows
        shown = self._known[:self._shown]
        if shown and [r.summary for r in rows[:len(shown)]] == [r.summary for r in shown]:
            self._known, self._complete = rows, page.complete
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(shown) - 1, len(_HEADERS) - 1))
            return
        self.beginResetModel()
        self._known, self._shown, self._complete = rows, 0, page.complete
        self.endResetModel()

    @property
    def total(self) -> int:
        """How many clients the list holds, fetched or not."""
        return len(self._known)

    @property
    def complete(self) -> bool:
        """Whether the list holds every client (not only the first page)."""
        return self._complete

    def client_id(self, row: int) -> int:
        """The id of the client shown on ``row``."""
        return self._known[row].summary.id

    def row(self, row: int) -> ClientRow:
        """The client shown on ``row`` (for the filter: one call, not one per role)."""
        return self._known[row]

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        """Whether clients remain that have no row yet."""
        return not parent.isValid() and self._shown < len(self._known)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        """Show the next page of rows."""
        if self.canFetchMore(parent):
            self._show_up_to(self._shown + self._page_size)

    def fetch_all(self) -> None:
        """Show every client read so far (a filter must see them all)."""
        if self.canFetchMore():
            self._show_up_to(len(self._known))

    def _show_up_to(self, count: int) -> None:
        last = min(count, len(self._known))
        self.beginInsertRows(QModelIndex(), self._shown, last - 1)
        self._shown = last
        self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """Rows fetched so far (none under any row: this is a flat table)."""
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Name, pronouns, status, units."""
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, the id, status and unit kinds of a cell; None for other roles."""
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        row = self._known[index.row()]
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
    """Keeps the rows whose name holds the typed text, with a status and a unit kind.

    While any filter is set, the list shows every client read so far, not only the pages
    scrolled to, so the filter never misses a client further down.
    """

    def __init__(self, source: ClientListModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self.setSourceModel(source)
        self._text = ""
        self._status: str | None = None
        self._kind: str | None = None

    @property
    def filtering(self) -> bool:
        """Whether any filter is set."""
        return bool(self._text) or self._status is not None or self._kind is not None

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
        if self.filtering:
            self._source.fetch_all()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        """Whether a fetched row passes the three filters."""
        if source_parent.isValid() or not 0 <= source_row < self._source.rowCount():
            return False
        row = self._source.row(source_row)
        if self._status is not None and row.summary.status != self._status:
            return False
        if self._kind is not None and self._kind not in (row.unit_kinds or ()):
            return False
        return not self._text or self._text in row.summary.display_name.casefold()
