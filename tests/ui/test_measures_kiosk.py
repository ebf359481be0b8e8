"""Handing the laptop to the client: a full-screen questionnaire worked with the keyboard,
which shows no name from the practice and ends at the unlock screen, saved or stopped."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from practice.services.measures import list_measures
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ControllerFactory, wait_idle
from tests.ui.visible import answer, choose, click, dialog, find, open_tab
from ui.controller import AppController
from ui.navigation import go_to
from ui.screens.clients import ClientsScreen

NAMES = ("Alex", "Rivera", "Sam", "Okafor", "Jordan", "Blake")


def _practice(store_path: Path) -> tuple[int, int]:
    """A couple (Alex and Sam) and another client (Jordan) in the practice."""
    store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    try:
        alex = factories.client(store.sessions, "Alex Rivera")
        sam = factories.client(store.sessions, "Sam Okafor")
        jordan = factories.client(store.sessions, "Jordan Blake")
        factories.unit(store.sessions, "couple", alex, sam)
        factories.unit(store.sessions, "individual", jordan)
    finally:
        store.close()
    return alex, sam


def _alex_measures(qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
                   client_id: int) -> tuple[AppController, QWidget]:
    controller = make_controller(store_path)
    controller.window.show()
    controller.unlocked(Store.open(store_path, Passphrase(TEST_PASSPHRASE)))
    wait_idle(qtbot, controller.context)
    clients = go_to(controller.window.workspace, ClientsScreen)
    assert clients is not None
    clients.open_client(client_id)
    wait_idle(qtbot, controller.context)
    open_tab(qtbot, controller.window, "Measures")
    return controller, controller.window


def _everything_said(window: QWidget) -> str:
    """Every word the window shows or gives a screen reader."""
    said = [window.windowTitle(), window.accessibleName()]
    for widget in window.findChildren(QWidget):
        said += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, QLabel | QAbstractButton):
            said.append(widget.text())
    return "\n".join(said)


def _press(qtbot: QtBot, window: QWidget, key: Qt.Key) -> None:
    """A key pressed by the person at the keyboard: it goes to whatever has the focus."""
    focused = QApplication.focusWidget()
    target = focused if focused is not None and focused.window() is window else window
    qtbot.keyClick(target, key)


def _locked(controller: AppController) -> bool:
    passphrase = find(controller.window, QLineEdit, "Passphrase")
    return controller.context.store is None and passphrase.isVisible()


def test_the_client_answers_a_csi_full_screen_without_a_name_and_it_ends_locked(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    alex, sam = _practice(store_path)
    controller, window = _alex_measures(qtbot, make_controller, store_path, alex)
    choose(qtbot, window, "Measure to give", "CSI-4")
    choose(qtbot, window, "About partner", "Sam Okafor")
    click(qtbot, window, "Hand the laptop to the client")

    kiosk = dialog(qtbot, "Questionnaire")
    assert kiosk.isFullScreen() and kiosk.isModal()
    said = _everything_said(kiosk)
    assert not [name for name in NAMES if name in said]
    assert "Question 1 of 4" in said
    # Item 1 runs 0-6: "6" chosen, Enter; Backspace comes back to it with 6 still chosen.
    _press(qtbot, kiosk, Qt.Key.Key_6)
    _press(qtbot, kiosk, Qt.Key.Key_Return)
    assert "Question 2 of 4" in _everything_said(kiosk)
    _press(qtbot, kiosk, Qt.Key.Key_Backspace)
    assert find(kiosk, QAbstractButton, "6").isChecked()
    _press(qtbot, kiosk, Qt.Key.Key_Return)
    for key in (Qt.Key.Key_4, Qt.Key.Key_4):
        _press(qtbot, kiosk, key)
        _press(qtbot, kiosk, Qt.Key.Key_Return)
        assert not [name for name in NAMES if name in _everything_said(kiosk)]
    _press(qtbot, kiosk, Qt.Key.Key_Return)  # no answer yet: Enter does not go on
    assert "Question 4 of 4" in _everything_said(kiosk)
    _press(qtbot, kiosk, Qt.Key.Key_3)
    assert find(kiosk, QAbstractButton, "Finish").isEnabled()
    _press(qtbot, kiosk, Qt.Key.Key_Return)
    wait_idle(qtbot, controller.context)

    qtbot.waitUntil(lambda: _locked(controller), timeout=5000)
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible()]
    store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    try:
        stored = list_measures(store.sessions, alex)
    finally:
        store.close()
    assert [(m.name, m.partner_id, m.answers, m.total_text) for m in stored] == [
        ("CSI-4", sam, (6, 4, 4, 3), "17")]


def test_stopping_the_questionnaire_keeps_nothing_and_ends_locked(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    alex, _sam = _practice(store_path)
    controller, window = _alex_measures(qtbot, make_controller, store_path, alex)
    choose(qtbot, window, "Measure to give", "PHQ-9")
    assert not [box for box in window.findChildren(QComboBox)  # a PHQ-9 is about nobody else
                if box.isVisible() and box.accessibleName() == "About partner"]
    click(qtbot, window, "Hand the laptop to the client")
    kiosk = dialog(qtbot, "Questionnaire")
    said = _everything_said(kiosk)
    assert "Little interest or pleasure in doing things" in said  # PHQ-9 wording is free
    assert "1 — Several days" in said
    _press(qtbot, kiosk, Qt.Key.Key_1)
    _press(qtbot, kiosk, Qt.Key.Key_Return)

    kiosk.close()  # Alt+F4 or the window's close button: asked, never back unlocked
    answer(qtbot, "Cancel")
    assert kiosk.isVisible() and controller.context.store is not None
    _press(qtbot, kiosk, Qt.Key.Key_Escape)
    asked = answer(qtbot, "Stop")
    assert "will not be kept" in asked and not [name for name in NAMES if name in asked]

    qtbot.waitUntil(lambda: _locked(controller), timeout=5000)
    store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    try:
        assert list_measures(store.sessions, alex) == ()
    finally:
        store.close()


def test_a_lock_from_elsewhere_closes_the_questionnaire_unanswered(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    alex, _sam = _practice(store_path)
    controller, window = _alex_measures(qtbot, make_controller, store_path, alex)
    choose(qtbot, window, "Measure to give", "GAD-7")
    click(qtbot, window, "Hand the laptop to the client")
    kiosk = dialog(qtbot, "Questionnaire")
    _press(qtbot, kiosk, Qt.Key.Key_2)

    controller.lock()  # as the idle timer does
    wait_idle(qtbot, controller.context)

    assert _locked(controller)
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible()]
