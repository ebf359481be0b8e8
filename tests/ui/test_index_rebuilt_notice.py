"""Unlocking a store whose search index is out of step rebuilds it, and the app says so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from practice.services import search
from practice.store.credentials import Passphrase
from practice.store.search_index import INDEX_REBUILT
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ControllerFactory, wait_idle


def _note_left_out_of_the_index(store_path: Path) -> None:
    """A signed note whose words the index no longer holds, as an older index page leaves it."""
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        sessions = store.sessions
        unit = factories.unit(sessions, "individual", factories.client(sessions, "Robin Quinn"))
        factories.signed(sessions, unit, text="Discussed vaginismus and dilator homework.")
        with store.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO note_sections_fts(note_sections_fts, rowid, search_text) "
                "SELECT 'delete', id, search_text FROM note_sections")
        assert search.search(sessions, "vaginismus").hits == ()


def test_unlocking_rebuilds_an_index_out_of_step_and_tells_the_therapist(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    _note_left_out_of_the_index(store_path)
    controller = make_controller(store_path)
    controller.start()
    qtbot.keyClicks(controller.window.unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(controller.window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    wait_idle(qtbot, controller.context)

    shown = [b.text() for b in controller.window.findChildren(QMessageBox) if b.isVisible()]
    assert shown == [INDEX_REBUILT]
    store = controller.context.store
    assert store is not None
    assert [h.kind for h in search.search(store.sessions, "vaginismus").hits] == ["note"]
