"""A unit's relationship graph drawn as a graph: people on a circle, typed edges labelled.

Recorded relationships are solid lines labelled with their kind; metamours (derived by the
core from shared partners, never recorded) are dashed and lighter, labelled "metamour".

People are drawn the same size whatever the unit's size (a unit of one is one small,
centred node, not a circle filling the view): one person in the middle, two side by side,
three to twelve on a circle wide enough that neighbouring names never touch. Names are
shortened to a fixed width (the whole name is in the tooltip), and a relationship's label
slides along its line until it overlaps no name and no other label.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from ui import design

if TYPE_CHECKING:
    from practice.services.units.relationships import UnitGraph

NODE = 18.0  # a person's radius, in the scene's pixels (never scaled up)
LABEL_WIDTH = 120.0  # the widest a name is drawn; longer ones end in "…"
LABEL_GAP = 16.0  # at least this much between neighbouring names
MIN_RADIUS = 110.0  # the smallest circle (three people), and half the gap between two
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


def circle_positions(member_ids: tuple[int, ...], radius: float | None = None
                     ) -> dict[int, QPointF]:
    """Place people so that every name has room, whatever the unit's size.

    One person sits at the centre; two sit side by side on a line through it; three or
    more sit evenly on a circle (the first at the top, going clockwise) whose radius keeps
    neighbours' names, each at most ``LABEL_WIDTH`` wide, ``LABEL_GAP`` apart.

    Args:
        member_ids: The people, in drawing order.
        radius: The circle's radius (or half the line's length); worked out when None.

    Returns:
        Each person's centre, in scene pixels around (0, 0).
    """
    count = len(member_ids)
    if count == 0:  # a closed unit: nobody is a member any more
        return {}
    if count == 1:
        return {member_ids[0]: QPointF(0.0, 0.0)}
    if count == 2:
        half = MIN_RADIUS if radius is None else radius
        return {member_ids[0]: QPointF(-half, 0.0), member_ids[1]: QPointF(half, 0.0)}
    if radius is None:
        radius = max(MIN_RADIUS, (LABEL_WIDTH + LABEL_GAP) / (2 * math.sin(math.pi / count)))
    return {
        member: QPointF(radius * math.sin(2 * math.pi * i / count),
                        -radius * math.cos(2 * math.pi * i / count))
        for i, member in enumerate(member_ids)
    }


def name_box(centre: QPointF, width: float, height: float) -> QRectF:
    """Where a person's name is drawn: centred just below their node."""
    return QRectF(centre.x() - width / 2, centre.y() + NODE + 2, width, height)


def free_spot(start: QPointF, end: QPointF, size: QSizeF, taken: list[QRectF]) -> QRectF:
    """Where by a line its label overlaps nothing already placed (the middle if it can).

    Tries the middle, then points further out along the line on either side in turn, each
    on the line and then just beside it; when every spot is taken (a crowded unit), the
    middle.

    Args:
        start: One end of the line.
        end: The other end.
        size: The label's size.
        taken: What is already drawn there (names, nodes, other labels).

    Returns:
        The label's box.
    """
    along = end - start
    length = math.hypot(along.x(), along.y()) or 1.0
    across = QPointF(-along.y() / length, along.x() / length)  # at right angles to the line

    def box(t: float, aside: float) -> QRectF:
        point = start + along * t + across * aside
        return QRectF(point.x() - size.width() / 2, point.y() - size.height() / 2,
                      size.width(), size.height())

    for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.65, 0.45, 0.55, 0.25, 0.75):
        for aside in (0.0, size.height(), -size.height()):
            candidate = box(t, aside)
            if not any(candidate.intersects(other) for other in taken):
                return candidate
    return box(0.5, 0.0)


class RelationshipGraphView(QGraphicsView):
    """Draws a ``UnitGraph``; ``nodes``, ``names`` and ``edges`` hold what is on the scene."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName("Relationship graph")
        self.setMinimumSize(320, 320)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nodes: dict[int, QGraphicsEllipseItem] = {}
        self.names: dict[int, QGraphicsSimpleTextItem] = {}
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
        # People first: the relationships' labels are then placed clear of their names.
        taken: list[QRectF] = []
        metrics = QFontMetricsF(self.font())
        for member, point in places.items():
            full = names.get(member, f"Client {member}")
            node = self.scene().addEllipse(point.x() - NODE, point.y() - NODE, 2 * NODE,
                                           2 * NODE, QPen(design.text_colour(palette)),
                                           QBrush(design.accent_colour(palette)))
            node.setZValue(1)
            node.setToolTip(full)
            name = self.scene().addSimpleText(
                metrics.elidedText(full, Qt.TextElideMode.ElideRight, LABEL_WIDTH))
            name.setFont(self.font())
            name.setBrush(design.text_colour(palette))
            name.setToolTip(full)
            box = name.boundingRect()
            spot = name_box(point, box.width(), box.height())
            name.setPos(spot.topLeft())
            name.setZValue(3)
            self._backing(spot)
            taken += [spot, node.rect()]
            self.nodes[member] = node
            self.names[member] = name
        for edge in graph.edges:
            if edge.current_on(graph.on) and edge.a_id in places and edge.b_id in places:
                text = edge.label if edge.kind == "other" and edge.label else KIND_WORDS[edge.kind]
                self._edge(edge.a_id, edge.b_id, text, places, taken, derived=False)
        for pair in graph.metamours:
            self._edge(pair.a_id, pair.b_id, "metamour", places, taken, derived=True)
        margin = design.Space.XLARGE
        self.scene().setSceneRect(
            self.scene().itemsBoundingRect().adjusted(-margin, -margin, margin, margin))
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Keep the whole graph in view as the window is resized."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        # Shrink a large unit to fit the view; never enlarge a small one (people keep
        # their size, and a unit of one stays one small node in the middle).
        if not self.nodes:
            return
        scene, view = self.scene().sceneRect(), self.viewport().rect()
        scale = min(1.0, view.width() / scene.width(), view.height() / scene.height())
        self.setTransform(QTransform.fromScale(scale, scale))
        self.centerOn(scene.center())

    def _edge(self, a: int, b: int, text: str, places: dict[int, QPointF],
              taken: list[QRectF], *, derived: bool) -> None:
        palette = self.palette()
        colour = design.muted_colour(palette) if derived else design.text_colour(palette)
        pen = QPen(colour, 1.0 if derived else 2.0)
        pen.setStyle(Qt.PenStyle.DashLine if derived else Qt.PenStyle.SolidLine)
        start, end = places[a], places[b]
        line = self.scene().addLine(start.x(), start.y(), end.x(), end.y(), pen)
        label = self.scene().addSimpleText(text)
        label.setFont(self.font())
        label.setBrush(colour)
        spot = free_spot(start, end, label.boundingRect().size(), taken)
        taken.append(spot)
        self._backing(spot)
        label.setPos(spot.topLeft())
        label.setZValue(3)
        self.edges.append(DrawnEdge(a, b, text, derived, line, label))

    def _backing(self, spot: QRectF) -> None:
        # Words sit on the view's own colour, so a line passing behind does not cross them
        # out (above the lines, below the people and the words).
        backing = self.scene().addRect(spot, QPen(Qt.PenStyle.NoPen),
                                       QBrush(self.palette().color(QPalette.ColorRole.Base)))
        backing.setZValue(2)

    def clear_graph(self) -> None:
        """Remove everything drawn."""
        self.scene().clear()
        self.nodes = {}
        self.names = {}
        self.edges = []
