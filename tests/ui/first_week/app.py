"""A new therapist's first run: the setup wizard, driven only through what it shows.

``fresh_practice`` ends on the unlocked workspace of an empty store (no demo records), which
is where every first-week step starts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard
from pytestqt.qtbot import QtBot

from tests.ui.visible import TIMEOUT, click, find, pick_row, type_into
from ui.controller import AppController
from ui.window import MainWindow

PASSPHRASE = "saffron kettle meadow 1987 blue"
THERAPIST = "Dr. Morgan Ellis"


def _next(qtbot: QtBot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    qtbot.waitUntil(button.isEnabled, timeout=TIMEOUT)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fresh_practice(qtbot: QtBot, make_controller: Callable[..., AppController],
                   store_dir: Path, *, therapist: str = THERAPIST) -> AppController:
    """Run the setup wizard as a new user would; return the controller, store unlocked.

    Args:
        qtbot: The test's bot.
        make_controller: The ``make_controller`` fixture.
        store_dir: Where the new store goes (need not exist).
        therapist: The name typed where the wizard asks for it.
    """
    controller = make_controller(store_dir)
    controller.start()
    wizard = controller.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    _next(qtbot, wizard, QWizard.WizardButton.NextButton)  # the suggested folder
    type_into(qtbot, wizard, "Passphrase", PASSPHRASE)
    type_into(qtbot, wizard, "Type it again", PASSPHRASE)
    _next(qtbot, wizard, QWizard.WizardButton.NextButton)
    shown_code = find(wizard, QLabel, "Recovery key", qtbot=qtbot, timeout=15000)
    qtbot.waitUntil(lambda: bool(shown_code.text()), timeout=TIMEOUT)
    code = shown_code.text()
    type_into(qtbot, wizard, "Type the recovery key back", code)
    _next(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: not controller.context.ops.busy, timeout=TIMEOUT)
    _next(qtbot, wizard, QWizard.WizardButton.NextButton)  # keychain: leave as offered
    type_into(qtbot, wizard, "Practice name", "Harbour Light Therapy")
    type_into(qtbot, wizard, "Your name, as it appears on letters", therapist)
    type_into(qtbot, wizard, "Credentials", "PhD, LMFT, CST")
    type_into(qtbot, wizard, "Licence state", "TX")
    type_into(qtbot, wizard, "Licence number", "LMFT-4411")
    click(qtbot, wizard, "Add licence")
    _next(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not controller.context.ops.busy, timeout=TIMEOUT)
    return controller


def go_to(qtbot: QtBot, window: MainWindow, section: str) -> None:
    """Open a section from the sidebar ("Clients", "Units", "Schedule", ...)."""
    pick_row(qtbot, window, "Sections", section)
    qtbot.waitUntil(lambda: window.workspace is not None
                    and window.workspace.current.title == section, timeout=TIMEOUT)
