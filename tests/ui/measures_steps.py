"""Steps the measures tests share: a client's chart opened on its Measures tab."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import wait_idle
from tests.ui.visible import open_tab
from ui.context import AppContext
from ui.screens.clients import ClientsScreen


def measures_of(qtbot: QtBot, context: AppContext, client_id: int) -> ClientsScreen:
    """The Clients screen on show with the client's chart open on its Measures tab."""
    screen = ClientsScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.open_client(client_id)
    wait_idle(qtbot, context)
    open_tab(qtbot, screen, "Measures")
    return screen


def on_screen(title: str) -> bool:
    """Whether a window with that title is still on screen."""
    return any(w.isVisible() and w.windowTitle() == title
               for w in QApplication.topLevelWidgets())
