"""A psychotherapy note written in the chart never reaches the letter composer.

The practice already has a client with a signed note, a urologist and a release (the letter
tests' world); the private note is written through the chart's visible controls, then the
Letters screen is filled for that client and urologist and everything it shows is read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from practice.services import psychotherapy
from tests.conftest import TEST_PASSPHRASE
from tests.core.test_letters_builders import LETTER_DAY, PROSE, World, world_template
from tests.ui.conftest import ControllerFactory, wait_idle
from tests.ui.first_week.app import go_to
from tests.ui.first_week.notes_schedule import new_psychotherapy_note
from ui.screens.letters import LettersScreen

SECRET = "Marmalade"


@pytest.fixture(scope="module")
def template(template_store: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, World]:
    return world_template(template_store[0], tmp_path_factory.mktemp("private_notes"))


def every_word_shown(root: QWidget) -> str:
    """All the text a screen shows: labels, fields, lists and drop-down entries."""
    words: list[str] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            words.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            words.append(widget.toPlainText())
        elif isinstance(widget, QListWidget):
            words += [widget.item(i).text() for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            words += [widget.itemText(i) for i in range(widget.count())]
    return "\n".join(words)


def pdf_words(document: QPdfDocument) -> str:
    return "\n".join(document.getAllText(page).text() for page in range(document.pageCount()))


def test_the_letter_composer_never_offers_or_prints_a_psychotherapy_note(
        qtbot: QtBot, make_controller: ControllerFactory, template: tuple[Path, World],
        tmp_path: Path) -> None:
    folder = tmp_path / "store"
    shutil.copytree(template[0], folder, ignore=shutil.ignore_patterns("*.lock"))
    world = template[1]
    controller = make_controller(folder)
    controller.start()
    qtbot.keyClicks(controller.window.unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(controller.window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    store = controller.context.store
    assert store is not None
    window = controller.window

    new_psychotherapy_note(qtbot, window, "Lucía", f"{SECRET}: what stirred in me today.")
    private = psychotherapy.list_psychotherapy_notes(store.sessions, world.solo_unit)
    assert any(SECRET in p.body for p in private)

    go_to(qtbot, window, "Letters")
    assert window.workspace is not None
    letters = window.workspace.current
    assert isinstance(letters, LettersScreen)
    letters.form.choose(client_id=world.client, provider_id=world.urologist)
    letters.form.set_date(LETTER_DAY)
    wait_idle(qtbot, controller.context)  # the release's scopes say which prose is asked for
    qtbot.waitUntil(lambda: sorted(letters.form.prose) == sorted(PROSE), timeout=5000)
    for name, text in PROSE.items():
        letters.form.prose[name].setPlainText(text)
    wait_idle(qtbot, controller.context)
    qtbot.waitUntil(lambda: letters.preview.ready, timeout=5000)

    shown = every_word_shown(letters)
    printed = pdf_words(letters.preview.document)
    assert "Lucía" in shown and "Kowalski" in printed  # the composer is filled for her
    for text in (shown, printed):
        assert SECRET not in text and "stirred" not in text
        assert "sychotherapy note" not in text
