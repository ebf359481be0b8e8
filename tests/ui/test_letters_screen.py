"""The Letters section: compose with a live preview, issue under a release, export and print."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from practice.services import letters
from practice.services.letters import disclosures
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core.test_letters_builders import LETTER_DAY, PROSE, World, pdf_text, world_template
from tests.ui.conftest import ContextFactory, wait_idle
from ui.context import AppContext
from ui.screens.letters import LettersScreen
from ui.screens.letters.compose import missing_in_words
from ui.screens.letters.screen import ISSUED, PREVIEWING

NO_RELEASE = "No release of information to Jordan Lee for this client."


@pytest.fixture(scope="module")
def template(template_store: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, World]:
    return world_template(template_store[0], tmp_path_factory.mktemp("letters_screen"))


@pytest.fixture
def world(template: tuple[Path, World]) -> World:
    return template[1]


@pytest.fixture
def context(make_context: ContextFactory, template: tuple[Path, World], tmp_path: Path
            ) -> AppContext:
    folder = tmp_path / "store"
    shutil.copytree(template[0], folder, ignore=shutil.ignore_patterns("*.lock"))
    context = make_context(folder)
    context.store = Store.open(folder, Passphrase(TEST_PASSPHRASE))
    return context


@pytest.fixture
def store(context: AppContext) -> Store:
    assert context.store is not None
    return context.store


@pytest.fixture
def screen(qtbot: QtBot, context: AppContext) -> Iterator[LettersScreen]:
    shown = LettersScreen(context)
    qtbot.addWidget(shown)
    shown.load()
    wait_idle(qtbot, context)
    yield shown
    shown.clear()


def write_to(qtbot: QtBot, context: AppContext, screen: LettersScreen, provider: int,
             client: int) -> None:
    """Choose the client, the provider and the letter's date, as the therapist would."""
    screen.form.choose(client_id=client, provider_id=provider)
    screen.form.set_date(LETTER_DAY)
    wait_idle(qtbot, context)


def previewed(qtbot: QtBot, screen: LettersScreen) -> None:
    qtbot.waitUntil(lambda: screen.preview.ready and screen.message.text() == PREVIEWING,
                    timeout=5000)


def confirm_issue(qtbot: QtBot, context: AppContext, screen: LettersScreen) -> None:
    """Click Issue, then the question's Issue button."""
    screen.issue_button.click()
    box = screen.question
    assert box is not None and box.isVisible() and "logged as a disclosure" in box.text()
    (yes,) = [b for b in box.buttons() if b.text() == "Issue"]
    yes.click()
    wait_idle(qtbot, context)


def issue(qtbot: QtBot, context: AppContext, screen: LettersScreen) -> None:
    confirm_issue(qtbot, context, screen)
    qtbot.waitUntil(lambda: screen.preview.ready, timeout=5000)


def test_opening_letters_draws_no_preview_until_the_therapist_writes(
    qtbot: QtBot, context: AppContext, world: World, screen: LettersScreen,
) -> None:
    # The clients, providers and the first client's release are read; nothing is drawn
    # (a preview loads ReportLab) until the letter is touched.
    assert screen.form.client_id() is not None and screen.form.provider_id() is not None
    assert not screen.timer.isActive() and not screen.preview.ready
    assert screen.preview.findChild(QPdfView) is None  # nor is the PDF view made (6 MB)

    write_to(qtbot, context, screen, world.urologist, world.client)
    assert sorted(screen.form.prose) == sorted(PROSE)
    for name, text in PROSE.items():
        QTest.keyClicks(screen.form.prose[name], text)  # typed, as the therapist writes
    previewed(qtbot, screen)
    assert screen.preview.document.pageCount() >= 1


def test_a_letter_is_composed_previewed_from_memory_and_issued_with_its_disclosure(
    qtbot: QtBot, context: AppContext, store: Store, world: World, screen: LettersScreen,
) -> None:
    write_to(qtbot, context, screen, world.urologist, world.client)
    assert screen.form.template.currentData() == "urology"  # the provider's specialty
    assert sorted(screen.form.prose) == sorted(PROSE)  # what the release's scopes print
    screen.preview_now()
    wait_idle(qtbot, context)
    assert screen.message.text() == (
        "The letter still needs: Progress; Recommendations; Treatment summary.")
    for name, text in PROSE.items():
        screen.form.prose[name].setPlainText(text)
    previewed(qtbot, screen)
    document = screen.preview.document
    assert document.status() == QPdfDocument.Status.Ready and document.pageCount() >= 1
    assert not screen.export_button.isEnabled()  # a preview is not a letter sent

    screen.form.legal_name.setChecked(True)
    issue(qtbot, context, screen)
    assert screen.message.text() == ISSUED
    shown = screen.shown
    assert shown is not None and shown.summary.legal_name_used
    assert "Re: Ana Lucía Ruiz" in pdf_text(shown.pdf)
    assert [s.id for s in letters.list_letters(store.sessions, world.client)] == [shown.id]
    assert screen.issued.count() == 1
    assert screen.issued.currentItem() is not None
    (logged,) = disclosures.list_disclosures(store.sessions, world.client)
    assert logged.letter_id == shown.id and logged.release_id == world.client_release


def test_without_a_release_issuing_is_disabled_and_the_missing_release_is_named(
    qtbot: QtBot, context: AppContext, store: Store, world: World, screen: LettersScreen,
) -> None:
    write_to(qtbot, context, screen, world.physio, world.client)
    qtbot.waitUntil(lambda: screen.message.text() == NO_RELEASE, timeout=5000)
    assert not screen.preview.ready
    assert screen.form.prose == {}  # no release, so no clinical prose is asked for
    assert not screen.issue_button.isEnabled()
    assert screen.issue_button.toolTip() == NO_RELEASE
    assert screen.check.words.text() == NO_RELEASE
    assert screen.check.record_button.isVisibleTo(screen)

    screen.issue_button.click()  # disabled: nothing is asked, nothing issued
    wait_idle(qtbot, context)
    assert screen.question is None and screen.shown is None
    assert not screen.export_button.isEnabled()
    assert letters.list_letters(store.sessions, world.client) == ()
    assert disclosures.list_disclosures(store.sessions, world.client) == ()


def test_an_issued_letter_exports_owner_only_with_a_password_and_prints(
    qtbot: QtBot, context: AppContext, world: World, screen: LettersScreen, tmp_path: Path,
) -> None:
    write_to(qtbot, context, screen, world.urologist, world.client)
    for name, text in PROSE.items():
        screen.form.prose[name].setPlainText(text)
    screen.preview_now()
    wait_idle(qtbot, context)
    issue(qtbot, context, screen)
    assert screen.export_button.isEnabled() and screen.print_button.isEnabled()

    target = tmp_path / "out" / "letter.pdf"
    target.parent.mkdir()
    screen.export_password.setText("seagull")
    screen.export_to(target)
    wait_idle(qtbot, context)
    assert screen.message.text() == f"Saved to {target}."
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert PdfReader(target).is_encrypted

    printed = tmp_path / "printed.pdf"
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    screen.print_to(printer)
    assert printed.read_bytes().startswith(b"%PDF")
    assert len(PdfReader(printed).pages) == screen.preview.document.pageCount()


def test_an_earlier_letter_is_shown_as_it_was_sent_when_chosen(
    qtbot: QtBot, context: AppContext, store: Store, world: World, screen: LettersScreen,
) -> None:
    draft = letters.compose_letter(
        store.sessions, client_id=world.client, provider_id=world.urologist,
        template_key="urology", on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE)
    earlier = letters.issue_letter(store.sessions, draft)
    screen.load()  # as when the therapist comes back to Letters
    write_to(qtbot, context, screen, world.urologist, world.client)
    assert screen.issued.count() == 1
    screen.issued.setCurrentRow(0)
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: screen.preview.ready, timeout=5000)
    assert screen.shown is not None and screen.shown.pdf == earlier.pdf

    screen.clear()
    assert screen.form.client.count() == 0 and screen.issued.count() == 0
    assert not screen.preview.ready and screen.shown is None


def test_what_the_record_cannot_supply_yet_is_named_in_words() -> None:
    text = missing_in_words(("session_count", "start_date", "recommendations"))
    assert text == ("The letter still needs: Recommendations; the sessions attended (the "
                    "record has no signed session note yet).")


def test_cancelling_the_question_issues_nothing(
    qtbot: QtBot, context: AppContext, store: Store, world: World, screen: LettersScreen,
) -> None:
    write_to(qtbot, context, screen, world.urologist, world.client)
    for name, text in PROSE.items():
        screen.form.prose[name].setPlainText(text)
    screen.issue_button.click()
    box = screen.question
    assert box is not None
    box.button(QMessageBox.StandardButton.Cancel).click()
    wait_idle(qtbot, context)
    assert screen.question is None and screen.shown is None
    assert letters.list_letters(store.sessions, world.client) == ()
