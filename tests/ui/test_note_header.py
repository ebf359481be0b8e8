"""A note's header in the editor: session date, format, who attended and codes, via the core."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from practice.services import notes
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ContextFactory, wait_idle
from ui.context import AppContext
from ui.screens.notes.editor import NoteEditor
from ui.screens.notes.header import NoteHeaderPanel
from ui.screens.units.dialogs import day_of

Couple = tuple[int, int, int]  # unit, Ana, Ben


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> AppContext:
    """A context with the test's store open."""
    made = make_context(store_path)
    made.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    return made


@pytest.fixture
def sessions(context: AppContext) -> sessionmaker[Session]:
    """The open store's sessionmaker."""
    assert context.store is not None
    return context.store.sessions


@pytest.fixture
def couple(sessions: sessionmaker[Session]) -> Couple:
    """A couple, Ana and Ben, in treatment together."""
    ana, ben = factories.client(sessions, "Ana Ruiz"), factories.client(sessions, "Ben Cole")
    return factories.unit(sessions, "couple", ana, ben), ana, ben


@pytest.fixture
def lees_draft(sessions: sessionmaker[Session]) -> int:
    """A draft of Lee's individual session on the factories' session day."""
    lee = factories.client(sessions, "Lee Park")
    return factories.draft(sessions, factories.unit(sessions, "individual", lee), text="").id


def _editor(qtbot: QtBot, context: AppContext, note_id: int) -> NoteEditor:
    editor = NoteEditor(context)
    qtbot.addWidget(editor)
    editor.show()
    editor.open_note(note_id)
    wait_idle(qtbot, context)
    # A tick box added to a shown row is shown by a queued call: wait for it, then click.
    qtbot.waitUntil(lambda: all(b.isVisible() for b in editor.header.attendees.values()))
    return editor


def _enter_date(qtbot: QtBot, header: NoteHeaderPanel, day: date) -> None:
    header.session_date.setFocus()
    header.session_date.setDate(QDate(day.year, day.month, day.day))
    qtbot.keyClick(header.session_date, Qt.Key.Key_Return)


def _shown_messages(owner: QWidget) -> list[str]:
    return [box.text() for box in owner.findChildren(QMessageBox) if box.isVisible()]




def test_a_drafts_new_session_date_is_saved_and_read_back(
    qtbot: QtBot, context: AppContext, sessions: sessionmaker[Session], lees_draft: int,
) -> None:
    editor = _editor(qtbot, context, lees_draft)
    assert day_of(editor.header.session_date) == factories.SESSION_DAY

    _enter_date(qtbot, editor.header, date(2025, 3, 7))
    wait_idle(qtbot, context)

    assert notes.get_note(sessions, lees_draft).header.session_date == date(2025, 3, 7)
    assert "2025-03-07" in editor.title.text()
    editor.header.risk_choice.setCurrentIndex(editor.header.risk_choice.findData("low"))
    wait_idle(qtbot, context)
    assert notes.get_note(sessions, lees_draft).header == notes.NoteHeader(
        date(2025, 3, 7), "free", "low")
    reopened = _editor(qtbot, context, lees_draft)
    assert day_of(reopened.header.session_date) == date(2025, 3, 7)


def test_a_future_session_date_is_refused_in_plain_words_and_the_field_reverts(
    qtbot: QtBot, context: AppContext, sessions: sessionmaker[Session], lees_draft: int,
) -> None:
    editor = _editor(qtbot, context, lees_draft)

    _enter_date(qtbot, editor.header, date.today() + timedelta(days=30))
    wait_idle(qtbot, context)

    assert "Session date is in the future." in _shown_messages(editor)
    assert notes.get_note(sessions, lees_draft).header.session_date == factories.SESSION_DAY
    assert day_of(editor.header.session_date) == factories.SESSION_DAY


def test_unticking_a_partner_who_was_absent_saves_the_attendees(
    qtbot: QtBot, context: AppContext, sessions: sessionmaker[Session], couple: Couple,
) -> None:
    unit_id, ana, ben = couple
    note = factories.draft(sessions, unit_id)
    editor = _editor(qtbot, context, note.id)
    boxes = editor.header.attendees
    assert set(boxes) == {ana, ben} and all(b.isChecked() for b in boxes.values())

    qtbot.mouseClick(boxes[ben], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)

    assert [a.client_id for a in notes.get_note(sessions, note.id).attendees] == [ana]
    assert not editor.header.attendees[ben].isChecked()


def test_unticking_everyone_is_refused_and_the_partner_is_ticked_again(
    qtbot: QtBot, context: AppContext, sessions: sessionmaker[Session], couple: Couple,
) -> None:
    unit_id, ana, _ben = couple
    note = factories.draft(sessions, unit_id, attendees=[ana])
    editor = _editor(qtbot, context, note.id)

    qtbot.mouseClick(editor.header.attendees[ana], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)

    assert "A note needs at least one attendee." in _shown_messages(editor)
    assert editor.header.attendees[ana].isChecked()
    assert [a.client_id for a in notes.get_note(sessions, note.id).attendees] == [ana]


def test_an_individual_notes_attendee_is_its_client_with_nothing_to_tick(
    qtbot: QtBot, context: AppContext, sessions: sessionmaker[Session], lees_draft: int,
) -> None:
    editor = _editor(qtbot, context, lees_draft)
    assert editor.header.attendees == {}
    assert editor.header.attendee_names.text() == "Lee Park"
    assert editor.header.codes.diagnosis_for.isHidden()


def test_a_procedure_code_added_to_a_draft_is_saved(
    qtbot: QtBot, context: AppContext, sessions: sessionmaker[Session], couple: Couple,
) -> None:
    unit_id, _ana, _ben = couple
    note = factories.draft(sessions, unit_id)
    codes = _editor(qtbot, context, note.id).header.codes
    codes.procedure_code.setCurrentIndex(codes.procedure_code.findData("90847"))

    qtbot.mouseClick(codes.add_procedure, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)

    assert [p.code for p in notes.get_note(sessions, note.id).procedures] == ["90847"]
    assert codes.procedures.count() == 1 and "90847" in codes.procedures.item(0).text()
    assert codes.procedure_code.currentText() == ""


def test_a_diagnosis_is_given_to_one_partner_and_goes_when_they_are_marked_absent(
    qtbot: QtBot, context: AppContext, sessions: sessionmaker[Session], couple: Couple,
) -> None:
    unit_id, ana, ben = couple
    note = factories.draft(sessions, unit_id)
    editor = _editor(qtbot, context, note.id)
    codes = editor.header.codes
    codes.diagnosis_for.setCurrentIndex(codes.diagnosis_for.findData(ben))
    codes.diagnosis_code.setEditText("z630")  # typed loosely: the core normalises it

    qtbot.mouseClick(codes.add_diagnosis, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert [(d.client_id, d.code) for d in notes.get_note(sessions, note.id).diagnoses] == [
        (ben, "Z63.0")]
    assert "(Ben Cole)" in codes.diagnoses.item(0).text()

    qtbot.mouseClick(editor.header.attendees[ben], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert notes.get_note(sessions, note.id).diagnoses == ()
    assert codes.diagnoses.count() == 0
    assert [codes.diagnosis_for.itemData(i) for i in range(codes.diagnosis_for.count())] == [
        ana]


def test_a_malformed_code_is_refused_and_kept_in_the_box_to_correct(
    qtbot: QtBot, context: AppContext, sessions: sessionmaker[Session], lees_draft: int,
) -> None:
    editor = _editor(qtbot, context, lees_draft)
    codes = editor.header.codes
    edit = codes.procedure_code.lineEdit()
    assert edit is not None
    edit.setText("90834")  # as if typed (typing opens the completer, which offscreen warns of)
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # Enter in the box adds the code too
    wait_idle(qtbot, context)
    codes.diagnosis_code.setEditText("hello")

    qtbot.mouseClick(codes.add_diagnosis, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)

    assert any("ICD-10-CM" in text for text in _shown_messages(editor))
    stored = notes.get_note(sessions, lees_draft)
    assert stored.diagnoses == () and [p.code for p in stored.procedures] == ["90834"]
    assert codes.diagnosis_code.currentText() == "hello"
    codes.procedures.setCurrentRow(0)
    qtbot.mouseClick(codes.remove_procedure, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert notes.get_note(sessions, lees_draft).procedures == ()


def test_a_new_format_brings_its_sections_and_one_that_would_drop_text_is_refused(
    qtbot: QtBot, context: AppContext, sessions: sessionmaker[Session], lees_draft: int,
) -> None:
    editor = _editor(qtbot, context, lees_draft)
    formats = editor.header.format_choice

    formats.setCurrentIndex(formats.findData("soap"))
    wait_idle(qtbot, context)
    assert notes.get_note(sessions, lees_draft).header.format == "soap"
    assert list(editor.editors) == ["subjective", "objective", "assessment", "plan", "risk"]

    # Typed a moment ago and not yet autosaved: it is saved first, so the core sees it.
    qtbot.keyClicks(editor.editors["objective"], "Calm, engaged.")
    editor.header.format_choice.setCurrentIndex(formats.findData("dap"))
    wait_idle(qtbot, context)
    assert any("clear them first" in text for text in _shown_messages(editor))
    stored = notes.get_note(sessions, lees_draft)
    assert stored.header.format == "soap" and stored.section("objective") == "Calm, engaged."
    assert editor.header.format_choice.currentData() == "soap"


def test_a_signed_notes_header_is_shown_read_only_with_no_way_to_change_it(
    qtbot: QtBot, context: AppContext, sessions: sessionmaker[Session], couple: Couple,
) -> None:
    unit_id, ana, ben = couple
    note = factories.draft(sessions, unit_id)
    notes.set_codes(sessions, note.id, diagnoses=[(ana, "F52.6")], procedures=["90847"])
    notes.sign_note(sessions, note.id, signed_by="Dr. Ada Rivera, PhD")
    editor = _editor(qtbot, context, note.id)
    header, codes = editor.header, editor.header.codes

    assert header.session_date.isReadOnly()
    assert not header.format_choice.isEnabled() and not header.risk_choice.isEnabled()
    assert all(b.isChecked() and not b.isEnabled() for b in header.attendees.values())
    assert codes.diagnoses.count() == 1 and codes.procedures.count() == 1
    for hidden in (codes.diagnosis_for, codes.diagnosis_code, codes.add_diagnosis,
                   codes.remove_diagnosis, codes.procedure_code, codes.add_procedure,
                   codes.remove_procedure):
        assert hidden.isHidden()

    header.session_date.setFocus()
    qtbot.keyClick(header.session_date, Qt.Key.Key_Up)
    qtbot.keyClick(header.session_date, Qt.Key.Key_Return)
    qtbot.mouseClick(header.attendees[ben], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert day_of(header.session_date) == factories.SESSION_DAY
    stored = notes.get_note(sessions, note.id)
    assert stored.header.session_date == factories.SESSION_DAY
    assert len(stored.attendees) == 2 and notes.verify_note(sessions, note.id)
    assert _shown_messages(editor) == []


def test_tab_visits_the_header_in_reading_order(
    qtbot: QtBot, context: AppContext, sessions: sessionmaker[Session], couple: Couple,
) -> None:
    unit_id, ana, ben = couple
    header = _editor(qtbot, context, factories.draft(sessions, unit_id).id).header
    expected = [header.session_date, header.format_choice, header.risk_choice,
                header.attendees[ana], header.attendees[ben], header.codes.diagnoses]
    visited: list[QWidget] = []
    widget: QWidget = header.session_date
    while len(visited) < len(expected):
        # A date's or a code box's own line edit is part of its owner, not a stop of its own.
        inner = isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible() and not inner:
            visited.append(widget)
        widget = widget.nextInFocusChain()
    assert visited == expected
