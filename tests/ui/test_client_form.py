"""The intake form: the core's refusals beside their fields, contact safety, and the guard."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from practice.services.clients import (
    ChannelSafety,
    ClientDetails,
    ClientView,
    create_client,
    get_client,
    list_clients,
)
from practice.services.settings import Licence, PracticeProfile, save_profile
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import ContextFactory, wait_idle
from tests.ui.test_accessibility import _unnamed_inputs
from tests.ui.visible import answer, choose, click, find, type_into
from ui.context import AppContext
from ui.widgets.client_form import ClientForm
from ui.widgets.record_form import DISCARD_QUESTION


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> AppContext:
    context = make_context(store_path)
    context.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    save_profile(context.store.sessions, PracticeProfile(
        therapist_name="Dr. Morgan Ellis", time_zone="America/Denver",
        licences=(Licence("CO", "LPC-77"), Licence("TX", "LMFT-4411"))))
    return context


def _open(qtbot: QtBot, context: AppContext, client: ClientView | None = None) -> ClientForm:
    form = ClientForm(context, client)
    qtbot.addWidget(form)
    wait_idle(qtbot, context)
    return form


def _problem(form: ClientForm, label: str) -> str:
    """The problem shown under a field ("" when none is shown)."""
    named = [w for w in form.findChildren(QLabel) if w.accessibleName() == f"{label}: problem"]
    assert len(named) == 1
    return named[0].text() if named[0].isVisible() else ""


def _stored(context: AppContext) -> list[str]:
    assert context.store is not None
    return [c.display_name for c in list_clients(context.store.sessions)]


def test_a_new_client_starts_in_the_practices_state_and_zone_and_is_stored_with_safety(
        qtbot: QtBot, context: AppContext) -> None:
    form = _open(qtbot, context)
    assert form.windowTitle() == "New client"
    assert find(form, QLineEdit, "State").text() == "CO"
    assert form.time_zone.currentText() == "America/Denver"
    assert not form.changed, "the practice's defaults are not something the user typed"
    type_into(qtbot, form, "Legal name", "Jonathan Smith")
    type_into(qtbot, form, "Chosen name", "Jo")
    type_into(qtbot, form, "Pronouns", "they/them")
    type_into(qtbot, form, "Date of birth", "05/01/1990")
    click(qtbot, form, "Text: safe to use")
    choose(qtbot, form, "Text: name shown", "Initials only")
    click(qtbot, form, "Post: safe to use")
    choose(qtbot, form, "Post: name shown", "Custom name")
    type_into(qtbot, form, "Post: custom name", "J. Smith, book club")
    with qtbot.wait_signal(form.saved, timeout=5000) as saved:
        click(qtbot, form, "Save")
    view = saved.args[0]
    assert isinstance(view, ClientView)
    assert context.store is not None
    stored = get_client(context.store.sessions, view.id)
    assert stored.details.date_of_birth == date(1990, 5, 1)
    assert (stored.details.state, stored.details.time_zone) == ("CO", "America/Denver")
    assert stored.channel("text") == ChannelSafety("text", True, "initials")
    assert stored.channel("post") == ChannelSafety("post", True, "custom",
                                                   "J. Smith, book club")
    assert not stored.channel("voicemail").safe


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("Legal name", "", "Legal name is required."),
        ("Email", "jo at home", "Email is not an email address."),
        ("Date of birth", "1990-02-30", "Date of birth is not a date that exists."),
        ("Date of birth", "2990-02-03", "Date of birth must be a past date after 1900."),
        ("State", "ZZ", "State must be a two-letter US state or territory code."),
        ("Emergency contact phone", "ring her", "Emergency contact phone is not a phone number."),
    ],
)
def test_a_refused_field_is_explained_beside_it_and_nothing_is_stored(
        qtbot: QtBot, context: AppContext, field: str, typed: str, message: str) -> None:
    form = _open(qtbot, context)
    if field == "Legal name":
        type_into(qtbot, form, "Pronouns", "she/her")  # everything but the name
    else:
        type_into(qtbot, form, "Legal name", "Ana Garcia")
        type_into(qtbot, form, field, typed)
    click(qtbot, form, "Save")
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: bool(_problem(form, field)), timeout=5000)
    assert _problem(form, field) == message
    assert form.isVisible() and _stored(context) == []


def test_a_custom_name_style_without_a_name_is_explained_beside_that_channel(
        qtbot: QtBot, context: AppContext) -> None:
    form = _open(qtbot, context)
    type_into(qtbot, form, "Legal name", "Ana Garcia")
    click(qtbot, form, "Voicemail: safe to use")
    choose(qtbot, form, "Voicemail: name shown", "Custom name")
    click(qtbot, form, "Save")
    assert _problem(form, "Voicemail: custom name") == "Name shown is required when it is custom."
    assert _problem(form, "Legal name") == ""
    assert form.isVisible() and _stored(context) == []


def test_cancelling_a_typed_intake_asks_before_discarding(
        qtbot: QtBot, context: AppContext) -> None:
    form = _open(qtbot, context)
    type_into(qtbot, form, "Legal name", "Ana Garcia")
    click(qtbot, form, "Cancel")
    assert answer(qtbot, "Cancel") == DISCARD_QUESTION
    assert form.isVisible()
    assert find(form, QLineEdit, "Legal name").text() == "Ana Garcia"
    click(qtbot, form, "Cancel")
    answer(qtbot, "Discard")
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    assert _stored(context) == []


def test_editing_a_client_keeps_what_was_not_changed_and_records_safety(
        qtbot: QtBot, context: AppContext) -> None:
    assert context.store is not None
    view = create_client(context.store.sessions, ClientDetails(
        legal_name="Robert Angstrom", chosen_name="Robin", pronouns="they/them",
        state="TX", time_zone="America/Chicago"))
    form = _open(qtbot, context, view)
    assert form.windowTitle() == "Edit client"
    assert find(form, QLineEdit, "State").text() == "TX"
    assert form.time_zone.currentText() == "America/Chicago"
    assert not form.changed
    type_into(qtbot, form, "Pronouns", "he/they")
    click(qtbot, form, "Email: safe to use")
    with qtbot.wait_signal(form.saved, timeout=5000):
        click(qtbot, form, "Save")
    stored = get_client(context.store.sessions, view.id)
    assert stored.details.pronouns == "he/they"
    assert stored.details.legal_name == "Robert Angstrom"
    assert stored.channel("email") == ChannelSafety("email", True, "none")


def test_every_input_of_the_intake_form_has_a_name_a_screen_reader_can_say(
        qtbot: QtBot, context: AppContext) -> None:
    form = _open(qtbot, context)
    assert _unnamed_inputs(form) == []


def test_a_lock_before_the_practices_defaults_arrive_loses_nothing(
        qtbot: QtBot, make_controller: Any, store_path: Path) -> None:
    """The form asks again after the unlock, keeps what was typed, and saves."""
    controller = make_controller(store_path)
    controller.unlocked(Store.open(store_path, Passphrase(TEST_PASSPHRASE)))
    context = controller.context
    assert context.store is not None
    save_profile(context.store.sessions, PracticeProfile(licences=(Licence("LA", "L-1"),)))
    wait_idle(qtbot, context)
    form = ClientForm(context)
    qtbot.addWidget(form)
    qtbot.keyClicks(find(form, QLineEdit, "Legal name"), "Typed before the lock")
    controller.lock()  # before the defaults' answer was delivered: it never will be
    assert not form.isVisible()

    controller.unlocked(Store.open(store_path, Passphrase(TEST_PASSPHRASE)))
    wait_idle(qtbot, context)
    assert form.isVisible()
    assert find(form, QLineEdit, "Legal name").text() == "Typed before the lock"
    assert find(form, QLineEdit, "State").text() == "LA"
    with qtbot.wait_signal(form.saved, timeout=5000):
        click(qtbot, form, "Save")
    assert _stored(context) == ["Typed before the lock"]


def test_tab_moves_through_the_intake_form_in_reading_order(
        qtbot: QtBot, context: AppContext) -> None:
    form = _open(qtbot, context)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=5000)
    visited = []
    for _ in range(16):
        focused = QApplication.focusWidget()
        assert focused is not None
        visited.append(focused.accessibleName())
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    # Left column, then how to reach the client, then the channels (their name choices
    # are skipped while a channel is not marked safe).
    assert visited == [
        "Legal name", "Chosen name", "Pronouns", "Gender identity", "Date of birth", "State",
        "Time zone", "Phone", "Email", "Address", "Emergency contact",
        "Emergency contact phone", "Emergency contact relationship", "Phone: safe to use",
        "Voicemail: safe to use", "Text: safe to use"]
