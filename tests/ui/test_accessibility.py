"""Every input has a name a screen reader can say, on every screen and setup page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import ControllerFactory, wait_idle

_INPUTS = (QLineEdit, QPlainTextEdit, QAbstractSpinBox, QAbstractItemView)


def _unnamed_inputs(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        # A spin box's own line edit and a table's headers are named through their owner.
        part_of_another = isinstance(widget.parent(), QAbstractSpinBox) or isinstance(
            widget, QHeaderView)
        if isinstance(widget, _INPUTS) and not part_of_another and not widget.accessibleName():
            missing.append(f"{type(widget).__name__} in {type(widget.parent()).__name__}")
    return missing


def test_the_unlock_screen_and_every_section_name_their_inputs(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    controller = make_controller(store_path)
    controller.start()
    assert _unnamed_inputs(controller.window) == []
    qtbot.keyClicks(controller.window.unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(controller.window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    wait_idle(qtbot, controller.context)
    assert _unnamed_inputs(controller.window) == []


def test_every_setup_page_names_its_inputs(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    controller = make_controller(tmp_path / "store")
    controller.start()
    assert controller.wizard is not None
    qtbot.addWidget(controller.wizard)
    assert _unnamed_inputs(controller.wizard) == []
