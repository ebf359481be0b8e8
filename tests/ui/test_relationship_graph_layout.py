"""A unit of one to twelve people, drawn so every person is the same size and every name reads."""

from __future__ import annotations

import math
from datetime import date
from itertools import combinations, pairwise

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from practice.services.units import Edge, UnitGraph, derive_metamours
from ui.widgets.relationship_graph import (
    LABEL_WIDTH,
    NODE,
    RelationshipGraphView,
    circle_positions,
    name_box,
)

DAY = date(2026, 3, 2)
NAME_HEIGHT = 18.0  # a line of body text, with room to spare
LONG_NAMES = ("Alexandria Montgomery-Featherstonehaugh", "Bartholomew Winterbottom-Smythe",
              "Cleo Park", "Dev Shah", "Esperanza Villanueva de la Cruz", "Fox",
              "Georgiana Cholmondeley", "Hiroshi Yamamoto-Takahashi", "Ines", "Jo",
              "Konstantin Aleksandrovich", "Lee")


def _people(count: int) -> tuple[int, ...]:
    return tuple(range(101, 101 + count))


@pytest.mark.parametrize("count", range(1, 13))
def test_people_are_placed_so_no_two_names_overlap(count: int) -> None:
    places = circle_positions(_people(count))
    assert list(places) == list(_people(count))
    names = [name_box(point, LABEL_WIDTH, NAME_HEIGHT) for point in places.values()]
    nodes = [QRectF(p.x() - NODE, p.y() - NODE, 2 * NODE, 2 * NODE) for p in places.values()]
    for first, second in combinations(range(count), 2):
        assert not names[first].intersects(names[second]), (count, first, second)
        assert not nodes[first].intersects(nodes[second]), (count, first, second)
        assert not names[first].intersects(nodes[second]), (count, first, second)
        assert not nodes[first].intersects(names[second]), (count, first, second)


def test_a_closed_unit_with_nobody_left_draws_nobody(qtbot: QtBot, qapp: QApplication) -> None:
    assert circle_positions(()) == {}
    view = RelationshipGraphView()
    qtbot.addWidget(view)
    view.show_graph(UnitGraph(1, DAY, (), (), ()), {})
    assert view.nodes == {} and view.edges == []


def test_one_person_sits_in_the_middle() -> None:
    assert circle_positions((7,)) == {7: QPointF(0, 0)}


def test_two_people_sit_side_by_side_on_a_line_through_the_middle() -> None:
    places = circle_positions((7, 8))
    left, right = places[7], places[8]
    assert left.y() == right.y() == 0
    assert left.x() == -right.x() < 0


@pytest.mark.parametrize("count", range(3, 13))
def test_three_to_twelve_people_sit_evenly_on_a_circle_the_first_at_the_top(
        count: int) -> None:
    places = list(circle_positions(_people(count)).values())
    radii = {round(math.hypot(p.x(), p.y()), 6) for p in places}
    assert len(radii) == 1
    assert places[0].x() == pytest.approx(0) and places[0].y() < 0
    gaps = {round(math.dist((a.x(), a.y()), (b.x(), b.y())), 6)
            for a, b in zip(places, places[1:] + places[:1], strict=True)}
    assert len(gaps) == 1  # evenly spaced
    assert places[1].x() > 0  # clockwise


def _graph(count: int) -> UnitGraph:
    members = _people(count)
    # Everyone partnered with the next person round: a ring (with metamours across it).
    pairs = list(pairwise(members))
    if count > 2:
        pairs.append((members[0], members[-1]))
    edges = tuple(Edge(i, min(a, b), max(a, b), "partner", None, None, None)
                  for i, (a, b) in enumerate(pairs, 1))
    return UnitGraph(1, DAY, members, edges, derive_metamours(members, edges, DAY))


def _view(qtbot: QtBot, count: int) -> RelationshipGraphView:
    view = RelationshipGraphView()
    qtbot.addWidget(view)
    view.resize(520, 420)
    view.show()
    qtbot.waitExposed(view)
    view.show_graph(_graph(count), dict(zip(_people(count), LONG_NAMES, strict=False)))
    return view


def test_a_unit_of_one_is_one_small_node_in_the_middle_of_the_view(
        qtbot: QtBot, qapp: QApplication) -> None:
    view = _view(qtbot, 1)
    (node,) = view.nodes.values()
    on_screen = view.mapFromScene(node.sceneBoundingRect()).boundingRect()
    assert on_screen.width() <= 2 * NODE + 2  # its own size, not blown up to fill the view
    centre = view.viewport().rect().center()
    assert abs(on_screen.center().x() - centre.x()) <= 2
    assert abs(on_screen.center().y() - centre.y()) <= NODE + NAME_HEIGHT


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8, 12])
def test_people_keep_one_size_and_no_label_on_screen_overlaps_another(
        qtbot: QtBot, qapp: QApplication, count: int) -> None:
    view = _view(qtbot, count)
    assert len(view.nodes) == count
    sizes = {round(n.rect().width(), 3) for n in view.nodes.values()}
    assert sizes == {2 * NODE}
    names = [item.sceneBoundingRect() for item in view.names.values()]
    assert all(box.width() <= LABEL_WIDTH + 1 for box in names)  # long names shortened
    shortened = view.names[_people(count)[0]]
    assert shortened.text().endswith("…")
    assert shortened.toolTip() == LONG_NAMES[0]  # the whole name is a hover away
    labels = [edge.label.sceneBoundingRect() for edge in view.edges]
    assert len(labels) == len(_graph(count).edges) + len(_graph(count).metamours)
    nodes = [node.sceneBoundingRect() for node in view.nodes.values()]
    for first, second in combinations(names, 2):
        assert not first.intersects(second)
    for label in labels:
        assert not any(label.intersects(box) for box in names + nodes)
    for first, second in combinations(labels, 2):
        assert not first.intersects(second)
    # The whole unit is in view.
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(view.scene().itemsBoundingRect())
