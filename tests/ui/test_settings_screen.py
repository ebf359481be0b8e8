"""Settings: backing up and restoring through the worker, auto-lock minutes, passphrase, device."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from practice.errors import WrongPassphrase
from practice.services import search
from practice.services.settings import PracticeProfile, load_profile, save_profile
from practice.store.audit import record
from practice.store.backup import list_backups
from practice.store.credentials import Passphrase
from practice.store.keyfile import DEVICE
from practice.store.search_index import INDEX_REBUILT
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ControllerFactory, wait_idle
from tests.ui.visible import click, type_into
from ui.controller import AppController
from ui.screens.settings import SettingsScreen
from ui.screens.settings.restore_dialog import RestoreDialog
from ui.settings import AUTO_LOCK_MINUTES, BACKUP_DIR

NEW_PASSPHRASE = "tangerine lighthouse 77 quietly"


def _settings_open(qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
                   backup_dir: Path) -> tuple[AppController, SettingsScreen]:
    controller = make_controller(store_path)
    controller.context.settings.set(BACKUP_DIR, str(backup_dir))
    controller.start()
    qtbot.keyClicks(controller.window.unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(controller.window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    workspace = controller.window.workspace
    assert workspace is not None
    screen = workspace.section(SettingsScreen)
    workspace.show_section(workspace.screens.index(screen))
    wait_idle(qtbot, controller.context)
    return controller, screen


def test_back_up_now_writes_a_verified_backup_and_says_so(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    with qtbot.waitSignal(controller.context.ops.finished, timeout=10000):
        qtbot.mouseClick(screen.backups.backup_button, Qt.MouseButton.LeftButton)
    published = list_backups(tmp_path / "bk")
    assert len(published) == 1
    assert "verified" in screen.backups.result.text()
    assert str(published[0]) in screen.backups.result.text()
    with Store.open(published[0], Passphrase(TEST_PASSPHRASE)) as copy:
        assert copy.verify().pages_ok


def test_restoring_a_backup_locks_replaces_the_store_and_says_it_was_verified(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    qtbot.mouseClick(screen.backups.backup_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, controller.context)
    store = controller.context.store
    assert store is not None
    with store.sessions.begin() as session:
        record(session, "test.after_backup")  # only in the live store, not the backup

    dialog = screen.backups.ask_restore()
    assert isinstance(dialog, RestoreDialog) and dialog.listing.model().rowCount() == 1
    assert not dialog.restore_button.isEnabled()
    qtbot.keyClicks(dialog.secret, TEST_PASSPHRASE)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "fully verified" in controller.window.unlock.message.text(),
                    timeout=10000)

    assert controller.context.store is None
    assert any(p.name.startswith("replaced-") for p in store_path.iterdir())
    qtbot.keyClicks(controller.window.unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(controller.window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)


def test_a_restore_with_the_wrong_passphrase_replaces_nothing(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    qtbot.mouseClick(screen.backups.backup_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, controller.context)
    dialog = screen.backups.ask_restore()
    qtbot.keyClicks(dialog.secret, "not the passphrase at all")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Nothing was replaced" in controller.window.unlock.message.text(),
                    timeout=10000)
    assert not any(p.name.startswith("replaced-") for p in store_path.iterdir())


def test_changing_the_auto_lock_minutes_is_remembered_and_applied(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    screen.locking.minutes.selectAll()
    qtbot.keyClicks(screen.locking.minutes, "12")
    assert controller.context.settings.get(AUTO_LOCK_MINUTES) == 12
    assert controller.idle._timer.interval() == 12 * 60_000


def test_the_passphrase_changes_only_after_the_current_one_is_given(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    panel = screen.passphrase
    qtbot.keyClicks(panel.current, "a wrong guess here")
    qtbot.keyClicks(panel.fields.new, NEW_PASSPHRASE)
    qtbot.keyClicks(panel.fields.confirm, NEW_PASSPHRASE)
    qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, controller.context)
    assert "does not open" in panel.message.text()

    qtbot.keyClicks(panel.current, TEST_PASSPHRASE)
    qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, controller.context)
    assert "changed" in panel.message.text()
    assert panel.fields.new.text() == ""
    controller.lock()
    wait_idle(qtbot, controller.context)
    with pytest.raises(WrongPassphrase):
        Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    Store.open(store_path, Passphrase(NEW_PASSPHRASE)).close()


def test_remember_on_this_device_can_be_switched_on_and_off(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    box = screen.device.remember
    screen.scroll_area.ensureWidgetVisible(screen.device)
    qtbot.waitUntil(box.isEnabled, timeout=5000)
    assert not box.isChecked()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    wait_idle(qtbot, controller.context)
    store = controller.context.store
    assert store is not None
    assert DEVICE in store.keyfile.slots and box.isChecked()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    wait_idle(qtbot, controller.context)
    assert DEVICE not in store.keyfile.slots and not box.isChecked()


def test_the_keychain_is_asked_only_once_its_panel_is_scrolled_into_view(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    controller.window.resize(1000, 700)
    qtbot.wait(50)
    wait_idle(qtbot, controller.context)
    device = screen.device
    assert device.visibleRegion().isEmpty(), "the panel starts below the fold"
    assert device.explanation.text() == "Checking for a system keychain…"
    assert not device.remember.isEnabled()
    screen.scroll_area.ensureWidgetVisible(device)
    qtbot.waitUntil(device.remember.isEnabled, timeout=5000)
    assert device.explanation.text() == ""


def test_practice_details_are_read_from_the_store_and_saved_back(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        save_profile(store.sessions, PracticeProfile(practice_name="Harbour Light Therapy"))
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    form = screen.practice.form
    assert form.practice_name.text() == "Harbour Light Therapy"
    qtbot.keyClicks(form.phone, "555-0100")
    qtbot.mouseClick(screen.practice.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, controller.context)
    assert screen.practice.message.text() == "Saved."
    store = controller.context.store
    assert store is not None
    assert load_profile(store.sessions).phone == "555-0100"


def test_edited_practice_details_are_saved_when_the_app_locks(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    qtbot.keyClicks(screen.practice.form.fax, "555-0199")
    controller.lock()
    wait_idle(qtbot, controller.context)
    assert screen.practice.form.fax.text() == ""
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        assert load_profile(store.sessions).fax == "555-0199"


def test_the_npi_and_ein_for_superbills_are_typed_in_practice_details_and_checked(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    type_into(qtbot, screen, "Individual NPI", "1234567890")  # wrong check digit
    type_into(qtbot, screen, "Tax ID (EIN)", "123-45-6789")
    click(qtbot, screen, "Save practice details")
    wait_idle(qtbot, controller.context)
    assert "Individual NPI: ten digits" in screen.practice.message.text()
    store = controller.context.store
    assert store is not None
    assert load_profile(store.sessions).extra == {}

    screen.practice.form.npi.clear()
    type_into(qtbot, screen, "Individual NPI", "1234567893")
    click(qtbot, screen, "Save practice details")
    wait_idle(qtbot, controller.context)
    assert "social security number" in screen.practice.message.text()

    screen.practice.form.tax_id.clear()
    type_into(qtbot, screen, "Tax ID (EIN)", "12-3456789")
    click(qtbot, screen, "Save practice details")
    wait_idle(qtbot, controller.context)
    assert screen.practice.message.text() == "Saved."
    assert load_profile(store.sessions).extra == {"npi": "1234567893", "tax_id": "12-3456789"}


def test_checking_the_store_from_settings_says_what_was_checked(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    screen.scroll_area.ensureWidgetVisible(screen.store_check)
    click(qtbot, screen, "Check the store now")
    wait_idle(qtbot, controller.context)
    result = screen.store_check.result.text()
    assert result.startswith("The store checked out")
    assert "audit trail" in result and "search indexes match" in result
    store = controller.context.store
    assert store is not None
    with store.engine.connect() as conn:  # the check is itself in the audit trail
        actions = [row[0] for row in conn.exec_driver_sql("SELECT action FROM audit_log")]
    assert actions[-1] == "store.verified"


def test_a_search_index_out_of_step_is_rebuilt_and_said_so_by_the_check(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    controller, screen = _settings_open(qtbot, make_controller, store_path, tmp_path / "bk")
    store = controller.context.store
    assert store is not None
    unit = factories.unit(store.sessions, "individual",
                          factories.client(store.sessions, "Robin Quinn"))
    factories.signed(store.sessions, unit, text="Discussed vaginismus and dilator homework.")
    with store.engine.begin() as conn:  # what an older copy of an index page would leave
        conn.exec_driver_sql(
            "INSERT INTO note_sections_fts(note_sections_fts, rowid, search_text) "
            "SELECT 'delete', id, search_text FROM note_sections")
    screen.scroll_area.ensureWidgetVisible(screen.store_check)
    click(qtbot, screen, "Check the store now")
    wait_idle(qtbot, controller.context)
    assert screen.store_check.result.text() == INDEX_REBUILT
    assert search.search(store.sessions, "vaginismus").hits != ()
