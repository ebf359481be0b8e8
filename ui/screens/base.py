"""What every sidebar screen promises: load() when shown; save_drafts() then clear() on lock."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.context import AppContext


class Screen(QWidget):
    """A sidebar section.

    The workspace calls ``load()`` whenever the screen is shown while the store is open,
    ``save_drafts()`` and then ``clear()`` before the store closes. After ``clear()`` the
    screen shows nothing read from the store.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    title: ClassVar[str] = ""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName(self.title)

    def load(self) -> None:
        """Fill the screen from the open store."""

    def save_drafts(self) -> None:
        """Save anything typed but not yet saved, while the store is still open."""

    def clear(self) -> None:
        """Forget everything shown."""


class PlaceholderScreen(Screen):
    """A section whose core is not ready yet: says so, and holds nothing."""

    coming: ClassVar[str] = ""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{self.title}</h2>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        body = QLabel(self.coming)
        body.setWordWrap(True)
        body.setAccessibleName(f"{self.title}: not ready yet")
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
