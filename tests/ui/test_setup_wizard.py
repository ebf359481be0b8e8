"""First run: the wizard creates a real store, shows the recovery key and saves the practice."""

from __future__ import annotations

import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from practice.errors import WrongPassphrase
from practice.services.settings import LOGO, SIGNATURE, load_image, load_profile
from practice.store.credentials import Passphrase, RecoveryKey
from practice.store.keychain import DeviceKeychain
from practice.store.keyfile import DEVICE
from practice.store.recovery import format_recovery_key
from practice.store.store import Store
from tests.ui.conftest import ControllerFactory, wait_idle
from ui.controller import AppController
from ui.setup.recovery_page import same_recovery_key
from ui.setup.wizard import SetupWizard
from ui.widgets.image_picker import ImagePicker
from ui.widgets.recovery_sheet import recovery_document, write_recovery_file

PASSPHRASE = "saffron kettle meadow 1987 blue"


def _click(qtbot: QtBot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isEnabled(), f"{which} is not enabled on {type(wizard.currentPage()).__name__}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _start_setup(make_controller: ControllerFactory, store_dir: Path,
                 **overrides: object) -> tuple[AppController, SetupWizard]:
    controller = make_controller(store_dir, **overrides)
    controller.start()
    assert controller.wizard is not None
    return controller, controller.wizard


def _through_to_recovery(qtbot: QtBot, wizard: SetupWizard) -> None:
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)  # the suggested folder
    assert wizard.currentPage() is wizard.passphrase_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClicks(wizard.passphrase_page.fields.new, PASSPHRASE)
    qtbot.keyClicks(wizard.passphrase_page.fields.confirm, PASSPHRASE)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=10000)


def test_first_run_setup_creates_a_store_that_opens_with_the_new_passphrase(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    store_dir = tmp_path / "practice-store"
    controller, wizard = _start_setup(make_controller, store_dir)
    qtbot.addWidget(wizard)
    assert wizard.location_page.folder.text() == str(store_dir)
    _through_to_recovery(qtbot, wizard)
    code = wizard.recovery_page.code.text()
    assert len(code.replace("-", "")) == 32
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()

    # Typed back from paper: lower case, spaces for dashes.
    qtbot.keyClicks(wizard.recovery_page.typed, code.lower().replace("-", " "))
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    wait_idle(qtbot, controller.context)
    assert wizard.device_page.remember.isVisibleTo(wizard.device_page)
    qtbot.mouseClick(wizard.device_page.remember, Qt.MouseButton.LeftButton)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    form = wizard.profile_page.form
    qtbot.keyClicks(form.practice_name, "Harbour Light Therapy")
    qtbot.keyClicks(form.therapist_name, "Dr. Morgan Ellis")
    qtbot.keyClicks(form.licences.state, "tx")
    qtbot.keyClicks(form.licences.number, "LMFT-4411")
    qtbot.keyClicks(form.licences.expiry, "2027-06-30")
    qtbot.mouseClick(form.licences.add, Qt.MouseButton.LeftButton)
    logo = _image(tmp_path / "logo.png")
    assert form.logo.load_file(logo)
    assert form.signature.load_file(_image(tmp_path / "signature.jpg"))
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    wait_idle(qtbot, controller.context)

    store = controller.context.store
    assert store is not None
    profile = load_profile(store.sessions)
    assert profile.practice_name == "Harbour Light Therapy"
    assert [(lic.state, lic.number, lic.expires_on) for lic in profile.licences] == [
        ("TX", "LMFT-4411", date(2027, 6, 30))]
    assert DEVICE in store.keyfile.slots
    assert load_image(store.sessions, LOGO) == logo.read_bytes()
    assert load_image(store.sessions, SIGNATURE) is not None
    controller.lock()
    wait_idle(qtbot, controller.context)
    Store.open(store_dir, Passphrase(PASSPHRASE)).close()
    Store.open(store_dir, RecoveryKey(code)).close()


def _image(path: Path) -> Path:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(0)
    assert image.save(str(path))  # the format follows the suffix
    return path


def test_an_image_that_is_not_a_png_or_jpeg_is_refused_with_a_reason(
    qtbot: QtBot, tmp_path: Path,
) -> None:
    picker = ImagePicker("logo")
    qtbot.addWidget(picker)
    text_file = tmp_path / "logo.png"
    text_file.write_text("not an image")
    assert not picker.load_file(text_file)
    assert picker.content is None
    assert "PNG or JPEG" in picker.message.text()


def test_setup_cannot_be_left_until_the_recovery_key_is_typed_back(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    controller, wizard = _start_setup(make_controller, tmp_path / "store")
    qtbot.addWidget(wizard)
    _through_to_recovery(qtbot, wizard)
    wizard.reject()
    assert wizard.isVisible()
    assert "Type the recovery key back" in wizard.recovery_page.saved.text()
    qtbot.keyClicks(wizard.recovery_page.typed, wizard.recovery_page.code.text())
    with qtbot.waitSignal(wizard.completed, timeout=5000):
        wizard.reject()
    assert controller.context.store is not None


def test_setup_refuses_a_folder_that_already_holds_a_store(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    _controller, wizard = _start_setup(make_controller, tmp_path / "new")
    qtbot.addWidget(wizard)
    wizard.location_page.folder.setText(str(store_path))
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.location_page
    assert "already holds a Practice store" in wizard.location_page.message.text()


def test_without_a_system_keychain_remembering_is_not_offered_and_the_reason_is_given(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    no_keychain: Callable[[], DeviceKeychain] = lambda: DeviceKeychain(NoKeyring())  # noqa: E731
    controller, wizard = _start_setup(make_controller, tmp_path / "store",
                                      keychain=no_keychain)
    qtbot.addWidget(wizard)
    wait_idle(qtbot, controller.context)
    page = wizard.device_page
    assert not page.remember.isVisibleTo(page)
    assert "no system keychain" in page.explanation.text()


def test_closing_setup_before_a_store_exists_abandons_it(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    controller, wizard = _start_setup(make_controller, tmp_path / "store")
    qtbot.addWidget(wizard)
    with qtbot.waitSignal(controller.setup_abandoned, timeout=5000):
        wizard.reject()
    assert not (tmp_path / "store").exists()


def test_a_saved_recovery_key_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "key.txt"
    target.write_text("old")
    target.chmod(0o644)
    code = format_recovery_key(bytes(range(20)))
    write_recovery_file(target, code, tmp_path / "store", date(2026, 11, 27))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert code in target.read_text(encoding="utf-8")


def test_the_printed_sheet_carries_the_recovery_key(qapp: object, tmp_path: Path) -> None:
    code = format_recovery_key(bytes(range(20)))
    text = recovery_document(code, tmp_path, date(2026, 11, 27)).toPlainText()
    assert code in text


@given(st.binary(min_size=20, max_size=20), st.sampled_from(["", " ", "-", "  "]),
       st.booleans())
def test_a_recovery_key_typed_back_matches_whatever_the_spacing_and_case(
    raw: bytes, separator: str, lower: bool,
) -> None:
    shown = format_recovery_key(raw)
    typed = shown.replace("-", separator)
    assert same_recovery_key(typed.lower() if lower else typed, shown)


def test_a_different_or_malformed_key_does_not_match() -> None:
    shown = format_recovery_key(bytes(20))
    assert not same_recovery_key(format_recovery_key(bytes([1] * 20)), shown)
    assert not same_recovery_key("", shown)
    with pytest.raises(WrongPassphrase):
        RecoveryKey("nonsense").raw()
