"""The client list: chosen names and pronouns, filters, and rows fetched a page at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from practice.services.clients import ClientSummary, set_status
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ContextFactory, wait_idle
from ui.context import AppContext
from ui.models.client_list import PAGE_SIZE, ClientListModel
from ui.screens.clients import ClientsScreen


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> Iterator[AppContext]:
    """A context with the test's store open (closed by ``make_context``)."""
    made = make_context(store_path)
    made.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    yield made


def _shown_names(screen: ClientsScreen) -> list[str]:
    proxy = screen.proxy
    return [str(proxy.index(r, 0).data()) for r in range(proxy.rowCount())]


def test_the_list_shows_chosen_names_and_pronouns_and_filters_by_status(
    qtbot: QtBot, context: AppContext,
) -> None:
    assert context.store is not None
    sessions = context.store.sessions
    robin = factories.client(sessions, "Robert Ångström", "Robin", pronouns="they/them")
    factories.client(sessions, "Ana García", pronouns="she/her")
    set_status(sessions, robin, "discharged", factories.SESSION_DAY)
    screen = ClientsScreen(context)
    qtbot.addWidget(screen)

    screen.load()
    wait_idle(qtbot, context)

    assert _shown_names(screen) == ["Ana García", "Robin"]
    assert "Robert" not in " ".join(_shown_names(screen))
    robin_row = screen.proxy.index(1, 1)
    assert robin_row.data() == "they/them"
    assert screen.count.text() == "2 clients"
    screen.status_choice.setCurrentIndex(screen.status_choice.findData("discharged"))
    assert _shown_names(screen) == ["Robin"]
    screen.status_choice.setCurrentIndex(screen.status_choice.findData("active"))
    assert _shown_names(screen) == ["Ana García"]


def test_the_list_filters_by_unit_kind_and_name(qtbot: QtBot, context: AppContext) -> None:
    assert context.store is not None
    sessions = context.store.sessions
    sam, kai, lee = (factories.client(sessions, name) for name in ("Sam", "Kai", "Lee"))
    factories.unit(sessions, "couple", sam, kai)
    factories.unit(sessions, "individual", lee)
    screen = ClientsScreen(context)
    qtbot.addWidget(screen)
    screen.load()
    wait_idle(qtbot, context)

    screen.kind_choice.setCurrentIndex(screen.kind_choice.findData("couple"))
    assert sorted(_shown_names(screen)) == ["Kai", "Sam"]
    qtbot.keyClicks(screen.filter_text, "ka")
    assert _shown_names(screen) == ["Kai"]
    screen.kind_choice.setCurrentIndex(screen.kind_choice.findData("individual"))
    assert _shown_names(screen) == []


def test_rows_are_fetched_a_page_at_a_time(qtbot: QtBot, context: AppContext) -> None:
    """A store's clients show one page at first; fetchMore adds the next, kinds following."""
    assert context.store is not None
    sessions = context.store.sessions
    names = [f"Client {number:02d}" for number in range(25)]
    for number, name in enumerate(names):
        client_id = factories.client(sessions, name)
        if number % 2:
            factories.unit(sessions, "individual", client_id)
    screen = ClientsScreen(context)
    screen.model = ClientListModel(screen._load_kinds, screen, page_size=10)
    screen.proxy.setSourceModel(screen.model)
    qtbot.addWidget(screen)
    screen.load()
    wait_idle(qtbot, context)
    model = screen.model

    assert model.total == 25 and model.rowCount() in (10, 20)  # the view may ask for more
    grown = [model.rowCount()]
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        grown.append(model.rowCount())
    wait_idle(qtbot, context)
    assert grown[-2:] == [20, 25]
    assert [model.data(model.index(r, 0)) for r in range(25)] == names
    assert model.data(model.index(1, 3)) == "Individual"
    assert model.data(model.index(24, 3)) == ""


def test_a_few_hundred_clients_start_with_one_page() -> None:
    summaries = tuple(ClientSummary(n, f"Client {n:03d}", None, "active") for n in range(1, 351))
    asked: list[tuple[int, ...]] = []
    model = ClientListModel(lambda ids, _done: asked.append(ids))
    model.set_clients(summaries)
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE_SIZE
    assert model.data(model.index(0, 3)) == "…"  # kinds not read yet
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 350
    assert [len(ids) for ids in asked] == [PAGE_SIZE] * 3 + [350 - 3 * PAGE_SIZE]


def test_data_never_raises_and_answers_none_to_other_roles() -> None:
    model = ClientListModel()
    assert model.data(model.index(0, 0)) is None
    assert model.data(QModelIndex(), Qt.ItemDataRole.DisplayRole) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(9, Qt.Orientation.Horizontal) is None
    assert not model.canFetchMore(QModelIndex())
