"""The form base: the core's refusal shown beside its field, the discard guard, and the lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from practice.services.common.dates import parse_day
from practice.services.providers import (
    OrganisationDetails,
    create_organisation,
    list_organisations,
)
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import ContextFactory, wait_idle
from ui.context import AppContext
from ui.widgets.record_form import DISCARD_QUESTION, RecordForm, Work


class OrganisationForm(RecordForm):
    """A small real form: an organisation's name, phone and a date checked on the UI side."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context, "New organisation")
        self.name = self.add_field("Name", QLineEdit())
        self.phone = self.add_field("Phone", QLineEdit())
        self.since = self.add_field("Working with them since", QLineEdit())
        self.start()

    def work(self) -> Work:
        assert isinstance(self.name, QLineEdit) and isinstance(self.phone, QLineEdit)
        assert isinstance(self.since, QLineEdit)
        parse_day(self.since.text(), "Working with them since")
        details = OrganisationDetails(name=self.name.text(), phone=self.phone.text() or None)
        return lambda sessions: create_organisation(sessions, details)


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> AppContext:
    context = make_context(store_path)
    context.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    return context


def _organisations(context: AppContext) -> list[str]:
    assert context.store is not None
    return [org.details.name for org in list_organisations(context.store.sessions)]


def _answer(qtbot: QtBot, owner: QWidget, button_text: str) -> str:
    """Answer the open question with one of its buttons; return what it asked."""
    def question() -> QMessageBox | None:
        return next((b for b in owner.findChildren(QMessageBox) if b.isVisible()), None)

    qtbot.waitUntil(lambda: question() is not None, timeout=2000)
    box = question()
    assert box is not None
    asked = box.text()
    button = next(b for b in box.buttons() if b.text() == button_text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return asked


def _unlocked(qtbot: QtBot, make_controller: Any, store_path: Path) -> Any:
    """The app's controller with the store unlocked, as after the unlock screen."""
    controller = make_controller(store_path)
    controller.unlocked(Store.open(store_path, Passphrase(TEST_PASSPHRASE)))
    wait_idle(qtbot, controller.context)
    return controller


def test_the_cores_refusal_is_shown_beside_the_field_it_names(
        qtbot: QtBot, context: AppContext) -> None:
    form = OrganisationForm(context)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.name, "Bayou Pelvic Health")
    qtbot.keyClicks(form.phone, "not a number")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    phone_problem = form.rows[1].problem
    assert phone_problem.isVisibleTo(form)
    assert phone_problem.text() == "Phone is not a phone number."
    assert form.isVisible() and _organisations(context) == []

    form.phone.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(form.phone, "504-555-0100")
    with qtbot.wait_signal(form.saved, timeout=3000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert _organisations(context) == ["Bayou Pelvic Health"]


def test_an_impossible_date_is_refused_before_anything_is_written(
        qtbot: QtBot, context: AppContext) -> None:
    form = OrganisationForm(context)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.name, "Crescent Urology")
    qtbot.keyClicks(form.since, "2023-02-30")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    assert form.rows[2].problem.text() == "Working with them since is not a date that exists."
    assert form.rows[2].problem.isVisibleTo(form)
    assert _organisations(context) == []


def test_esc_on_a_changed_form_asks_before_discarding(
        qtbot: QtBot, context: AppContext) -> None:
    form = OrganisationForm(context)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.name, "Half typed")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert _answer(qtbot, form, "Cancel") == DISCARD_QUESTION
    assert form.isVisible() and form.name.text() == "Half typed"  # type: ignore[attr-defined]

    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    _answer(qtbot, form, "Discard")
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=2000)
    assert context.forms.shelved == ()


def test_an_unchanged_form_closes_without_asking(qtbot: QtBot, context: AppContext) -> None:
    form = OrganisationForm(context)
    qtbot.addWidget(form)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_a_lock_shelves_the_form_and_the_unlock_brings_back_what_was_typed(
        qtbot: QtBot, make_controller: Any, store_path: Path) -> None:
    controller = _unlocked(qtbot, make_controller, store_path)
    form = OrganisationForm(controller.context)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.name, "Typed before the lock")

    controller.lock()
    assert not form.isVisible()
    assert controller.context.store is None

    controller.unlocked(Store.open(store_path, Passphrase(TEST_PASSPHRASE)))
    wait_idle(qtbot, controller.context)
    assert form.isVisible()
    assert form.name.text() == "Typed before the lock"  # type: ignore[attr-defined]
    with qtbot.wait_signal(form.saved, timeout=3000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert _organisations(controller.context) == ["Typed before the lock"]


def test_a_save_cut_short_by_a_lock_says_so_after_unlock_and_can_be_saved_again(
        qtbot: QtBot, make_controller: Any, store_path: Path) -> None:
    from ui.widgets.record_form import INTERRUPTED_SAVE

    controller = _unlocked(qtbot, make_controller, store_path)
    form = OrganisationForm(controller.context)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.name, "Saved as the lock came")
    # The worker has stored it, but its answer waits in the event loop when the lock comes.
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.save_button.isEnabled()
    controller.lock()
    controller.unlocked(Store.open(store_path, Passphrase(TEST_PASSPHRASE)))
    wait_idle(qtbot, controller.context)
    assert form.isVisible() and form.save_button.isEnabled()
    assert form.problem.text() == INTERRUPTED_SAVE


def test_a_lock_closes_a_question_unanswered_and_other_dialogs_and_keeps_the_form(
        qtbot: QtBot, make_controller: Any, store_path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    controller = _unlocked(qtbot, make_controller, store_path)
    form = OrganisationForm(controller.context)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.name, "Typed, then Esc, then the lock")
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # the discard question opens
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=2000)
    other = QDialog()  # a dialog that is not a form, as the import or export dialogs are
    other.setWindowTitle("Import clients")
    qtbot.addWidget(other)
    other.open()

    controller.lock()
    showing = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QDialog) and w.isVisible()]
    assert showing == []  # nothing read from the store stands over the unlock screen

    controller.unlocked(Store.open(store_path, Passphrase(TEST_PASSPHRASE)))
    wait_idle(qtbot, controller.context)
    assert form.isVisible()
    assert form.name.text() == "Typed, then Esc, then the lock"  # type: ignore[attr-defined]
    assert not other.isVisible()
