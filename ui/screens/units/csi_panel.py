"""A unit's relationship satisfaction (CSI): on its graph's edges, in words, and over time.

In a polycule each member rates each partner, so a relationship has two scores, one each
way. An edge of the graph takes the colour of its latest scores against the published
distress cutoff: red when either person's latest score is below it (the relationship is
in distress for at least one of them), green when every score on it is above. The words
beside the graph say each direction's score, band and day (the colour only helps the eye),
and a small chart draws every direction as a line over time.

The graph widget is not changed here: its drawn edges are recoloured after it has drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QPen
from PySide6.QtWidgets import QListWidget, QVBoxLayout, QWidget

from practice.measures import INSTRUMENTS
from ui import design
from ui.widgets.trend_chart import Line, LinesChart

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.measures import EdgeScore
    from ui.context import AppContext
    from ui.widgets.relationship_graph import RelationshipGraphView

HEADING = "Relationship satisfaction (CSI)"
NONE_YET = ("No relationship satisfaction recorded yet: give a CSI-16 or CSI-4 about a "
            "partner from a member's chart.")


@dataclass(frozen=True)
class UnitScores:
    """A unit's CSI, read on the worker: latest score per direction and each one's line."""

    unit_id: int
    scores: tuple[EdgeScore, ...]
    lines: tuple[tuple[EdgeScore, tuple[tuple[date, float], ...]], ...]


def read_unit_scores(sessions: sessionmaker[Session], unit_id: int) -> UnitScores:
    """Read the latest CSI per directed edge and every direction's totals over time."""
    from practice.services.measures import relationship_scores, trend

    scores = relationship_scores(sessions, unit_id)
    lines = tuple(
        (score, tuple((p.administered_on, p.total) for p in trend(
            sessions, score.rater_id, score.instrument, partner_id=score.partner_id).points))
        for score in scores)
    return UnitScores(unit_id, scores, lines)


def score_words(score: EdgeScore, names: dict[int, str]) -> str:
    """One direction in words: "Alex about Sam: CSI-16 38 (...), below the distress cutoff"."""
    form = INSTRUMENTS[score.instrument]
    side = {True: "below the distress cutoff", False: "above the distress cutoff",
            None: "no published cutoff"}[score.below_cutoff]
    said = score.band if side in score.band else f"{score.band}, {side}"
    return (f"{names.get(score.rater_id, '?')} about {names.get(score.partner_id, '?')}: "
            f"{score.name} {form.format_total(score.total)} ({said}), "
            f"{score.administered_on:%d %b %Y}")


def colour_edges(graph: RelationshipGraphView, scores: tuple[EdgeScore, ...],
                 names: dict[int, str]) -> None:
    """Colour each drawn edge by its latest scores against the cutoff, and say them on hover.

    Args:
        graph: The graph as drawn (its edges keep their width and dashes).
        scores: The latest score per direction.
        names: Display names by client id.
    """
    by_pair: dict[frozenset[int], list[EdgeScore]] = {}
    for score in scores:
        by_pair.setdefault(frozenset((score.rater_id, score.partner_id)), []).append(score)
    for drawn in graph.edges:
        found = by_pair.get(frozenset((drawn.a_id, drawn.b_id)))
        judged = [s for s in found or () if s.below_cutoff is not None]
        if not judged:
            continue
        pen = QPen(drawn.line.pen())
        pen.setColor(design.distress_colour(any(s.below_cutoff for s in judged),
                                            graph.palette()))
        pen.setWidthF(max(pen.widthF(), 3.0))
        drawn.line.setPen(pen)
        drawn.line.setToolTip("\n".join(score_words(s, names) for s in judged))


class CsiPanel(QWidget):
    """The unit's CSI in words and as lines over time; recolours the unit's graph.

    Args:
        context: The application context.
        graph: The unit's relationship graph, already drawn when ``show_unit`` is called.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, graph: RelationshipGraphView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.graph = graph
        self.unit_id: int | None = None
        self.names: dict[int, str] = {}
        self.scores: tuple[EdgeScore, ...] = ()
        heading = design.heading(HEADING, design.TypeStep.BODY)
        self.listing = QListWidget()
        self.listing.setAccessibleName(HEADING)
        self.listing.setMaximumHeight(90)
        self.chart = LinesChart("Relationship satisfaction over time")
        self.chart.setMinimumHeight(260)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading)
        column.addWidget(self.listing)
        column.addWidget(self.chart, 1)
        self.hide()

    def show_unit(self, unit_id: int, names: dict[int, str]) -> None:
        """Read a unit's CSI and show it (after the graph has been drawn).

        Args:
            unit_id: The unit.
            names: Its members' display names by client id.
        """
        self.unit_id, self.names = unit_id, dict(names)
        self.context.read(lambda sessions: read_unit_scores(sessions, unit_id),
                          on_success=self._show, parent=self)

    def _show(self, found: UnitScores) -> None:
        if found.unit_id != self.unit_id:
            return  # another unit was chosen meanwhile
        self.scores = found.scores
        self.listing.clear()
        for score in found.scores:
            self.listing.addItem(score_words(score, self.names))
        if not found.scores:
            self.listing.addItem(NONE_YET)
        colour_edges(self.graph, found.scores, self.names)
        self._draw(found)
        self.show()

    def _draw(self, found: UnitScores) -> None:
        used = {s.instrument for s in found.scores}
        forms = [INSTRUMENTS[key] for key in INSTRUMENTS if key in used]
        self.chart.setVisible(bool(forms))
        if not forms:
            self.chart.clear_chart()
            return
        lines = [Line(f"{self.names.get(s.rater_id, '?')} about "
                      f"{self.names.get(s.partner_id, '?')} ({s.name})", points)
                 for s, points in found.lines]
        cutoffs = [(f"{f.name} distress cutoff {f.cutoff:g}", f.cutoff) for f in forms
                   if f.cutoff is not None]
        self.chart.show_lines(lines, min(f.lowest_total for f in forms),
                              max(f.highest_total for f in forms), cutoffs)

    def clear(self) -> None:
        """Forget the unit shown."""
        self.unit_id, self.names, self.scores = None, {}, ()
        self.listing.clear()
        self.chart.clear_chart()
        self.hide()
