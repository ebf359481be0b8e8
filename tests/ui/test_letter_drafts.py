"""Letter drafts on screen: typed prose survives a lock and a change of letter, until issued."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from practice.services.letters.drafts import (
    MAX_DRAFT_FIELD_CHARS,
    LetterDraftKey,
    LetterDraftText,
    load_letter_draft,
)
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core.test_letters_builders import LETTER_DAY, World, world_template
from tests.store.canary_writer import CANARIES
from tests.store.test_canaries import _files_holding_canaries
from tests.ui.conftest import ControllerFactory, wait_idle
from tests.ui.test_letters_screen import confirm_issue, previewed, write_to
from tests.ui.test_locking import _unlocked
from ui.controller import AppController
from ui.screens.letters import LettersScreen
from ui.screens.letters.drafts import DISCARDED
from ui.workspace import LETTERS, SECTIONS

# Canary text as the prose: if it reaches the disk in clear, the canary search finds it.
# Not CANARIES[1]: it spells the partner's diagnosis ("erectile"), which the letter guard
# rightly refuses in a letter about this client; a refused letter keeps no draft to test.
TYPED = {"treatment_summary": f"{CANARIES[0]} sensate focus, stage two.",
         "progress_summary": f"{CANARIES[2]} pain has eased.",
         "recommendations": f"{CANARIES[0]} {CANARIES[2]} a pelvic floor referral."}


@pytest.fixture(scope="module")
def template(template_store: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, World]:
    return world_template(template_store[0], tmp_path_factory.mktemp("letter_drafts"))


@pytest.fixture
def world(template: tuple[Path, World]) -> World:
    return template[1]


@pytest.fixture
def folder(template: tuple[Path, World], tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(template[0], target, ignore=shutil.ignore_patterns("*.lock"))
    return target


@pytest.fixture
def controller(qtbot: QtBot, make_controller: ControllerFactory, folder: Path) -> AppController:
    made, _workspace, _store = _unlocked(qtbot, make_controller, folder)
    return made


def letters_screen(qtbot: QtBot, controller: AppController) -> LettersScreen:
    workspace = controller.window.workspace
    assert workspace is not None
    workspace.show_section(SECTIONS.index(LETTERS))
    wait_idle(qtbot, controller.context)
    return workspace.section(LettersScreen)


def type_prose(qtbot: QtBot, screen: LettersScreen) -> None:
    for name, text in TYPED.items():
        screen.form.prose[name].setPlainText(text)
    wait_idle(qtbot, screen.context)


def urology_letter_typed(qtbot: QtBot, controller: AppController, world: World
                         ) -> LettersScreen:
    """Open Letters, choose the client's letter to the urologist and type its prose."""
    screen = letters_screen(qtbot, controller)
    write_to(qtbot, controller.context, screen, world.urologist, world.client)
    type_prose(qtbot, screen)
    return screen


def choose_template(qtbot: QtBot, screen: LettersScreen, key: str) -> None:
    screen.form.choose(template_key=key)
    wait_idle(qtbot, screen.context)


def lock(qtbot: QtBot, controller: AppController, *, by_key: bool = True) -> None:
    """Lock with Ctrl+L, or through the Lock menu item (what Ctrl+L triggers)."""
    if by_key:
        qtbot.keyClick(controller.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    else:
        controller.window.lock_action.trigger()
    wait_idle(qtbot, controller.context)
    assert controller.context.store is None


def unlock(qtbot: QtBot, controller: AppController) -> None:
    qtbot.keyClicks(controller.window.unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(controller.window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    wait_idle(qtbot, controller.context)


def stored_draft(folder: Path, key: LetterDraftKey) -> LetterDraftText | None:
    """Read the draft with the app locked (the store is free to open)."""
    with Store.open(folder, Passphrase(TEST_PASSPHRASE)) as store:
        return load_letter_draft(store.sessions, key)


def test_prose_typed_before_a_lock_is_back_after_unlocking_and_gone_once_issued(
    qtbot: QtBot, controller: AppController, world: World, folder: Path,
) -> None:
    key = LetterDraftKey(world.client, world.urologist, "urology")
    screen = letters_screen(qtbot, controller)
    write_to(qtbot, controller.context, screen, world.urologist, world.client)
    screen.form.legal_name.setChecked(True)
    type_prose(qtbot, screen)

    lock(qtbot, controller)  # at once: the autosave's pause has not passed
    assert screen.form.prose == {} and screen.form.typed_prose() == {}
    assert _files_holding_canaries(folder) == []
    assert stored_draft(folder, key) == LetterDraftText(LETTER_DAY, True, TYPED)

    unlock(qtbot, controller)
    screen = letters_screen(qtbot, controller)
    screen.form.choose(client_id=world.partner)  # away and back, as the therapist would
    write_to(qtbot, controller.context, screen, world.urologist, world.client)
    assert screen.form.typed_prose() == TYPED
    assert screen.form.legal_name.isChecked()
    assert screen.form.letter_day() == LETTER_DAY
    assert screen.draft_status.text().startswith("Draft restored from ")
    assert _files_holding_canaries(folder) == []

    previewed(qtbot, screen)
    screen.form.prose["recommendations"].appendPlainText("Typed just before issuing.")
    confirm_issue(qtbot, controller.context, screen)
    qtbot.waitUntil(lambda: screen.shown is not None, timeout=5000)
    assert controller.context.store is not None
    assert load_letter_draft(controller.context.store.sessions, key) is None
    # The question just closed leaves no window active offscreen: lock from the menu.
    lock(qtbot, controller, by_key=False)  # the prose on screen was sent: it is no draft
    assert stored_draft(folder, key) is None


def test_changing_the_recipient_keeps_the_prose_typed_for_the_first(
    qtbot: QtBot, controller: AppController, world: World,
) -> None:
    screen = urology_letter_typed(qtbot, controller, world)
    screen.form.choose(provider_id=world.physio)
    wait_idle(qtbot, controller.context)
    store = controller.context.store
    assert store is not None
    kept = load_letter_draft(store.sessions,
                             LetterDraftKey(world.client, world.urologist, "urology"))
    assert kept is not None and kept.prose == TYPED
    assert screen.draft_status.text().startswith("The draft of the letter chosen before was saved ")


def test_a_draft_is_saved_once_typing_pauses(
    qtbot: QtBot, controller: AppController, world: World,
) -> None:
    screen = letters_screen(qtbot, controller)
    write_to(qtbot, controller.context, screen, world.urologist, world.client)
    screen.form.prose["recommendations"].setPlainText("Typed, then a pause.")
    store = controller.context.store
    assert store is not None
    key = LetterDraftKey(world.client, world.urologist, "urology")
    qtbot.waitUntil(lambda: load_letter_draft(store.sessions, key) is not None, timeout=5000)


def test_discarding_the_draft_empties_the_fields_and_the_store(
    qtbot: QtBot, controller: AppController, world: World,
) -> None:
    screen = letters_screen(qtbot, controller)
    write_to(qtbot, controller.context, screen, world.urologist, world.client)
    assert not screen.discard_button.isEnabled()
    type_prose(qtbot, screen)
    screen.save_drafts()
    assert screen.discard_button.isEnabled()

    screen.discard_button.click()
    box = screen.question
    assert box is not None and "Discard the draft" in box.text()
    (yes,) = [b for b in box.buttons() if b.text() == "Discard"]
    yes.click()
    wait_idle(qtbot, controller.context)

    assert screen.form.typed_prose() == {}
    assert screen.draft_status.text() == DISCARDED
    assert not screen.discard_button.isEnabled()
    store = controller.context.store
    assert store is not None
    key = LetterDraftKey(world.client, world.urologist, "urology")
    assert load_letter_draft(store.sessions, key) is None


def test_each_letter_shows_its_own_draft_when_the_choice_changes(
    qtbot: QtBot, controller: AppController, world: World,
) -> None:
    screen = urology_letter_typed(qtbot, controller, world)
    choose_template(qtbot, screen, "general")
    assert screen.form.typed_prose() == TYPED  # no draft for it: the text carries over
    screen.form.prose["recommendations"].setPlainText("For the general letter.")
    choose_template(qtbot, screen, "urology")
    assert screen.form.typed_prose() == TYPED
    assert screen.draft_status.text().startswith("Draft restored from ")
    choose_template(qtbot, screen, "general")
    assert screen.form.typed_prose() == {**TYPED, "recommendations": "For the general letter."}


def test_text_that_could_not_be_kept_is_never_replaced_by_a_saved_draft(
    qtbot: QtBot, controller: AppController, world: World,
) -> None:
    screen = urology_letter_typed(qtbot, controller, world)
    choose_template(qtbot, screen, "general")
    huge = "x" * (MAX_DRAFT_FIELD_CHARS + 1)
    screen.form.prose["recommendations"].setPlainText(huge)
    choose_template(qtbot, screen, "urology")
    assert screen.form.typed_prose()["recommendations"] == huge
    assert screen.draft_status.text() == (
        "Draft not saved: Recommendations is too long "
        f"(at most {MAX_DRAFT_FIELD_CHARS} characters).")
