"""Settings lists the backups in the backup folder, with their dates, and restores a chosen one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from practice.store.audit import record
from practice.store.backup import backup
from practice.store.backup_catalog import find_backups
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import ControllerFactory, wait_idle
from tests.ui.test_settings_screen import _settings_open
from tests.ui.visible import click, dialog, find, pick_row, type_into
from ui.models.backups import made_label
from ui.screens.settings.restore_dialog import RestoreDialog


def _actions(store_path: Path) -> set[str]:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store, \
            store.engine.connect() as conn:
        return {row[0] for row in conn.exec_driver_sql("SELECT action FROM audit_log")}


def test_settings_lists_the_backups_and_restores_the_one_chosen(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    listed = find(screen, QLabel, "Backups listed")
    assert "No backups in this folder yet" in listed.text()
    click(qtbot, screen, "Back up now")
    wait_idle(qtbot, controller.context)
    store = controller.context.store
    assert store is not None
    with store.sessions.begin() as session:
        record(session, "test.between_backups")
    qtbot.wait(1000)  # the list shows times to the second: the two must differ
    click(qtbot, screen, "Back up now")
    wait_idle(qtbot, controller.context)

    table = find(screen, QTableView, "Backups in the backup folder")
    newest, older = find_backups(tmp_path / "bk")
    assert table.model().rowCount() == 2
    assert [table.model().index(row, 0).data() for row in (0, 1)] == [
        made_label(newest), made_label(older)]
    assert made_label(newest) != made_label(older)
    assert table.model().index(1, 2).data() == "Complete"
    assert listed.text().startswith("2 backups, newest first.")

    pick_row(qtbot, screen, "Backups in the backup folder", made_label(older))
    click(qtbot, screen, "Restore the selected backup")
    restore = dialog(qtbot, "Restore from a backup")
    chosen = find(restore, QTableView, "Backups")
    (row,) = chosen.selectionModel().selectedRows()
    assert row.data() == made_label(older)
    type_into(qtbot, restore, "Passphrase of the backup", TEST_PASSPHRASE)
    click(qtbot, restore, "Restore the chosen backup")
    qtbot.waitUntil(lambda: "fully verified" in controller.window.unlock.message.text(),
                    timeout=10000)

    assert controller.context.store is None
    actions = _actions(store_path)
    assert "store.restored" in actions
    assert "test.between_backups" not in actions  # the older backup, as chosen


def test_the_list_follows_the_backup_folder_when_it_changes(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    click(qtbot, screen, "Back up now")
    wait_idle(qtbot, controller.context)
    table = find(screen, QTableView, "Backups in the backup folder")
    assert table.model().rowCount() == 1
    type_into(qtbot, screen, "Backup folder", str(tmp_path / "elsewhere"))
    qtbot.keyClick(find(screen, QLineEdit, "Backup folder"), Qt.Key.Key_Return)
    wait_idle(qtbot, controller.context)
    assert table.model().rowCount() == 0
    assert "No backups in this folder yet" in find(screen, QLabel, "Backups listed").text()
    assert not find(screen, QPushButton, "Restore the selected backup").isEnabled()
    controller.lock()
    wait_idle(qtbot, controller.context)


def test_another_backup_folder_offers_its_backups_with_the_newest_chosen(
    qtbot: QtBot, store: Store, tmp_path: Path,
) -> None:
    for _ in range(2):
        backup(store, tmp_path / "usb")
    chooser = RestoreDialog([])
    qtbot.addWidget(chooser)
    chooser.add_folder(tmp_path / "usb")
    newest = find_backups(tmp_path / "usb")[0]
    assert chooser.listing.model().rowCount() == 2
    assert chooser.chosen() == newest.path
    assert chooser.found.text() == "2 backups found there; the newest is chosen."
    chooser.add_folder(tmp_path)
    assert chooser.found.text() == "That folder holds no Practice backups."
    assert chooser.chosen() == newest.path
