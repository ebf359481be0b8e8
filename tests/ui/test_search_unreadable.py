"""The Search screen says when a search cannot be read, and how to write it, not "Nothing found"."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from practice.services.search import BRACKETS, UNCLOSED_QUOTE
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ContextFactory
from ui.screens.search import SearchScreen


def test_a_search_that_cannot_be_read_says_how_to_write_it_and_then_searches_again(
    qtbot: QtBot, make_context: ContextFactory, store_path: Path,
) -> None:
    context = make_context(store_path)  # closes the store after the test
    context.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    sessions = context.store.sessions
    unit = factories.unit(sessions, "individual", factories.client(sessions, "Robin Quinn"))
    factories.signed(sessions, unit, text="Practised sensate focus with a partner.")
    screen = SearchScreen(context)
    qtbot.addWidget(screen)
    screen.show()

    qtbot.keyClicks(screen.field, '"sensate focus')
    qtbot.waitUntil(lambda: screen.summary.text() == UNCLOSED_QUOTE, timeout=3000)
    assert screen.model.rowCount() == 0

    qtbot.keyClicks(screen.field, '"')  # the phrase is closed: now it searches
    qtbot.waitUntil(lambda: screen.summary.text() == "1 result", timeout=3000)

    screen.field.clear()
    qtbot.keyClicks(screen.field, "NEAR( AND")
    qtbot.waitUntil(lambda: screen.summary.text() == BRACKETS, timeout=3000)
    assert screen.model.rowCount() == 0
    assert screen.summary.accessibleName() == "Search summary"
