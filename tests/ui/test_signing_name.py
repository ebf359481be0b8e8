"""Signing on a store made without practice details: the name is asked for where it is needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from practice.errors import ValidationError
from practice.services import notes
from practice.services.settings import load_profile
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ControllerFactory, wait_idle
from tests.ui.first_week.app import go_to
from tests.ui.visible import answer, click, dialog, find, type_into
from ui.controller import AppController
from ui.screens.clients import ClientsScreen
from ui.screens.letters.empty import NO_WRITER
from ui.screens.notes.signer import NAME_TITLE, signer
from ui.setup.state import SetupState
from ui.setup.wizard import ProfilePage
from ui.widgets.profile_form import NAME_NEEDED


def _draft_note(store_path: Path) -> tuple[int, int]:
    """A client and a draft note in a store made as ``practice init`` makes it: no profile."""
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        assert load_profile(store.sessions).therapist_name == ""
        lee = factories.client(store.sessions, "Lee Okafor")
        note = factories.draft(store.sessions, factories.unit(store.sessions, "individual", lee))
        return lee, note.id


def _unlocked(qtbot: QtBot, make_controller: ControllerFactory, store_path: Path
              ) -> AppController:
    controller = make_controller(store_path)
    controller.start()
    qtbot.keyClicks(controller.window.unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(controller.window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    wait_idle(qtbot, controller.context)
    return controller


def _open_note(qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
               note_id: int) -> AppController:
    controller = _unlocked(qtbot, make_controller, store_path)
    go_to(qtbot, controller.window, "Clients")
    workspace = controller.window.workspace
    assert workspace is not None
    workspace.section(ClientsScreen).open_note(note_id)  # the notes' own steps open it too
    wait_idle(qtbot, controller.context)
    return controller


def test_signing_without_a_name_asks_for_it_saves_it_to_the_practice_and_signs(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    _client, note_id = _draft_note(store_path)
    controller = _open_note(qtbot, make_controller, store_path, note_id)
    click(qtbot, controller.window, "Sign note…")
    form = dialog(qtbot, NAME_TITLE)
    why = find(form, QLabel, "Why your name is asked")
    assert "Settings → Practice details" in why.text()

    click(qtbot, form, "Save")  # nothing typed: refused beside the field, nothing signed
    problem = find(form, QLabel, "Your name: problem", qtbot=qtbot)
    assert problem.text() == "Your name is required to sign."
    type_into(qtbot, form, "Your name", "Dr. Ada Rivera")
    type_into(qtbot, form, "Credentials", "PhD, CST")
    click(qtbot, form, "Save")
    asked = answer(qtbot, "Sign")
    wait_idle(qtbot, controller.context)
    assert asked.startswith("Sign this note?")

    store = controller.context.store
    assert store is not None
    signature = notes.get_note(store.sessions, note_id).signature
    assert signature is not None and signature.signed_by == "Dr. Ada Rivera, PhD, CST"
    assert load_profile(store.sessions).therapist_name == "Dr. Ada Rivera"
    go_to(qtbot, controller.window, "Settings")  # the name now lives where the form said
    field = find(controller.window, QLineEdit, "Your name, as it appears on letters",
                 qtbot=qtbot)
    qtbot.waitUntil(lambda: field.text() == "Dr. Ada Rivera", timeout=5000)


def test_the_name_form_sends_the_therapist_to_settings_and_signs_nothing_meanwhile(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    _client, note_id = _draft_note(store_path)
    controller = _open_note(qtbot, make_controller, store_path, note_id)
    click(qtbot, controller.window, "Sign note…")
    form = dialog(qtbot, NAME_TITLE)
    click(qtbot, form, "Open Settings → Practice details")
    window = controller.window
    qtbot.waitUntil(lambda: window.workspace is not None
                    and window.workspace.current.title == "Settings", timeout=5000)
    assert not form.isVisible()
    field = find(window, QLineEdit, "Your name, as it appears on letters", qtbot=qtbot)
    qtbot.waitUntil(lambda: window.focusWidget() is field, timeout=5000)  # the cursor waits there
    store = controller.context.store
    assert store is not None
    assert not notes.get_note(store.sessions, note_id).is_signed

    type_into(qtbot, window, "Your name, as it appears on letters", "Dr. Ada Rivera")
    click(qtbot, window, "Save practice details")
    wait_idle(qtbot, controller.context)
    assert signer(store.sessions) == "Dr. Ada Rivera"


def test_a_signature_with_no_name_saved_says_where_the_name_lives(store: Store) -> None:
    with pytest.raises(ValidationError, match="Settings → Practice details"):
        signer(store.sessions)


def test_the_wizard_says_the_name_is_needed_to_sign_and_where_it_lives(
    qtbot: QtBot, tmp_path: Path,
) -> None:
    page = ProfilePage(SetupState(tmp_path / "store"))
    qtbot.addWidget(page)
    page.show()
    assert "Your name is needed to sign notes and letters" in page.subTitle()
    assert "Settings → Practice details" in page.subTitle()
    note = find(page, QLabel, "What your name is for")
    assert note.text() == NAME_NEEDED and "sign notes and letters" in NAME_NEEDED


def test_letters_on_a_store_without_practice_details_say_so_and_open_settings(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    _draft_note(store_path)
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        factories.provider(store.sessions, "Anna Kowalski")
    controller = _unlocked(qtbot, make_controller, store_path)
    window = controller.window
    go_to(qtbot, window, "Letters")
    said = find(window, QLabel, "Nothing here yet", qtbot=qtbot)
    qtbot.waitUntil(lambda: said.text() == NO_WRITER, timeout=5000)
    click(qtbot, window, "Open Settings → Practice details")
    qtbot.waitUntil(lambda: window.workspace is not None
                    and window.workspace.current.title == "Settings", timeout=5000)
    field = find(window, QLineEdit, "Your name, as it appears on letters", qtbot=qtbot)
    qtbot.waitUntil(lambda: window.focusWidget() is field, timeout=5000)


def test_a_name_typed_in_the_sign_form_is_not_thrown_away_without_asking(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    _client, note_id = _draft_note(store_path)
    controller = _open_note(qtbot, make_controller, store_path, note_id)
    click(qtbot, controller.window, "Sign note…")
    form = dialog(qtbot, NAME_TITLE)
    type_into(qtbot, form, "Your name", "Dr. Ada Rivera")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    asked = answer(qtbot, "Cancel")  # keep typing
    assert asked.startswith("Discard what you typed")
    assert form.isVisible() and find(form, QLineEdit, "Your name").text() == "Dr. Ada Rivera"

    qtbot.keyClick(form, Qt.Key.Key_Escape)
    answer(qtbot, "Discard")
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    store = controller.context.store
    assert store is not None
    assert load_profile(store.sessions).therapist_name == ""  # nothing saved, nothing signed
    assert not notes.get_note(store.sessions, note_id).is_signed
