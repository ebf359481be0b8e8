"""A practice set up in the wizard keeps time on the computer's clock, as ``practice init``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from practice.services.settings import load_profile
from tests.ui.conftest import ControllerFactory, wait_idle
from tests.ui.test_setup_wizard import _click, _start_setup, _through_to_recovery


def test_the_wizard_keeps_the_new_practice_on_the_computers_time_zone(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Pacific/Honolulu")
    controller, wizard = _start_setup(make_controller, tmp_path / "store")
    qtbot.addWidget(wizard)
    _through_to_recovery(qtbot, wizard)
    qtbot.keyClicks(wizard.recovery_page.typed, wizard.recovery_page.code.text())
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    wait_idle(qtbot, controller.context)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.keyClicks(wizard.profile_page.form.practice_name, "Harbour Light Therapy")
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    wait_idle(qtbot, controller.context)

    store = controller.context.store
    assert store is not None
    profile = load_profile(store.sessions)
    assert profile.time_zone == "Pacific/Honolulu"
    assert profile.practice_name == "Harbour Light Therapy"
    controller.lock()
    wait_idle(qtbot, controller.context)
