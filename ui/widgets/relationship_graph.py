"""A unit's relationship graph drawn as a graph: people on a circle, typed edges labelled.

Recorded relationships are solid lines labelled with their kind; metamours (derived by the
core from shared partners, never recorded) are dashed and lighter, labelled "metamour".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPainter, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

if TYPE_CHECKING:
    from practice.services.units.relationships import UnitGraph

RADIUS = 140.0
NODE = 18.0
KIND_WORDS = {
    "partner": "partner", "spouse": "spouse", "nesting_partner": "nesting partner",
    "co_parent": "co-parent", "former_partner": "former partner", "other": "other",
}


@dataclass(frozen=True)
class DrawnEdge:
    """An edge as drawn: who it joins, what it says, and whether it was derived."""

    a_id: int
    b_id: int
    text: str
    derived: bool
    line: QGraphicsLineItem
    label: QGraphicsSimpleTextItem


def circle_positions(member_ids: tuple[int, ...], radius: float = RADIUS
                     ) -> dict[int, QPointF]:
    """Place people evenly on a circle, the first at the top, going clockwise."""
    count = max(len(member_ids), 1)
    return {
        member: QPointF(radius * math.sin(2 * math.pi * i / count),
                        -radius * math.cos(2 * math.pi * i / count))
        for i, member in enumerate(member_ids)
    }


class RelationshipGraphView(QGraphicsView):
    """Draws a ``UnitGraph``; ``nodes`` and ``edges`` hold what is on the scene."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName("Relationship graph")
        self.setMinimumSize(320, 320)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nodes: dict[int, QGraphicsEllipseItem] = {}
        self.edges: list[DrawnEdge] = []

    def show_graph(self, graph: UnitGraph, names: dict[int, str]) -> None:
        """Draw a unit's members and relationships on the day the graph was read for.

        Args:
            graph: The members, current edges and derived metamours.
            names: Each member's display name by id.
        """
        self.clear_graph()
        places = circle_positions(graph.member_ids)
        palette = self.palette()
        for edge in graph.edges:
            if edge.current_on(graph.on) and edge.a_id in places and edge.b_id in places:
                text = edge.label if edge.kind == "other" and edge.label else KIND_WORDS[edge.kind]
                self._edge(edge.a_id, edge.b_id, text, places, derived=False)
        for pair in graph.metamours:
            self._edge(pair.a_id, pair.b_id, "metamour", places, derived=True)
        for member, point in places.items():
            node = self.scene().addEllipse(point.x() - NODE, point.y() - NODE, 2 * NODE,
                                           2 * NODE, QPen(palette.color(QPalette.ColorRole.Text)),
                                           QBrush(palette.color(QPalette.ColorRole.Highlight)))
            node.setToolTip(names.get(member, ""))
            name = self.scene().addSimpleText(names.get(member, f"Client {member}"))
            name.setBrush(palette.color(QPalette.ColorRole.Text))
            box = name.boundingRect()
            name.setPos(point.x() - box.width() / 2, point.y() + NODE + 2)
            self.nodes[member] = node
        self.scene().setSceneRect(self.scene().itemsBoundingRect().adjusted(-20, -20, 20, 20))
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Keep the whole graph in view as the window is resized."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.nodes:
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def _edge(self, a: int, b: int, text: str, places: dict[int, QPointF], *,
              derived: bool) -> None:
        palette = self.palette()
        role = QPalette.ColorRole.Mid if derived else QPalette.ColorRole.Text
        pen = QPen(palette.color(role), 1.0 if derived else 2.0)
        pen.setStyle(Qt.PenStyle.DashLine if derived else Qt.PenStyle.SolidLine)
        start, end = places[a], places[b]
        line = self.scene().addLine(start.x(), start.y(), end.x(), end.y(), pen)
        label = self.scene().addSimpleText(text)
        label.setBrush(palette.color(role))
        middle = (start + end) / 2
        box = label.boundingRect()
        # Labels of crossing edges would sit on the circle's centre together; nudge them
        # along their own edge so each stays readable.
        nudge = (end - start) * (0.12 * (len(self.edges) % 3 - 1))
        label.setPos(middle.x() + nudge.x() - box.width() / 2,
                     middle.y() + nudge.y() - box.height() / 2)
        self.edges.append(DrawnEdge(a, b, text, derived, line, label))

    def clear_graph(self) -> None:
        """Remove everything drawn."""
        self.scene().clear()
        self.nodes = {}
        self.edges = []
