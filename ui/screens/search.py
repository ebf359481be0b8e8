"""The Search section: results as you type, grouped by kind, each opening its record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.models.search_results import SearchResultsModel
from ui.navigation import go_to
from ui.screens.base import Screen

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.search import SearchHit, SearchQueryUnreadable, SearchResults

TYPING_PAUSE_MS = 200


class SearchScreen(Screen):
    """Search: the field (Ctrl+K lands here), the results, and the way to each record."""

    title = "Search"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Search clients, notes, addenda and providers")
        self.field.setAccessibleName("Search")
        self.field.setClearButtonEnabled(True)
        self.model = SearchResultsModel(self)
        self.results = QTreeView()
        self.results.setModel(self.model)
        self.results.setAccessibleName("Search results")
        self.results.setHeaderHidden(True)
        self.results.setUniformRowHeights(True)
        self.results.activated.connect(self._activated)
        self.summary = QLabel("")
        self.summary.setAccessibleName("Search summary")
        self.summary.setWordWrap(True)  # it may explain how to write a search
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._run)
        self._asked = 0  # the latest query's number: older answers are dropped
        self.field.textChanged.connect(lambda _text: self._typing.start())
        self.field.returnPressed.connect(self._open_first)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)

    def focus_field(self) -> None:
        """Put the cursor in the search field, with any earlier text selected."""
        self.field.setFocus()
        self.field.selectAll()

    def _run(self) -> None:
        store, typed = self.context.store, self.field.text()
        self._asked += 1
        asked = self._asked
        if store is None or not typed.strip():
            self.model.set_hits(())
            self.summary.clear()
            return
        # Psychotherapy notes are kept apart from the record: they are found in the chart's
        # own tab, never among search results.
        def work(sessions: sessionmaker[Session]) -> SearchResults | SearchQueryUnreadable:
            from practice.services.search import SearchQueryUnreadable, search

            try:
                return search(sessions, typed, include_psychotherapy=False)
            except SearchQueryUnreadable as unreadable:
                return unreadable  # said under the field, not in an error dialog

        self.context.read(work, on_success=lambda found: self._show(asked, found), parent=self)

    def _show(self, asked: int, found: SearchResults | SearchQueryUnreadable) -> None:
        if asked != self._asked or self.context.store is None:
            return
        if isinstance(found, Exception):  # the search could not be read: say how to write it
            self.model.set_hits(())
            self.summary.setText(found.message)
            return
        self.model.set_hits(found.hits)
        self.results.expandAll()
        count = len(found.hits)
        self.summary.setText("Nothing found." if count == 0 else
                             "1 result" if count == 1 else f"{count} results")

    def _activated(self, index: QModelIndex) -> None:
        hit = self.model.hit(index)
        if hit is not None:
            self.open_hit(hit)

    def _open_first(self) -> None:
        first = self.model.index(0, 0, self.model.index(0, 0))
        hit = self.model.hit(first)
        if hit is not None:
            self.open_hit(hit)

    def open_hit(self, hit: SearchHit) -> None:
        """Open the record behind a result: a client's chart, a note in its editor.

        A provider opens the Providers section (which cannot yet select one by id).

        Args:
            hit: The result.
        """
        from ui.screens.clients import ClientsScreen
        from ui.screens.providers import ProvidersScreen

        if hit.kind == "provider":
            go_to(self, ProvidersScreen)
            return
        clients = go_to(self, ClientsScreen)
        if clients is None:  # a search screen shown on its own, outside the app's window
            return
        if hit.kind == "client":
            clients.open_client(hit.record_id)
        elif hit.note_id is not None:
            clients.open_note(hit.note_id)

    def clear(self) -> None:
        """Forget the search text and results (both may hold a client's name)."""
        self.field.clear()
        self._typing.stop()  # clearing the field restarts it
        self._asked += 1
        self.model.set_hits(())
        self.summary.clear()
