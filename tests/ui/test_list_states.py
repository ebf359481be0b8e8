"""Lists before their rows arrive, and lists with nothing in them: a word, never a blank."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from practice.services.clients import ClientDetails, create_client
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import ContextFactory, wait_idle
from ui import design
from ui.context import AppContext
from ui.screens.base import Screen
from ui.screens.clients import ClientsScreen
from ui.screens.providers import ProvidersScreen
from ui.screens.schedule import ScheduleScreen
from ui.screens.today import TodayScreen
from ui.screens.units import UnitsScreen
from ui.widgets.empty_state import SENTENCE_WIDTH, EmptyState
from ui.widgets.loading import LOADING, LoadingHint

S = TypeVar("S", bound=Screen)
LIST_SCREENS: dict[type[Screen], str] = {
    TodayScreen: "New client", ScheduleScreen: "New client", ClientsScreen: "New client",
    UnitsScreen: "New unit", ProvidersScreen: "Add the first provider…",
}


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> AppContext:
    context = make_context(store_path)
    context.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    return context


def _shown(qtbot: QtBot, screen: S) -> S:
    qtbot.addWidget(screen)
    screen.resize(900, 600)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def _visible_empty_state(screen: Screen) -> EmptyState:
    (shown,) = [e for e in screen.findChildren(EmptyState) if e.isVisible()]
    return shown


@pytest.mark.parametrize("kind", list(LIST_SCREENS), ids=lambda kind: kind.title)
def test_an_empty_practice_says_what_each_list_is_for_and_offers_the_first_action(
        qtbot: QtBot, context: AppContext, kind: type[Screen]) -> None:
    screen = _shown(qtbot, kind(context))
    screen.load()
    wait_idle(qtbot, context)
    empty = _visible_empty_state(screen)
    assert empty.sentence.text().endswith(".") and len(empty.sentence.text().split()) > 6
    assert empty.sentence.wordWrap()
    # Every wrapped line has room: none is cut off below the first.
    assert empty.sentence.height() >= empty.sentence.heightForWidth(empty.sentence.width())
    assert empty.sentence.width() <= SENTENCE_WIDTH
    assert empty.action.text() == LIST_SCREENS[kind]
    assert empty.action.isVisible() and empty.action.isEnabled()
    assert not empty.picture.pixmap().isNull()  # the quiet picture above the sentence
    assert not any(hint.isVisible() for hint in screen.findChildren(LoadingHint))
    screen.clear()


def test_the_first_action_of_an_empty_client_list_opens_the_intake_form(
        qtbot: QtBot, context: AppContext) -> None:
    screen = _shown(qtbot, ClientsScreen(context))
    screen.load()
    wait_idle(qtbot, context)
    _visible_empty_state(screen).action.click()
    wait_idle(qtbot, context)
    (form,) = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QDialog) and w.isVisible() and w.windowTitle() == "New client"]
    form.done(QDialog.DialogCode.Rejected)
    screen.clear()


@pytest.mark.parametrize("kind", [ClientsScreen, ProvidersScreen, UnitsScreen, TodayScreen],
                         ids=lambda kind: kind.title)
def test_a_list_says_loading_until_its_first_read_calls_back(
        qtbot: QtBot, context: AppContext, kind: type[Screen]) -> None:
    assert context.store is not None
    create_client(context.store.sessions, ClientDetails(legal_name="Ana Ruiz"))
    screen = _shown(qtbot, kind(context))
    (hint,) = screen.findChildren(LoadingHint)
    screen.load()
    # The read has been asked for; its answer comes back through the event loop.
    assert (hint.isVisible(), hint.waiting) == (True, True)
    assert hint.text() == LOADING and hint.accessibleName() == "Loading"
    viewport = hint.parentWidget()
    assert viewport is not None and hint.geometry() == viewport.rect()  # the whole list
    wait_idle(qtbot, context)
    assert (hint.isVisible(), hint.waiting) == (False, False)
    screen.clear()


def test_a_list_read_again_keeps_its_rows_on_show_instead_of_saying_loading(
        qtbot: QtBot, context: AppContext) -> None:
    assert context.store is not None
    create_client(context.store.sessions, ClientDetails(legal_name="Ana Ruiz"))
    screen = _shown(qtbot, ClientsScreen(context))
    screen.load()
    wait_idle(qtbot, context)
    assert screen.table.model().rowCount() == 1
    screen.load()
    assert not screen.loading.isVisible()
    wait_idle(qtbot, context)
    screen.clear()


def test_locking_while_a_list_loads_leaves_no_loading_word_behind(
        qtbot: QtBot, context: AppContext) -> None:
    screen = _shown(qtbot, ClientsScreen(context))
    screen.load()
    assert screen.loading.isVisible()
    context.ops.forget_pending()  # what locking does before the screens are cleared
    screen.clear()
    assert not screen.loading.isVisible()
    wait_idle(qtbot, context)
    assert not screen.loading.isVisible()


def test_the_empty_states_picture_follows_the_theme(qtbot: QtBot, qapp: QApplication,
                                                     context: AppContext) -> None:
    screen = _shown(qtbot, ClientsScreen(context))
    screen.load()
    wait_idle(qtbot, context)
    picture: QLabel = _visible_empty_state(screen).picture

    def drawn_in_the_palettes_quiet_colour() -> bool:
        image = picture.pixmap().toImage()
        solid = {image.pixelColor(x, y).name() for x in range(image.width())
                 for y in range(image.height()) if image.pixelColor(x, y).alpha() == 255}
        return solid == {design.text_colour(mode=QIcon.Mode.Disabled).name()}

    try:
        for theme in ("light", "dark"):
            design.apply_theme(qapp, theme)  # the palette reaches the widgets as an event
            qtbot.waitUntil(drawn_in_the_palettes_quiet_colour)
    finally:
        design.apply_theme(qapp, "system")
    screen.clear()
