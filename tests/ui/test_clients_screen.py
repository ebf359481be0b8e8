"""The Clients section lists clients read from the store, and forgets them on lock."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from practice.services.clients import ClientDetails, create_client
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import ControllerFactory, wait_idle
from ui.screens.clients import ClientsScreen


def test_the_client_list_shows_chosen_names_and_is_emptied_on_lock(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        create_client(store.sessions, ClientDetails(legal_name="Robert Ångström",
                                                    chosen_name="Robin", pronouns="they/them"))
        create_client(store.sessions, ClientDetails(legal_name="Ana García"))
    controller = make_controller(store_path)
    controller.start()
    controller.window.activateWindow()
    qtbot.keyClicks(controller.window.unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(controller.window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    qtbot.keyClick(controller.window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, controller.context)

    workspace = controller.window.workspace
    assert workspace is not None
    screen = workspace.section(ClientsScreen)
    assert workspace.current is screen
    model = screen.model
    names = sorted(str(model.data(model.index(r, 0))) for r in range(model.rowCount()))
    assert names == ["Ana García", "Robin"]
    assert screen.count.text() == "2 clients"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"

    controller.lock()
    wait_idle(qtbot, controller.context)
    assert model.rowCount() == 0 and screen.count.text() == ""
