"""A polycule's relationship satisfaction: each member's CSI about a partner, entered from a
member's chart, colours that relationship on the unit's graph and draws a line over time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QListWidget
from pytestqt.qtbot import QtBot

from practice.services.measures import record_measure
from practice.services.units.relationships import add_relationship
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ContextFactory, wait_idle
from tests.ui.measures_steps import measures_of, on_screen
from tests.ui.visible import choose, click, dialog, find, type_into
from ui.context import AppContext
from ui.design import distress_colour
from ui.screens.units import UnitsScreen
from ui.screens.units.csi_panel import HEADING
from ui.widgets.relationship_graph import RelationshipGraphView
from ui.widgets.trend_chart import LinesChart


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> Iterator[AppContext]:
    """A context with the test's store open (closed by ``make_context``)."""
    made = make_context(store_path)
    made.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    yield made


def test_a_csi_below_the_cutoff_turns_its_relationship_red_and_the_others_green(
    qtbot: QtBot, context: AppContext,
) -> None:
    assert context.store is not None
    sessions = context.store.sessions
    ash = factories.client(sessions, "Ash Moreno")
    blair = factories.client(sessions, "Blair Chen")
    cam = factories.client(sessions, "Cam Duarte")
    outsider = factories.client(sessions, "Dee Outsider")
    polycule = factories.unit(sessions, "polycule", ash, blair, cam)
    factories.unit(sessions, "individual", outsider)
    add_relationship(sessions, polycule, ash, blair, "partner")
    add_relationship(sessions, polycule, blair, cam, "partner")
    # Blair and Cam rate each other above the CSI-4 cutoff of 13.5; Blair rates Ash too.
    for rater, partner, answers in ((blair, cam, [5, 4, 4, 4]), (cam, blair, [6, 5, 4, 5]),
                                    (blair, ash, [4, 4, 4, 4])):
        record_measure(sessions, rater, "csi4", answers, on=date(2026, 9, 1),
                       partner_id=partner)

    # Ash's CSI-4 about Blair, typed in from paper in Ash's chart: the partner is one of
    # Ash's unit partners, never another client of the practice.
    clients = measures_of(qtbot, context, ash)
    choose(qtbot, clients, "Measure to give", "CSI-4")
    click(qtbot, clients, "Enter answers")
    form = dialog(qtbot, "Enter CSI-4 answers")
    chooser = find(form, QComboBox, "Partner")
    assert sorted(chooser.itemText(i) for i in range(chooser.count())) == [
        "Blair Chen", "Cam Duarte"]
    choose(qtbot, form, "Partner", "Blair Chen")
    type_into(qtbot, form, "Date answered", "2026-09-02")
    for number, points in enumerate(("2", "3", "2", "1"), start=1):
        type_into(qtbot, form, f"Item {number}", points)
    click(qtbot, form, "Save")
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: not on_screen("Enter CSI-4 answers"), timeout=5000)

    units = UnitsScreen(context)
    qtbot.addWidget(units)
    units.show()
    units.load()
    wait_idle(qtbot, context)

    said = find(units, QListWidget, HEADING)
    assert [said.item(r).text() for r in range(said.count())] == [
        "Ash Moreno about Blair Chen: CSI-4 8 (notable relationship dissatisfaction, "
        "below the distress cutoff), 02 Sep 2026",
        "Blair Chen about Ash Moreno: CSI-4 16 (above the distress cutoff), 01 Sep 2026",
        "Blair Chen about Cam Duarte: CSI-4 17 (above the distress cutoff), 01 Sep 2026",
        "Cam Duarte about Blair Chen: CSI-4 20 (above the distress cutoff), 01 Sep 2026",
    ]
    graph = find(units, RelationshipGraphView, "Relationship graph")
    colours = {frozenset((e.a_id, e.b_id)): e.line.pen().color().name() for e in graph.edges}
    # Ash is in distress with Blair (whatever Blair feels); Blair and Cam are not.
    assert colours[frozenset((ash, blair))] == distress_colour(True).name()
    assert colours[frozenset((blair, cam))] == distress_colour(False).name()
    # Ash and Cam are metamours: nobody rated that edge, so it keeps its own colour.
    assert colours[frozenset((ash, cam))] not in {distress_colour(True).name(),
                                                 distress_colour(False).name()}
    ash_blair = next(e for e in graph.edges if {e.a_id, e.b_id} == {ash, blair})
    assert "Ash Moreno about Blair Chen: CSI-4 8" in ash_blair.line.toolTip()

    lines = find(units, LinesChart, "Relationship satisfaction over time")
    drawn = {s.name(): s for s in lines.chart().series()}
    assert "CSI-4 distress cutoff 13.5" in drawn
    assert {name for name in drawn if "about" in name} == {
        "Ash Moreno about Blair Chen (CSI-4)", "Blair Chen about Ash Moreno (CSI-4)",
        "Blair Chen about Cam Duarte (CSI-4)", "Cam Duarte about Blair Chen (CSI-4)"}
    assert not lines.grab().toImage().isNull()
