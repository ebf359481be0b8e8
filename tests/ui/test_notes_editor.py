"""Writing, autosaving, signing and amending a note; psychotherapy notes kept apart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from practice.services import notes, psychotherapy
from practice.services.settings import PracticeProfile, save_profile
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ContextFactory, wait_idle
from ui.context import AppContext
from ui.screens.chart.view import PRIVATE_BANNER
from ui.screens.clients import ClientsScreen
from ui.screens.notes.psychotherapy import TITLE as PRIVATE_TITLE
from ui.screens.notes.signer import SigningNameForm


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> Iterator[AppContext]:
    """A context with the test's store open and the therapist's profile saved."""
    made = make_context(store_path)
    made.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    save_profile(made.store.sessions, PracticeProfile(therapist_name="Dr. Ada Rivera",
                                                      credentials="PhD, CST"))
    yield made


def _confirm(qtbot: QtBot, owner: QWidget, button_text: str = "Sign") -> None:
    """Answer the open confirmation question with its confirming button."""
    def question() -> QMessageBox | None:
        return next((b for b in owner.findChildren(QMessageBox) if b.isVisible()), None)

    qtbot.waitUntil(lambda: question() is not None, timeout=2000)
    box = question()
    assert box is not None
    button = next(b for b in box.buttons() if b.text() == button_text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _screen_with_chart(qtbot: QtBot, context: AppContext, client_id: int) -> ClientsScreen:
    screen = ClientsScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.open_client(client_id)
    wait_idle(qtbot, context)
    return screen


def test_a_note_is_typed_autosaved_signed_and_amended(qtbot: QtBot, context: AppContext) -> None:
    assert context.store is not None
    sessions = context.store.sessions
    robin = factories.client(sessions, "Robin Ångström")
    factories.unit(sessions, "individual", robin)
    screen = _screen_with_chart(qtbot, context, robin)
    chart, editor = screen.chart, screen.editor
    chart.format_choice.setCurrentIndex(chart.format_choice.findData("soap"))
    qtbot.mouseClick(chart.new_note, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert screen.pages.currentWidget() is editor and editor.note is not None
    note_id = editor.note.id
    assert list(editor.editors) == ["subjective", "objective", "assessment", "plan", "risk"]

    qtbot.keyClicks(editor.editors["subjective"], "Less pain with dilators.")
    qtbot.keyClicks(editor.editors["plan"], "Continue weekly.")
    # Never pressed Save: the draft reaches the store after the typing pause.
    qtbot.waitUntil(lambda: notes.get_note(sessions, note_id).section("plan")
                    == "Continue weekly.", timeout=4000)
    assert notes.get_note(sessions, note_id).section("subjective") == "Less pain with dilators."

    qtbot.mouseClick(editor.sign, Qt.MouseButton.LeftButton)
    _confirm(qtbot, editor)
    wait_idle(qtbot, context)
    signed = notes.get_note(sessions, note_id)
    assert signed.is_signed and signed.signature is not None
    assert signed.signature.signed_by == "Dr. Ada Rivera, PhD, CST"
    assert all(e.isReadOnly() for e in editor.editors.values())
    assert editor.sign.isHidden() and not editor.add_addendum.isHidden()

    qtbot.mouseClick(editor.add_addendum, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    panel = editor.addendum
    assert not panel.isHidden()
    qtbot.keyClicks(panel.text, "Plan is fortnightly, not weekly.")
    qtbot.waitUntil(lambda: notes.get_note(sessions, note_id).addenda[0].body
                    == "Plan is fortnightly, not weekly.", timeout=4000)
    qtbot.mouseClick(panel.sign, Qt.MouseButton.LeftButton)
    _confirm(qtbot, panel)
    wait_idle(qtbot, context)

    amended = notes.get_note(sessions, note_id)
    assert [a.is_signed for a in amended.addenda] == [True]
    assert amended.section("plan") == "Continue weekly."  # the original never changes
    assert "fortnightly" in editor.addenda.toPlainText() and panel.isHidden()
    assert notes.verify_note(sessions, note_id)


def test_declining_the_confirmation_leaves_the_note_a_draft(
    qtbot: QtBot, context: AppContext,
) -> None:
    assert context.store is not None
    sessions = context.store.sessions
    lee = factories.client(sessions, "Lee")
    note = factories.draft(sessions, factories.unit(sessions, "individual", lee))
    screen = _screen_with_chart(qtbot, context, lee)
    screen.open_note(note.id)
    wait_idle(qtbot, context)
    qtbot.mouseClick(screen.editor.sign, Qt.MouseButton.LeftButton)
    _confirm(qtbot, screen.editor, "Cancel")
    wait_idle(qtbot, context)
    assert not notes.get_note(sessions, note.id).is_signed


def test_save_drafts_writes_typing_still_waiting_for_its_pause(
    qtbot: QtBot, context: AppContext,
) -> None:
    """The lock calls save_drafts(): nothing typed is lost to the debounce."""
    assert context.store is not None
    sessions = context.store.sessions
    lee = factories.client(sessions, "Lee")
    note = factories.draft(sessions, factories.unit(sessions, "individual", lee), text="")
    screen = _screen_with_chart(qtbot, context, lee)
    screen.open_note(note.id)
    wait_idle(qtbot, context)
    qtbot.keyClicks(screen.editor.editors["body"], "Typed just before the lock.")
    assert screen.editor.autosave.pending

    screen.save_drafts()
    screen.clear()

    assert notes.get_note(sessions, note.id).section("body") == "Typed just before the lock."
    assert screen.editor.editors == {} and screen.editor.note is None


def test_a_psychotherapy_note_is_marked_private_and_autosaved(
    qtbot: QtBot, context: AppContext,
) -> None:
    assert context.store is not None
    sessions = context.store.sessions
    kai = factories.client(sessions, "Kai")
    unit = factories.unit(sessions, "individual", kai)
    screen = _screen_with_chart(qtbot, context, kai)
    qtbot.mouseClick(screen.chart.new_private, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    private = screen.private_editor
    assert screen.pages.currentWidget() is private
    assert PRIVATE_TITLE in private.title.text()
    assert private.banner.text() == PRIVATE_BANNER and private.banner.isVisible()

    qtbot.keyClicks(private.text, "My own process thoughts.")
    (made,) = psychotherapy.list_psychotherapy_notes(sessions, unit)
    qtbot.waitUntil(lambda: psychotherapy.get_psychotherapy_note(sessions, made.id).body
                    == "My own process thoughts.", timeout=4000)
    qtbot.mouseClick(private.back, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert screen.chart.private_list.count() == 1
    assert screen.chart.timeline.count() == 0  # never mixed into the progress notes


def test_signing_without_a_signing_name_asks_for_it_and_the_note_stays_a_draft(
    qtbot: QtBot, context: AppContext,
) -> None:
    assert context.store is not None
    sessions = context.store.sessions
    save_profile(sessions, PracticeProfile())  # no therapist name yet
    lee = factories.client(sessions, "Lee")
    note = factories.draft(sessions, factories.unit(sessions, "individual", lee))
    screen = _screen_with_chart(qtbot, context, lee)
    screen.open_note(note.id)
    wait_idle(qtbot, context)

    qtbot.mouseClick(screen.editor.sign, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    (asked,) = [f for f in screen.findChildren(SigningNameForm) if f.isVisible()]
    asked.reject()  # nothing typed: closes without a question
    wait_idle(qtbot, context)
    assert not [b for b in screen.findChildren(QMessageBox) if b.isVisible()]
    assert not notes.get_note(sessions, note.id).is_signed
