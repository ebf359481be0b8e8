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
from ui.models.client_list import PAGE_SIZE, ClientFilter, ClientListModel, ClientPage
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


def _numbered_clients(context: AppContext, count: int) -> list[str]:
    """``count`` clients named in list order, every other one in an individual unit."""
    assert context.store is not None
    names = [f"Client {number:02d}" for number in range(count)]
    for number, name in enumerate(names):
        client_id = factories.client(context.store.sessions, name)
        if number % 2:
            factories.unit(context.store.sessions, "individual", client_id)
    return names


def _small_pages(screen: ClientsScreen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ui.screens.clients.PAGE_SIZE", 10)
    screen.model = ClientListModel(screen, page_size=10)
    screen.proxy = ClientFilter(screen.model, screen)
    screen.table.setModel(screen.proxy)


def test_rows_are_fetched_a_page_at_a_time(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first page arrives first; every client follows; rows still show page by page."""
    names = _numbered_clients(context, 25)
    screen = ClientsScreen(context)
    _small_pages(screen, monkeypatch)
    qtbot.addWidget(screen)
    arrived: list[tuple[int, bool]] = []
    screen.model.modelReset.connect(
        lambda: arrived.append((screen.model.total, screen.model.complete)))
    screen.load()
    qtbot.waitUntil(lambda: screen.model.total == 25, timeout=5000)
    wait_idle(qtbot, context)
    model = screen.model

    assert arrived == [(10, False)]  # the whole list did not reset the first page
    assert model.total == 25 and model.complete and screen.count.text() == "25 clients"
    assert model.rowCount() in (10, 20)  # the view may ask for more
    grown = [model.rowCount()]
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        grown.append(model.rowCount())
    assert grown[-2:] == [20, 25]
    assert [model.data(model.index(r, 0)) for r in range(25)] == names
    assert model.data(model.index(1, 3)) == "Individual"
    assert model.data(model.index(24, 3)) == ""


def test_the_name_filter_finds_a_client_beyond_the_first_page(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    _numbered_clients(context, 25)
    screen = ClientsScreen(context)
    _small_pages(screen, monkeypatch)
    qtbot.addWidget(screen)
    qtbot.keyClicks(screen.filter_text, "23")  # before the list is read
    screen.load()
    qtbot.waitUntil(lambda: screen.model.complete and screen.model.total == 25, timeout=5000)
    wait_idle(qtbot, context)
    assert _shown_names(screen) == ["Client 23"]
    screen.filter_text.clear()
    screen.kind_choice.setCurrentIndex(screen.kind_choice.findData("individual"))
    assert len(_shown_names(screen)) == 12  # the odd ones, on every page


def test_a_filter_set_before_the_whole_list_arrives_covers_everyone_once_read(
    qtbot: QtBot,
) -> None:
    everyone = tuple(ClientSummary(n, f"Client {n:03d}", None, "active")
                     for n in range(1, 351))
    model = ClientListModel()
    proxy = ClientFilter(model)
    model.set_clients(ClientPage.of(everyone[:PAGE_SIZE], None, complete=False))
    model.fetchMore(QModelIndex())
    assert model.data(model.index(0, 3)) == "…"  # kinds come with the whole list
    proxy.set_filters("Client 35", None, None)
    assert not model.complete and proxy.rowCount() == 0  # none among the first page
    proxy.set_filters("35", None, None)
    assert proxy.rowCount() == 1  # Client 035, so far
    model.set_clients(ClientPage.of(everyone, {350: frozenset({"couple"})}, complete=True))
    model.fetch_all()
    shown = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert shown == ["Client 035", "Client 135", "Client 235", "Client 335", "Client 350"]
    assert model.data(model.index(0, 3)) == ""  # no unit, now known
    proxy.set_filters("", None, "couple")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Client 350"]


def test_the_screen_says_the_list_is_still_being_read(
    qtbot: QtBot, context: AppContext,
) -> None:
    screen = ClientsScreen(context)
    qtbot.addWidget(screen)
    everyone = tuple(ClientSummary(n, f"Client {n:03d}", None, "active")
                     for n in range(1, 351))
    screen._show(ClientPage.of(everyone[:PAGE_SIZE], {}, complete=False))
    assert screen.model.rowCount() == PAGE_SIZE
    assert "first 100" in screen.count.text()
    qtbot.keyClicks(screen.filter_text, "9")
    assert "Still reading" in screen.count.text()
    assert screen.model.rowCount() == PAGE_SIZE  # all that is known so far
    screen._show(ClientPage.of(everyone, {}, complete=True))
    assert screen.model.rowCount() == 350 and screen.count.text() == "350 clients"
    assert screen.proxy.rowCount() == sum("9" in c.display_name for c in everyone)


def test_a_few_hundred_clients_start_with_one_page() -> None:
    summaries = tuple(ClientSummary(n, f"Client {n:03d}", None, "active") for n in range(1, 351))
    model = ClientListModel()
    model.set_clients(ClientPage.of(summaries, {1: frozenset({"couple", "individual"})}, True))
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE_SIZE
    assert model.data(model.index(0, 3)) == "Couple, Individual"
    assert model.data(model.index(1, 3)) == ""
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 350


def test_data_never_raises_and_answers_none_to_other_roles() -> None:
    model = ClientListModel()
    assert model.data(model.index(0, 0)) is None
    assert model.data(QModelIndex(), Qt.ItemDataRole.DisplayRole) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(9, Qt.Orientation.Horizontal) is None
    assert not model.canFetchMore(QModelIndex())


def test_the_chart_and_editors_wait_for_their_first_use(
    qtbot: QtBot, context: AppContext,
) -> None:
    """Showing the list builds only the list; a chart is built when a client is opened."""
    assert context.store is not None
    ana = factories.client(context.store.sessions, "Ana García")
    screen = ClientsScreen(context)
    qtbot.addWidget(screen)
    screen.load()
    wait_idle(qtbot, context)
    screen.save_drafts()
    screen.show_list()
    assert screen.pages.count() == 1  # the list page alone

    screen.open_client(ana)
    wait_idle(qtbot, context)
    assert screen.pages.currentWidget() is screen.chart and screen.pages.count() == 2
    screen.clear()
    assert screen.pages.currentWidget() is screen.list_page
