"""The unlocked workspace: a sidebar of sections on the left, the chosen screen on the right.

Each screen is imported and built on its first visit, so unlocking costs only the Today
screen (the letters screen alone pulls in the whole letters core and a PDF viewer).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar, overload

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QWidget,
)

from ui import design, icons
from ui.context import AppContext
from ui.navigation import Navigator
from ui.screens.base import Screen

S = TypeVar("S", bound=Screen)


@dataclass(frozen=True)
class Section:
    """A sidebar entry: its title, and where its screen class lives.

    Attributes:
        title: The sidebar and Go-menu title (the screen class's own ``title``).
        target: ``"module:Class"``, naming the module that defines the class.
    """

    title: str
    target: str

    def load(self) -> type[Screen]:
        """Import the screen's module and return its class."""
        module, _, name = self.target.partition(":")
        screen: type[Screen] = getattr(importlib.import_module(module), name)
        return screen

    def holds(self, kind: type[Screen]) -> bool:
        """Tell whether ``kind`` is this section's screen class, without importing it."""
        return self.target == f"{kind.__module__}:{kind.__qualname__}"


TODAY = Section("Today", "ui.screens.today:TodayScreen")
SCHEDULE = Section("Schedule", "ui.screens.schedule.screen:ScheduleScreen")
CLIENTS = Section("Clients", "ui.screens.clients:ClientsScreen")
UNITS = Section("Units", "ui.screens.units.screen:UnitsScreen")
PROVIDERS = Section("Providers", "ui.screens.providers:ProvidersScreen")
LETTERS = Section("Letters", "ui.screens.letters.screen:LettersScreen")
SEARCH = Section("Search", "ui.screens.search:SearchScreen")
SETTINGS = Section("Settings", "ui.screens.settings:SettingsScreen")

# Sidebar order; Ctrl+1 … Ctrl+8 follow it.
SECTIONS: tuple[Section, ...] = (
    TODAY, SCHEDULE, CLIENTS, UNITS, PROVIDERS, LETTERS, SEARCH, SETTINGS,
)


class Workspace(Navigator):
    """Sidebar plus stacked screens; builds a screen on its first visit, loads it when shown.

    Until a section is first visited, its place in the stack holds an empty widget, so the
    stack's indices always follow the sidebar's rows. Screens that send the therapist to
    another section reach it through ``ui.navigation`` (this is their ``Navigator``), never
    by importing this module.

    Args:
        context: The application context, handed to every screen.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._built: list[Screen | None] = [None] * len(SECTIONS)
        self._when_built: dict[Section, list[Callable[[Screen], None]]] = {}
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Sections")
        self.stack = QStackedWidget()
        self.sidebar.setIconSize(QSize(design.IconSize.SIDEBAR, design.IconSize.SIDEBAR))
        self.sidebar.setSpacing(design.Space.TIGHT)
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        for index, entry in enumerate(SECTIONS, start=1):
            self.sidebar.addItem(QListWidgetItem(icons.section_icon(entry.title), entry.title))
            self.sidebar.item(index - 1).setToolTip(f"{entry.title} (Ctrl+{index})")
            self.stack.addWidget(QWidget())
        self.sidebar.setFixedWidth(self.sidebar.sizeHintForColumn(0) + design.Space.XXLARGE)
        layout = QHBoxLayout(self)
        design.space(layout, design.Space.NONE, design.Space.NONE)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.screen_at(0)  # the first section is on show from the start
        self.stack.setCurrentIndex(0)
        self.sidebar.setCurrentRow(0)
        self.sidebar.currentRowChanged.connect(self._section_changed)
        self.setTabOrder(self.sidebar, self.stack)

    @property
    def screens(self) -> ScreenList:
        """Every section's screen in sidebar order; indexing or iterating builds them."""
        return ScreenList(self)

    @property
    def built(self) -> list[Screen]:
        """The screens built so far, in sidebar order."""
        return [screen for screen in self._built if screen is not None]

    def screen_at(self, index: int) -> Screen:
        """The screen at ``index`` (sidebar order), built now if it never was.

        Args:
            index: The section's position (0-based).

        Returns:
            The screen.
        """
        screen = self._built[index]
        if screen is None:
            screen = SECTIONS[index].load()(self.context)
            placeholder = self.stack.widget(index)
            assert placeholder is not None
            self.stack.insertWidget(index, screen)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[index] = screen
            for act in self._when_built.pop(SECTIONS[index], []):
                act(screen)
        return screen

    def position(self, screen: object) -> int:
        """The sidebar position of a screen already built (never builds one).

        Args:
            screen: The screen.

        Returns:
            Its 0-based position.

        Raises:
            ValueError: ``screen`` is not one of this workspace's built screens.
        """
        for index, built in enumerate(self._built):
            if built is not None and built is screen:
                return index
        raise ValueError("not a screen of this workspace")

    def when_built(self, entry: Section, act: Callable[[Screen], None]) -> None:
        """Call ``act`` with a section's screen once it exists (now, if it already does).

        Args:
            entry: The section.
            act: What to do with its screen (e.g. connect to its signals).
        """
        screen = self._built[SECTIONS.index(entry)]
        if screen is not None:
            act(screen)
        else:
            self._when_built.setdefault(entry, []).append(act)

    def section(self, kind: type[S]) -> S:
        """The one screen of a kind, built now if it never was.

        Args:
            kind: The screen's class.

        Returns:
            The screen.

        Raises:
            LookupError: ``kind`` is not a sidebar section's screen class.
        """
        index = next((i for i, entry in enumerate(SECTIONS) if entry.holds(kind)), None)
        if index is None:
            raise LookupError(f"{kind.__qualname__} is not a sidebar section")
        screen = self.screen_at(index)
        assert isinstance(screen, kind)
        return screen

    def section_titled(self, title: str) -> Screen:
        """The screen of the section with this sidebar title, built now if it never was.

        Args:
            title: The sidebar title, e.g. "Settings".

        Returns:
            The screen.

        Raises:
            LookupError: No section has that title.
        """
        index = next((i for i, entry in enumerate(SECTIONS) if entry.title == title), None)
        if index is None:
            raise LookupError(f"no section is titled {title!r}")
        return self.screen_at(index)

    def show_screen(self, screen: Screen) -> None:
        """Bring a screen already built to the front, as clicking its sidebar entry does.

        Args:
            screen: The screen.
        """
        self.show_section(self.position(screen))

    @property
    def current(self) -> Screen:
        """The screen on show."""
        return self.screen_at(self.stack.currentIndex())

    def show_section(self, index: int) -> None:
        """Show the section at ``index`` (0-based, sidebar order).

        Args:
            index: The section's position.
        """
        if 0 <= index < len(SECTIONS):
            self.sidebar.setCurrentRow(index)

    def focus_search(self) -> None:
        """Go to Search and put the cursor in its field."""
        from ui.screens.search import SearchScreen  # the screen is built below, if not yet

        self.show_section(SECTIONS.index(SEARCH))
        self.section(SearchScreen).focus_field()

    def load_current(self) -> None:
        """Fill the screen on show from the store."""
        self.current.load()

    def save_drafts(self) -> None:
        """Ask every screen built so far to save unsaved work (the others hold none)."""
        for screen in self.built:
            screen.save_drafts()

    def clear(self) -> None:
        """Empty every screen built so far (the others show nothing)."""
        for screen in self.built:
            screen.clear()

    def _section_changed(self, row: int) -> None:
        screen = self.screen_at(row)
        self.stack.setCurrentIndex(row)
        if self.context.store is not None:
            screen.load()


class ScreenList(Sequence[Screen]):
    """A workspace's screens as a sequence; an item is built when it is first reached.

    ``index`` looks only among the screens already built, so it never builds one.

    Args:
        workspace: The workspace whose screens these are.
    """

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def __len__(self) -> int:
        return len(SECTIONS)

    @overload
    def __getitem__(self, index: int) -> Screen: ...

    @overload
    def __getitem__(self, index: slice) -> list[Screen]: ...

    def __getitem__(self, index: int | slice) -> Screen | list[Screen]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(SECTIONS))[index]]
        if not -len(SECTIONS) <= index < len(SECTIONS):
            raise IndexError(index)
        return self._workspace.screen_at(index % len(SECTIONS))

    def __iter__(self) -> Iterator[Screen]:
        return (self[i] for i in range(len(SECTIONS)))

    def index(self, value: object, start: int = 0, stop: int | None = None) -> int:
        """The sidebar position of a screen already built (see ``Workspace.position``)."""
        position = self._workspace.position(value)
        if position not in range(len(SECTIONS))[start:stop]:
            raise ValueError("not a screen in that range")
        return position
