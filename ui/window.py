"""The main window: the unlock screen or the workspace, a demo banner, menus and shortcuts."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QObject, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import design, icons
from ui.context import AppContext
from ui.settings import WINDOW_GEOMETRY
from ui.unlock import UnlockScreen
from ui.workspace import SECTIONS, Workspace

TITLE = "Practice"
DEMO_TITLE = "Practice — demo practice (fictional clients)"
DEMO_BANNER = (
    "Demo practice: every client here is invented. Nothing done here touches your own "
    "records, and nothing real should be typed in."
)


class MainWindow(QMainWindow):
    """Shows the unlock screen until the store opens, then the workspace.

    Args:
        context: The application context.
    """

    closing = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setWindowTitle(DEMO_TITLE if context.demo else TITLE)
        self.unlock = UnlockScreen(context)
        self.workspace: Workspace | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.unlock)
        central = QWidget()
        column = QVBoxLayout(central)
        design.space(column, design.Space.NONE, design.Space.NONE)
        if context.demo:
            column.addWidget(_demo_banner())
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_actions()
        self._set_unlocked(False)
        geometry = context.settings.get(WINDOW_GEOMETRY)
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1000, 700)

    def _build_actions(self) -> None:
        practice_menu = self.menuBar().addMenu("&Practice")
        self.lock_action = _action(self, "&Lock", QKeySequence("Ctrl+L"))
        self.quit_action = _action(self, "&Quit", QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.close)
        self.lock_action.setIcon(icons.icon(icons.ACTION_ICONS["Lock"]))
        self.quit_action.setIcon(icons.icon(icons.ACTION_ICONS["Quit"]))
        practice_menu.addAction(self.lock_action)
        practice_menu.addSeparator()
        practice_menu.addAction(self.quit_action)
        go_menu = self.menuBar().addMenu("&Go")
        self.section_actions: list[QAction] = []
        for index, section in enumerate(SECTIONS):
            action = _action(self, section.title, QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self._go(i))
            action.setIcon(icons.section_icon(section.title))
            go_menu.addAction(action)
            self.section_actions.append(action)
        self.search_action = _action(self, "Search…", QKeySequence("Ctrl+K"))
        self.search_action.triggered.connect(self._search)
        self.search_action.setIcon(icons.icon(icons.ACTION_ICONS["Search"]))
        go_menu.addSeparator()
        go_menu.addAction(self.search_action)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.reserved = ReservedShortcuts(
                self, app, [self.lock_action.shortcut(), self.search_action.shortcut()])

    def show_workspace(self) -> Workspace:
        """Show the workspace (built on first unlock, so start-up stays light).

        Returns:
            The workspace.
        """
        if self.workspace is None:
            self.workspace = Workspace(self.context)
            self.pages.addWidget(self.workspace)
        self.pages.setCurrentWidget(self.workspace)
        self._set_unlocked(True)
        return self.workspace

    def show_unlock(self) -> None:
        """Show the unlock screen; the workspace's shortcuts stop working."""
        self.pages.setCurrentWidget(self.unlock)
        self._set_unlocked(False)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Remember the geometry, and let the controller close the store."""
        self.context.settings.set(WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        self.closing.emit()
        super().closeEvent(event)

    def _set_unlocked(self, unlocked: bool) -> None:
        self.lock_action.setEnabled(unlocked)
        self.search_action.setEnabled(unlocked)
        for action in self.section_actions:
            action.setEnabled(unlocked)

    def _go(self, index: int) -> None:
        if self.workspace is not None:
            self.workspace.show_section(index)

    def _search(self) -> None:
        if self.workspace is not None:
            self.workspace.focus_search()


class ReservedShortcuts(QObject):
    """Keeps the app's own shortcuts working inside text fields of one window.

    Some platforms bind Ctrl+K in line edits to "delete to the end of the line", which would
    swallow Ctrl+K (search). A text field claims a key through a ShortcutOverride event,
    sent to the focused widget and then up through its parents; this filter refuses those
    claims for the reserved keys. It watches only the focused widget and its parents (moved
    along as focus moves), not every event of the application: a Python filter on the
    application would run for each of the thousands of events a window takes to appear.

    Args:
        window: The window whose fields are watched.
        app: The running application (it reports focus changes).
        reserved: The key sequences that always belong to the app.
    """

    def __init__(self, window: QWidget, app: QApplication,
                 reserved: list[QKeySequence]) -> None:
        super().__init__(window)
        self._window = window
        self._reserved = {sequence.toString() for sequence in reserved}
        self._watched: list[QWidget] = []
        app.focusChanged.connect(self._focus_changed)
        self._focus_changed(None, app.focusWidget())

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for widget in self._watched:
            if shiboken6.isValid(widget):  # a watched widget may have been deleted since
                widget.removeEventFilter(self)
        self._watched = []
        if new is None or new.window() is not self._window:
            return
        chain: QWidget | None = new
        while chain is not None:
            chain.installEventFilter(self)
            self._watched.append(chain)
            chain = chain.parentWidget()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Refuse a field's claim on a reserved key, so the app's shortcut fires."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and QKeySequence(event.keyCombination()).toString() in self._reserved):
            event.ignore()
            return True
        return False


def _action(parent: QWidget, text: str, shortcut: QKeySequence) -> QAction:
    action = QAction(text, parent)
    action.setShortcut(shortcut)
    parent.addAction(action)  # shortcuts work even with the menu bar hidden
    return action


def _demo_banner() -> QLabel:
    banner = QLabel(DEMO_BANNER)
    banner.setWordWrap(True)
    banner.setAccessibleName("Demo practice notice")
    banner.setMargin(design.Space.SMALL)
    # The system's tooltip colours: noticeable, yet part of the user's own palette.
    banner.setAutoFillBackground(True)
    banner.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
    banner.setForegroundRole(QPalette.ColorRole.ToolTipText)
    return banner
