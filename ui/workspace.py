"""The unlocked workspace: a sidebar of sections on the left, the chosen screen on the right."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QWidget

from ui.context import AppContext
from ui.screens.base import Screen
from ui.screens.clients import ClientsScreen
from ui.screens.letters import LettersScreen
from ui.screens.providers import ProvidersScreen
from ui.screens.schedule import ScheduleScreen
from ui.screens.search import SearchScreen
from ui.screens.settings import SettingsScreen
from ui.screens.today import TodayScreen
from ui.screens.units import UnitsScreen

S = TypeVar("S", bound=Screen)

# Sidebar order; Ctrl+1 … Ctrl+8 follow it.
SECTIONS: tuple[type[Screen], ...] = (
    TodayScreen, ScheduleScreen, ClientsScreen, UnitsScreen, ProvidersScreen,
    LettersScreen, SearchScreen, SettingsScreen,
)


class Workspace(QWidget):
    """Sidebar plus stacked screens; loads a screen when it is shown.

    Args:
        context: The application context, handed to every screen.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.screens: list[Screen] = [section(context) for section in SECTIONS]
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Sections")
        self.stack = QStackedWidget()
        for index, screen in enumerate(self.screens, start=1):
            self.sidebar.addItem(screen.title)
            self.sidebar.item(index - 1).setToolTip(f"{screen.title} (Ctrl+{index})")
            self.stack.addWidget(screen)
        self.sidebar.setFixedWidth(self.sidebar.sizeHintForColumn(0) + 32)
        layout = QHBoxLayout(self)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.sidebar.setCurrentRow(0)
        self.sidebar.currentRowChanged.connect(self._section_changed)
        self.setTabOrder(self.sidebar, self.stack)

    def section(self, kind: type[S]) -> S:
        """The one screen of a kind.

        Args:
            kind: The screen's class.

        Returns:
            The screen.
        """
        return next(s for s in self.screens if isinstance(s, kind))

    @property
    def current(self) -> Screen:
        """The screen on show."""
        return self.screens[self.stack.currentIndex()]

    def show_section(self, index: int) -> None:
        """Show the section at ``index`` (0-based, sidebar order).

        Args:
            index: The section's position.
        """
        if 0 <= index < len(self.screens):
            self.sidebar.setCurrentRow(index)

    def focus_search(self) -> None:
        """Go to Search and put the cursor in its field."""
        search = self.section(SearchScreen)
        self.show_section(self.screens.index(search))
        search.focus_field()

    def load_current(self) -> None:
        """Fill the screen on show from the store."""
        self.current.load()

    def save_drafts(self) -> None:
        """Ask every screen to save unsaved work."""
        for screen in self.screens:
            screen.save_drafts()

    def clear(self) -> None:
        """Empty every screen."""
        for screen in self.screens:
            screen.clear()

    def _section_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        if self.context.store is not None:
            self.current.load()
