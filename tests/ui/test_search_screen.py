"""Global search: results as you type, grouped by kind, each opening its record; lock clears."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from practice.services import notes, psychotherapy
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ContextFactory, ControllerFactory, wait_idle
from ui.context import AppContext
from ui.models.search_results import SearchResultsModel
from ui.screens.clients import ClientsScreen
from ui.screens.search import SearchScreen
from ui.workspace import Workspace


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> Iterator[AppContext]:
    """A context with the test's store open (closed by ``make_context``)."""
    made = make_context(store_path)
    made.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    yield made


def _groups(model: SearchResultsModel) -> dict[str, list[str]]:
    found = {}
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        found[str(group.data()).rsplit(" (", 1)[0]] = [
            str(model.index(r, 0, group).data()) for r in range(model.rowCount(group))]
    return found


def _type_and_wait(qtbot: QtBot, search: SearchScreen, text: str, group: str) -> None:
    search.field.clear()
    qtbot.keyClicks(search.field, text)
    qtbot.waitUntil(lambda: group in _groups(search.model), timeout=3000)


def test_search_finds_a_client_and_a_note_as_you_type_and_opens_them(
    qtbot: QtBot, context: AppContext,
) -> None:
    assert context.store is not None
    sessions = context.store.sessions
    robin = factories.client(sessions, "Robert Quenneville", "Robin", pronouns="they/them")
    unit = factories.unit(sessions, "individual", robin)
    note = factories.signed(sessions, unit, text="Practised sensate focus with a partner.")
    notes.add_addendum(sessions, note.id, "Sensate exercises were twice weekly.",
                       signed_by="Dr. Ada Rivera")
    psychotherapy.create_psychotherapy_note(sessions, unit, factories.SESSION_DAY,
                                            "Sensate work stirs my own grief.")
    workspace = Workspace(context)
    qtbot.addWidget(workspace)
    workspace.show()
    search = workspace.section(SearchScreen)
    clients = workspace.section(ClientsScreen)

    _type_and_wait(qtbot, search, "Robi", "Clients")
    assert _groups(search.model)["Clients"] == ["Robin — they/them"]
    search.results.activated.emit(search.model.index(0, 0, search.model.index(0, 0)))
    wait_idle(qtbot, context)
    assert workspace.current is clients and clients.pages.currentWidget() is clients.chart
    assert clients.chart.client_id == robin

    workspace.focus_search()
    _type_and_wait(qtbot, search, "sensate", "Notes")
    found = _groups(search.model)
    assert list(found) == ["Notes", "Addenda"]  # never the psychotherapy note
    qtbot.keyClick(search.field, Qt.Key.Key_Return)  # opens the first result
    wait_idle(qtbot, context)
    assert clients.pages.currentWidget() is clients.editor
    assert clients.editor.note is not None and clients.editor.note.id == note.id

    # Kept apart from the record: the Search screen offers no way to list them.
    assert not [box for box in search.findChildren(QCheckBox) if "sychotherapy" in box.text()]
    search.field.clear()
    qtbot.keyClicks(search.field, "grief")  # only the psychotherapy note says it
    qtbot.waitUntil(lambda: search.summary.text() == "Nothing found.", timeout=3000)
    assert _groups(search.model) == {}


def test_the_results_model_answers_none_for_what_it_does_not_hold() -> None:
    model = SearchResultsModel()
    assert model.rowCount() == 0
    assert model.data(QModelIndex()) is None
    assert model.hit(model.index(0, 0)) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Results"
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_locking_saves_the_typed_note_and_clears_chart_editor_and_search(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        kai = factories.client(store.sessions, "Kai Lindqvist")
        note = factories.draft(store.sessions, factories.unit(store.sessions, "individual", kai),
                               text="")
    controller = make_controller(store_path)
    controller.start()
    qtbot.keyClicks(controller.window.unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(controller.window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    wait_idle(qtbot, controller.context)
    workspace = controller.window.workspace
    assert workspace is not None
    search = workspace.section(SearchScreen)
    _type_and_wait(qtbot, search, "Kai", "Clients")
    clients = workspace.section(ClientsScreen)
    clients.open_note(note.id)
    wait_idle(qtbot, controller.context)
    qtbot.keyClicks(clients.editor.editors["body"], "Said just before the lock.")

    controller.lock()
    wait_idle(qtbot, controller.context)

    assert search.field.text() == "" and search.model.rowCount() == 0
    assert clients.pages.currentWidget() is clients.list_page
    assert clients.editor.editors == {} and clients.chart.client_id is None
    assert clients.model.rowCount() == 0
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        assert notes.get_note(store.sessions, note.id).section("body") == (
            "Said just before the lock.")
