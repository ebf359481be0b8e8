"""A new therapist adds, edits, discharges and (when entered by mistake) deletes clients.

Each test starts from the setup wizard's empty store and drives only visible controls
(the steps in ``tests.ui.first_week.clients``); the store is then read through the core.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from practice.services.clients import ChannelSafety, get_client, list_clients, status_history
from practice.services.settings import load_profile
from practice.services.units import create_unit
from tests.ui.conftest import ControllerFactory, wait_idle
from tests.ui.first_week.app import fresh_practice, go_to
from tests.ui.first_week.clients import (
    IDENTITY_TAB,
    change_status,
    delete_entered_by_mistake,
    edit_client,
    listed,
    new_client,
    open_chart,
)
from tests.ui.visible import answer, choose, click, dialog, find, open_tab, type_into
from ui.controller import AppController


def _clients(controller: AppController) -> dict[str, int]:
    store = controller.context.store
    assert store is not None
    return {c.display_name: c.id for c in list_clients(store.sessions)}


def _zone(controller: AppController) -> str:
    store = controller.context.store
    assert store is not None
    return load_profile(store.sessions).time_zone


def _open_dialogs() -> list[str]:
    return [w.windowTitle() for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible()]


def test_the_empty_list_offers_the_first_client_and_the_chart_opens_once_saved(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    go_to(qtbot, window, "Clients")
    sentence = find(window, QLabel, "Nothing here yet", qtbot=qtbot)
    assert sentence.text().startswith("No clients yet")
    assert listed(window) == []  # the empty state stands in for the table
    empty_state = sentence.parentWidget()
    assert empty_state is not None
    click(qtbot, empty_state, "New client")
    form = dialog(qtbot, "New client")
    # The wizard's licence state and the practice's zone are already filled in.
    state = find(form, QLineEdit, "State")
    qtbot.waitUntil(lambda: state.text() == "TX", timeout=5000)
    assert find(form, QComboBox, "Time zone").currentText() == _zone(controller)
    click(qtbot, form, "Cancel")  # nothing typed: closes without asking
    qtbot.waitUntil(lambda: "New client" not in _open_dialogs(), timeout=5000)

    new_client(qtbot, window, "Robert Ångström", chosen_name="Robin", pronouns="they/them",
               gender_identity="non-binary", date_of_birth=date(1991, 7, 14),
               email="robin@example.org", emergency_name="Ana Ångström",
               emergency_phone="+1 512 555 0101", emergency_relationship="sister",
               channels={"Email": "Initials only", "Post": "R. A., household"})

    assert "Robin" in find(window, QLabel, "Client").text()
    store = controller.context.store
    assert store is not None
    robin = get_client(store.sessions, _clients(controller)["Robin"])
    assert robin.details.legal_name == "Robert Ångström"
    assert robin.details.emergency_name == "Ana Ångström"
    assert (robin.details.state, robin.details.time_zone) == ("TX", _zone(controller))
    assert robin.channel("email") == ChannelSafety("email", True, "initials")
    assert robin.channel("post") == ChannelSafety("post", True, "custom", "R. A., household")
    assert not robin.channel("voicemail").safe
    click(qtbot, window, "← Clients")
    qtbot.waitUntil(lambda: listed(window) == ["Robin"], timeout=5000)


def test_ctrl_n_opens_the_intake_form_on_the_clients_screen_only(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    window.activateWindow()
    go_to(qtbot, window, "Today")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, controller.context)
    assert "New client" not in _open_dialogs()
    go_to(qtbot, window, "Clients")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = dialog(qtbot, "New client")
    type_into(qtbot, form, "Legal name", "Kai Lindqvist")
    form.activateWindow()  # what the window manager does with a new dialog
    qtbot.waitUntil(form.isActiveWindow, timeout=5000)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    assert list(_clients(controller)) == ["Kai Lindqvist"]


def test_details_are_edited_from_the_chart_and_the_chart_and_list_show_them(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    new_client(qtbot, window, "Jonathan Smith", pronouns="he/him")
    edit_client(qtbot, window, "Jonathan Smith", chosen_name="Jo", pronouns="they/them",
                channels={"Text": "Chosen name"})

    find(window, QLabel, "Client", qtbot=qtbot)
    qtbot.waitUntil(lambda: "they/them" in find(window, QLabel, "Client").text(), timeout=5000)
    open_chart(qtbot, window, "Jo")
    store = controller.context.store
    assert store is not None
    jo = get_client(store.sessions, _clients(controller)["Jo"])
    assert (jo.details.legal_name, jo.details.pronouns) == ("Jonathan Smith", "they/them")
    assert jo.channel("text") == ChannelSafety("text", True, "chosen")


def test_a_discharge_is_dated_and_kept_in_the_status_history(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    today = date.today()
    new_client(qtbot, window, "Ana Diaz")
    change_status(qtbot, window, "Ana Diaz", "Inactive", today)
    change_status(qtbot, window, "Ana Diaz", "Discharged", today + timedelta(days=30))

    history = find(window, QListWidget, "Status history", qtbot=qtbot)
    qtbot.waitUntil(lambda: history.count() == 3, timeout=5000)
    assert [history.item(i).text() for i in range(3)] == [
        f"{(today + timedelta(days=30)).isoformat()} · Discharged",
        f"{today.isoformat()} · Inactive", f"{today.isoformat()} · Active"]
    # A date before the current status began is refused beside the date, nothing stored.
    click(qtbot, window, "Change status")
    form = dialog(qtbot, "Change status")
    choose(qtbot, form, "Status", "Active")
    type_into(qtbot, form, "Status date", today.isoformat())
    click(qtbot, form, "Save")
    problem = find(form, QLabel, "Status date: problem", qtbot=qtbot)
    assert problem.text() == "Status date is before the current status began."
    click(qtbot, form, "Cancel")  # what it offered was not changed: closes without asking
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    store = controller.context.store
    assert store is not None
    ana = _clients(controller)["Ana Diaz"]
    assert [c.status for c in status_history(store.sessions, ana)] == [
        "active", "inactive", "discharged"]


def test_a_client_entered_by_mistake_today_is_deleted_after_a_question(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    new_client(qtbot, window, "Blake Kept")
    new_client(qtbot, window, "Mistaken Entry")
    open_chart(qtbot, window, "Mistaken Entry")
    open_tab(qtbot, window, IDENTITY_TAB)
    click(qtbot, window, "Delete — entered by mistake")
    assert "entered by mistake today" in answer(qtbot, "Cancel")
    assert set(_clients(controller)) == {"Blake Kept", "Mistaken Entry"}

    delete_entered_by_mistake(qtbot, window, "Mistaken Entry")
    assert list(_clients(controller)) == ["Blake Kept"]
    type_into(qtbot, window, "Filter clients by name", "")
    qtbot.waitUntil(lambda: listed(window) == ["Blake Kept"], timeout=5000)


def test_a_client_with_a_unit_is_not_deleted_and_the_refusal_says_to_discharge(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    new_client(qtbot, window, "Sam Okafor")
    store = controller.context.store
    assert store is not None
    create_unit(store.sessions, "individual", [_clients(controller)["Sam Okafor"]],
                opened_on=date.today())
    open_chart(qtbot, window, "Sam Okafor")
    open_tab(qtbot, window, IDENTITY_TAB)
    click(qtbot, window, "Delete — entered by mistake")
    answer(qtbot, "Delete")
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible()
                                and "discharged" in w.text()
                                for w in QApplication.topLevelWidgets()), timeout=5000)
    told = answer(qtbot, "OK")
    assert told.startswith("This client already belongs to a care unit")
    assert list(_clients(controller)) == ["Sam Okafor"]
    assert "Sam Okafor" in find(window, QLabel, "Client").text()  # still on the chart
