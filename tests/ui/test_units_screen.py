"""The Units section: a polycule of four made through the screen, drawn as a graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from practice.services.clients import ClientDetails, create_client
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import ContextFactory, wait_idle
from ui.context import AppContext
from ui.screens.units import UnitsScreen
from ui.screens.units.dialogs import MembersDialog, NewUnitDialog, RelationshipDialog, tick

NAMES = ("Ana Ruiz", "Ben Cole", "Cleo Park", "Dev Shah")


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> AppContext:
    context = make_context(store_path)
    context.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    return context


@pytest.fixture
def people(context: AppContext) -> dict[str, int]:
    assert context.store is not None
    return {name.split()[0]: create_client(context.store.sessions,
                                           ClientDetails(legal_name=name)).id
            for name in NAMES}


@pytest.fixture
def screen(qtbot: QtBot, context: AppContext, people: dict[str, int]) -> Iterator[UnitsScreen]:
    shown = UnitsScreen(context)
    qtbot.addWidget(shown)
    shown.load()
    wait_idle(qtbot, context)
    yield shown
    shown.clear()


def make_polycule(qtbot: QtBot, context: AppContext, screen: UnitsScreen,
                  people: dict[str, int]) -> None:
    screen.new_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, NewUnitDialog))  # clients read first
    dialog = screen.dialog
    assert isinstance(dialog, NewUnitDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("polycule"))
    for person in people.values():
        tick(dialog.members, person)
    dialog.save_button.click()
    wait_idle(qtbot, context)
    assert screen.dialog is None


def relate(qtbot: QtBot, context: AppContext, screen: UnitsScreen, a: int, b: int,
           kind: str) -> None:
    screen.add_button.click()
    dialog = screen.dialog
    assert isinstance(dialog, RelationshipDialog)
    dialog.choose(a, b, kind)
    dialog.save_button.click()
    wait_idle(qtbot, context)
    assert screen.dialog is None


def drawn(screen: UnitsScreen) -> set[tuple[int, int, str, bool]]:
    return {(e.a_id, e.b_id, e.text, e.derived) for e in screen.graph.edges}


def test_a_polycule_of_four_is_made_and_its_metamours_are_drawn_dashed(
    qtbot: QtBot, context: AppContext, screen: UnitsScreen, people: dict[str, int],
) -> None:
    make_polycule(qtbot, context, screen, people)
    ana, ben, cleo, dev = (people[n] for n in ("Ana", "Ben", "Cleo", "Dev"))
    listed = screen.unit_list
    assert listed.rowCount() == 1 and "polycule" in listed.index(0, 0).data()
    assert screen.current_unit_id() == listed.unit_id(0)
    assert set(screen.graph.nodes) == {ana, ben, cleo, dev}

    relate(qtbot, context, screen, ana, ben, "partner")
    relate(qtbot, context, screen, ben, cleo, "spouse")
    relate(qtbot, context, screen, cleo, dev, "nesting_partner")

    assert drawn(screen) == {
        (ana, ben, "partner", False), (ben, cleo, "spouse", False),
        (cleo, dev, "nesting partner", False),
        (ana, cleo, "metamour", True), (ben, dev, "metamour", True),
    }
    scene_items = set(screen.graph.scene().items())
    for edge in screen.graph.edges:
        assert edge.line in scene_items and edge.label in scene_items
        style = edge.line.pen().style()
        assert style == (Qt.PenStyle.DashLine if edge.derived else Qt.PenStyle.SolidLine)
    solid = next(e for e in screen.graph.edges if not e.derived).line.pen().color()
    dashed = next(e for e in screen.graph.edges if e.derived).line.pen().color()
    assert dashed != solid  # lighter, not only dashed
    assert all(node in scene_items for node in screen.graph.nodes.values())
    assert screen.relationships.count() == 3


def test_a_member_leaving_is_kept_in_the_history_and_leaves_the_graph(
    qtbot: QtBot, context: AppContext, screen: UnitsScreen, people: dict[str, int],
) -> None:
    make_polycule(qtbot, context, screen, people)
    relate(qtbot, context, screen, people["Ana"], people["Dev"], "partner")
    screen.members_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, MembersDialog))  # clients read first
    dialog = screen.dialog
    assert isinstance(dialog, MembersDialog)
    tick(dialog.leaving, people["Dev"])
    dialog.save_button.click()
    wait_idle(qtbot, context)

    assert set(screen.graph.nodes) == {people["Ana"], people["Ben"], people["Cleo"]}
    assert screen.graph.edges == []
    history = [screen.members.item(i).text() for i in range(screen.members.count())]
    assert len(history) == 4 and any(h.startswith("Dev Shah") and "left" in h for h in history)


def test_a_couple_cannot_keep_three_members_and_the_dialog_stays_open(
    qtbot: QtBot, context: AppContext, screen: UnitsScreen, people: dict[str, int],
) -> None:
    screen.new_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, NewUnitDialog))  # clients read first
    dialog = screen.dialog
    assert isinstance(dialog, NewUnitDialog)
    for name in ("Ana", "Ben", "Cleo"):
        tick(dialog.members, people[name])
    dialog.save_button.click()
    wait_idle(qtbot, context)
    assert screen.dialog is dialog and dialog.isVisible()
    assert screen.unit_list.rowCount() == 0
    dialog.reject()
