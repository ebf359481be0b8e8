"""Moving to a new computer: setup builds the store from a practice export instead of an empty one,
driven through what the wizard shows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard
from pytestqt.qtbot import QtBot

from practice.services.clients import list_clients
from practice.services.practice_export import export_practice
from practice.services.practice_export.envelope import WRONG_PASSPHRASE
from practice.services.settings import PracticeProfile, load_profile, save_profile
from practice.store.credentials import Passphrase
from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.layout import StoreLayout
from practice.store.store import Store
from tests.core import factories
from tests.ui.conftest import ControllerFactory, wait_idle
from tests.ui.visible import TIMEOUT, click, find, type_into
from ui.controller import AppController
from ui.setup.wizard import SetupWizard

EXPORT_PASSPHRASE = "moving day harbour 2026"
NEW_PASSPHRASE = "saffron kettle meadow 1987 blue"


def _exported_practice(tmp_path: Path) -> Path:
    """The old computer's practice (a client and the practice's name), exported encrypted."""
    store, _recovery = Store.create(tmp_path / "old", "old computer passphrase 1",
                                    kdf=FAST_INSECURE_PARAMS)
    with store:
        factories.client(store.sessions, "Ana Lucía Ruiz", "Lucía")
        save_profile(store.sessions, PracticeProfile(practice_name="Harbour Light Therapy"))
        out = tmp_path / "practice.export"
        export_practice(store, out, passphrase=EXPORT_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    return out


def _setup(qtbot: QtBot, make_controller: ControllerFactory,
           store_dir: Path) -> tuple[AppController, SetupWizard]:
    """The first run on a new computer: the setup wizard, open on its first page."""
    controller = make_controller(store_dir)
    controller.start()
    wizard = controller.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    return controller, wizard


def _next(qtbot: QtBot, wizard: QWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.waitUntil(button.isEnabled, timeout=TIMEOUT)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _choose_export(qtbot: QtBot, wizard: SetupWizard, export: Path, passphrase: str) -> None:
    """Tick "bring in", name the file and its passphrase, then the new store's passphrase."""
    click(qtbot, wizard, "Bring in a practice from an export file")
    type_into(qtbot, wizard, "Export file", str(export))
    type_into(qtbot, wizard, "Export passphrase", passphrase)
    _next(qtbot, wizard)
    type_into(qtbot, wizard, "Passphrase", NEW_PASSPHRASE)
    type_into(qtbot, wizard, "Type it again", NEW_PASSPHRASE)
    _next(qtbot, wizard)


def test_setup_builds_the_new_store_from_a_practice_export(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    export = _exported_practice(tmp_path)
    controller, wizard = _setup(qtbot, make_controller, tmp_path / "new")

    _choose_export(qtbot, wizard, export, EXPORT_PASSPHRASE)
    shown_code = find(wizard, QLabel, "Recovery key", qtbot=qtbot, timeout=15000)
    qtbot.waitUntil(lambda: bool(shown_code.text()), timeout=TIMEOUT)
    assert "records brought in" in wizard.create_page.status.text()
    type_into(qtbot, wizard, "Type the recovery key back", shown_code.text())
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: not controller.context.ops.busy, timeout=TIMEOUT)
    _next(qtbot, wizard)  # keychain: leave as offered
    assert find(wizard, QLabel, "Practice details brought in").isVisible()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=TIMEOUT)
    wait_idle(qtbot, controller.context)

    store = controller.context.store
    assert store is not None
    assert [c.display_name for c in list_clients(store.sessions)] == ["Lucía"]
    # The details that came with the export are kept, not replaced by an empty form.
    assert load_profile(store.sessions).practice_name == "Harbour Light Therapy"
    controller.lock()
    wait_idle(qtbot, controller.context)
    Store.open(tmp_path / "new", Passphrase(NEW_PASSPHRASE)).close()


def test_a_wrong_export_passphrase_is_said_and_no_store_is_left_half_made(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    export = _exported_practice(tmp_path)
    _controller, wizard = _setup(qtbot, make_controller, tmp_path / "new")

    _choose_export(qtbot, wizard, export, "not the export passphrase")
    status = find(wizard, QLabel, "Store creation status", qtbot=qtbot)
    qtbot.waitUntil(lambda: WRONG_PASSPHRASE in status.text(), timeout=15000)
    assert status.text().endswith("Go back to change the export file or its passphrase.")
    assert not StoreLayout(tmp_path / "new").exists()
    assert wizard.state.store is None


def test_ticking_bring_in_without_a_file_is_said_on_the_first_page(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    _controller, wizard = _setup(qtbot, make_controller, tmp_path / "new")

    click(qtbot, wizard, "Bring in a practice from an export file")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.location_page
    assert "Choose the export file" in find(wizard, QLabel, "Store folder message").text()
    type_into(qtbot, wizard, "Export file", str(tmp_path / "nowhere.export"))
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.location_page
    assert "no export file there" in find(wizard, QLabel, "Store folder message").text()
