"""The Search section: the search field (Ctrl+K lands here) until the search engine arrives."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.screens.base import Screen


class SearchScreen(Screen):
    """Search: the field is ready; results arrive with the search engine."""

    title = "Search"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Search clients, notes and letters")
        self.field.setAccessibleName("Search")
        self.field.setClearButtonEnabled(True)
        note = QLabel("Searching your records arrives in a later version.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(note)
        layout.addStretch(1)

    def focus_field(self) -> None:
        """Put the cursor in the search field, with any earlier text selected."""
        self.field.setFocus()
        self.field.selectAll()

    def clear(self) -> None:
        """Forget the search text (it may be a client's name)."""
        self.field.clear()
