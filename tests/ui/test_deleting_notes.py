"""The only deletions of notes: drafts never signed, and the therapist's own process notes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QListWidget
from pytestqt.qtbot import QtBot

from practice.services import psychotherapy
from practice.services.clients import ClientDetails, create_client
from practice.services.notes import get_note, list_notes
from practice.services.units import create_unit
from tests.ui.conftest import ControllerFactory
from tests.ui.first_week.app import fresh_practice
from tests.ui.first_week.notes_schedule import new_psychotherapy_note, open_chart
from tests.ui.visible import TIMEOUT, answer, choose, click, find, open_tab, type_into
from ui.controller import AppController
from ui.screens.notes.addendum import DISCARD_QUESTION as DISCARD_ADDENDUM
from ui.screens.notes.editor import DELETE_QUESTION as DELETE_DRAFT
from ui.screens.notes.psychotherapy import DELETE_QUESTION as DESTROY_PROCESS_NOTE

CLIENT = "Robin Hale"


def _practice(qtbot: QtBot, make_controller: ControllerFactory, folder: Path,
              ) -> tuple[AppController, int]:
    controller = fresh_practice(qtbot, make_controller, folder)
    store = controller.context.store
    assert store is not None
    robin = create_client(store.sessions, ClientDetails(legal_name=CLIENT)).id
    unit = create_unit(store.sessions, "individual", [robin], opened_on=date.today()).id
    return controller, unit


def _visible(window: object, words: str) -> bool:
    return any(b.isVisible() and b.text() == words
               for b in window.findChildren(QAbstractButton))  # type: ignore[attr-defined]


def test_a_draft_note_is_deleted_after_a_question_and_a_signed_one_offers_no_delete(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, unit = _practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    open_chart(qtbot, window, CLIENT)
    open_tab(qtbot, window, "Notes")
    choose(qtbot, window, "Unit of the new note", CLIENT)
    click(qtbot, window, "New progress note")
    type_into(qtbot, window, "Subjective", "Started by mistake on the wrong client.")
    click(qtbot, window, "Delete draft…")
    assert answer(qtbot, "Delete draft") == DELETE_DRAFT
    notes_list = find(window, QListWidget, "Progress notes, newest first", qtbot=qtbot)
    store = controller.context.store
    assert store is not None
    qtbot.waitUntil(lambda: list_notes(store.sessions, unit_id=unit) == (), timeout=TIMEOUT)
    assert notes_list.count() == 0

    click(qtbot, window, "New progress note")
    type_into(qtbot, window, "Subjective", "Kept and signed.")
    click(qtbot, window, "Sign note…")
    answer(qtbot, "Sign")
    qtbot.waitUntil(lambda: not _visible(window, "Sign note…"), timeout=TIMEOUT)
    assert not _visible(window, "Delete draft…")  # a signed note is never deleted
    (kept,) = list_notes(store.sessions, unit_id=unit)
    assert kept.status == "signed"

    click(qtbot, window, "Add addendum")
    type_into(qtbot, window, "Addendum", "A correction I thought better of.")
    click(qtbot, window, "Discard addendum…")
    assert answer(qtbot, "Discard addendum") == DISCARD_ADDENDUM
    qtbot.waitUntil(lambda: _visible(window, "Add addendum"), timeout=TIMEOUT)
    assert get_note(store.sessions, kept.id).addenda == ()


def test_a_psychotherapy_note_can_be_destroyed_by_the_therapist(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, unit = _practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    new_psychotherapy_note(qtbot, window, CLIENT, "A passing thought, not worth keeping.")
    listing = find(window, QListWidget, "Psychotherapy notes", qtbot=qtbot)
    first = listing.visualItemRect(listing.item(0)).center()
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.keyClick(listing, Qt.Key.Key_Return)  # opens it, as a double-click does
    click(qtbot, window, "Delete note…")
    assert answer(qtbot, "Delete note") == DESTROY_PROCESS_NOTE
    store = controller.context.store
    assert store is not None
    qtbot.waitUntil(lambda: psychotherapy.list_psychotherapy_notes(store.sessions, unit) == (),
                    timeout=TIMEOUT)
    qtbot.waitUntil(lambda: listing.count() == 0, timeout=TIMEOUT)
