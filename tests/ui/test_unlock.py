"""Unlocking: a wrong passphrase answered gently, the recovery key, this computer's keychain."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from practice.errors import WrongPassphrase
from practice.store.credentials import Passphrase
from practice.store.device import remember_on_device
from practice.store.keychain import DeviceKeychain
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.store.memory_keyring import Entries, MemoryKeyring
from tests.store.test_keychain import TRUSTED
from tests.ui.conftest import ControllerFactory, wait_idle
from ui.controller import AppController
from ui.workspace import Workspace

NEW_PASSPHRASE = "plum orchard winter lantern 42"


def _type_and_enter(qtbot: QtBot, field: object, text: str) -> None:
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def _started(make_controller: ControllerFactory, store_path: Path) -> AppController:
    controller = make_controller(store_path)
    controller.start()
    controller.window.activateWindow()
    return controller


def _message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def test_a_wrong_passphrase_is_answered_under_the_field_and_the_right_one_opens(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    controller = _started(make_controller, store_path)
    unlock = controller.window.unlock
    _type_and_enter(qtbot, unlock.passphrase, "not my passphrase")
    qtbot.waitUntil(lambda: "does not open" in unlock.message.text(), timeout=5000)
    assert unlock.passphrase.text() == ""
    assert unlock.passphrase.isEnabled()
    assert unlock.passphrase.hasFocus()
    assert _message_boxes() == []
    assert controller.context.store is None

    _type_and_enter(qtbot, unlock.passphrase, TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    assert isinstance(controller.window.pages.currentWidget(), Workspace)
    assert unlock.passphrase.text() == ""


def test_the_unlock_screen_shows_no_client_data_before_unlocking(
    make_controller: ControllerFactory, store_path: Path,
) -> None:
    controller = _started(make_controller, store_path)
    assert controller.window.workspace is None
    assert controller.window.pages.currentWidget() is controller.window.unlock


def test_the_recovery_key_leads_to_a_new_passphrase_that_then_opens_the_store(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, recovery_code: str,
) -> None:
    controller = _started(make_controller, store_path)
    unlock = controller.window.unlock
    qtbot.mouseClick(unlock.use_recovery, Qt.MouseButton.LeftButton)
    assert unlock.forms.currentIndex() == 1
    # Typed from paper: lower case, spaces instead of dashes.
    _type_and_enter(qtbot, unlock.recovery_field, recovery_code.lower().replace("-", " "))
    qtbot.waitUntil(lambda: unlock.forms.currentIndex() == 2, timeout=5000)
    assert controller.context.store is None  # not until the new passphrase is set

    qtbot.keyClicks(unlock.new_passphrase.new, NEW_PASSPHRASE)
    qtbot.keyClicks(unlock.new_passphrase.confirm, NEW_PASSPHRASE)
    qtbot.mouseClick(unlock.set_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)

    controller.lock()
    wait_idle(qtbot, controller.context)
    with pytest.raises(WrongPassphrase):
        Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    Store.open(store_path, Passphrase(NEW_PASSPHRASE)).close()


def test_a_mistyped_recovery_key_stays_in_the_field_to_be_corrected(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    controller = _started(make_controller, store_path)
    unlock = controller.window.unlock
    unlock.show_recovery()
    _type_and_enter(qtbot, unlock.recovery_field, "ABCD-EFGH")
    qtbot.waitUntil(lambda: "not a recovery key" in unlock.recovery_message.text(),
                    timeout=5000)
    assert unlock.recovery_field.text() == "ABCD-EFGH"
    assert _message_boxes() == []


def test_a_remembered_computer_opens_the_store_without_the_passphrase(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
    keychain_entries: Entries,
) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        remember_on_device(store, DeviceKeychain(MemoryKeyring(keychain_entries),
                                                 trusted=TRUSTED))
    controller = _started(make_controller, store_path)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    assert controller.window.workspace is not None


def test_a_keychain_that_lost_the_key_falls_back_to_the_passphrase_with_the_reason(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
    keychain_entries: Entries,
) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        remember_on_device(store, DeviceKeychain(MemoryKeyring(keychain_entries),
                                                 trusted=TRUSTED))
    keychain_entries.clear()
    controller = _started(make_controller, store_path)
    unlock = controller.window.unlock
    qtbot.waitUntil(lambda: "no longer remembered" in unlock.message.text(), timeout=5000)
    assert unlock.passphrase.isEnabled()
    assert controller.context.store is None
    _type_and_enter(qtbot, unlock.passphrase, TEST_PASSPHRASE)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)


def test_after_a_lock_the_keychain_is_not_used_and_the_passphrase_is_asked_for(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
    keychain_entries: Entries,
) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        remember_on_device(store, DeviceKeychain(MemoryKeyring(keychain_entries),
                                                 trusted=TRUSTED))
    controller = _started(make_controller, store_path)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    controller.lock()
    wait_idle(qtbot, controller.context)
    assert controller.context.store is None
    assert controller.window.pages.currentWidget() is controller.window.unlock
    assert controller.window.unlock.passphrase.isEnabled()
