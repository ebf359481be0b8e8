"""A treatment plan as table models: its items and its reviews, each row in words.

Objectives are listed right under their goal, marked as its steps, so the table reads the way
a plan is written on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject

from ui.models.providers import _RowsModel

if TYPE_CHECKING:
    from practice.services.plans import PlanView

ItemKind = Literal["problem", "goal", "objective", "intervention"]
ITEM_HEADERS = ("Kind", "Item", "Target", "Since", "Status")
REVIEW_HEADERS = ("Reviewed", "Summary", "Next review")
KIND_WORDS: dict[str, str] = {"problem": "Problem", "goal": "Goal",
                              "objective": "  Objective", "intervention": "Intervention"}


def day_text(day: date | None) -> str:
    """A date as the tables show it ("" for none)."""
    return "" if day is None else day.isoformat()


@dataclass(frozen=True)
class PlanItem:
    """One row of the plan's items: what it is, its record id, and whether it is still open.

    ``goal_id`` is the goal an objective belongs to (the goal's own id for a goal).
    """

    kind: ItemKind
    id: int
    is_open: bool
    goal_id: int | None = None


def _status(ended_on: date | None, outcome: str | None, *, resolved: bool = False) -> str:
    from practice.services.plans import OUTCOME_WORDS

    if ended_on is None:
        return "Open"
    if resolved:
        return f"Resolved {ended_on.isoformat()}"
    words = f"Ended {ended_on.isoformat()}"
    return f"{words}, {OUTCOME_WORDS.get(outcome or '', outcome or '')}" if outcome else words


def plan_rows(plan: PlanView) -> tuple[tuple[PlanItem, tuple[str, ...]], ...]:
    """Every item of a plan with its row's words, in the order a plan is read."""
    rows: list[tuple[PlanItem, tuple[str, ...]]] = []
    for p in plan.problems:
        rows.append((PlanItem("problem", p.id, p.is_open),
                     (KIND_WORDS["problem"], p.text, "", day_text(p.added_on),
                      _status(p.resolved_on, None, resolved=True))))
    for g in plan.goals:
        addressed = f"; addressed in {g.times_addressed} session(s)" if g.times_addressed else ""
        rows.append((PlanItem("goal", g.id, g.is_open, g.id),
                     (KIND_WORDS["goal"], g.details.text, day_text(g.details.target_on),
                      day_text(g.added_on), _status(g.ended_on, g.outcome) + addressed)))
        for o in g.objectives:
            target = ", ".join(x for x in (o.details.score_target,
                                           day_text(o.details.target_on)) if x)
            rows.append((PlanItem("objective", o.id, o.is_open, g.id),
                         (KIND_WORDS["objective"], o.details.text, target,
                          day_text(o.added_on), _status(o.ended_on, o.outcome))))
    for i in plan.interventions:
        text = i.details.text + (f" ({i.details.frequency})" if i.details.frequency else "")
        rows.append((PlanItem("intervention", i.id, i.is_open),
                     (KIND_WORDS["intervention"], text, "", day_text(i.added_on),
                      _status(i.ended_on, None))))
    return tuple(rows)


class PlanItemsModel(_RowsModel):
    """A plan's problems, goals (each followed by its objectives) and interventions."""

    headers = ITEM_HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: tuple[PlanItem, ...] = ()

    def set_plan(self, plan: PlanView | None) -> None:
        """Show a plan's items (None: nothing)."""
        rows = plan_rows(plan) if plan is not None else ()
        self._items = tuple(item for item, _cells in rows)
        self._replace(tuple(cells for _item, cells in rows),
                      tuple(item.id for item in self._items))

    def item(self, row: int) -> PlanItem:
        """The item shown on ``row``."""
        return self._items[row]

    def row_of(self, kind: ItemKind, record_id: int) -> int | None:
        """The row showing one item, if it is shown."""
        return next((row for row, item in enumerate(self._items)
                     if (item.kind, item.id) == (kind, record_id)), None)


class PlanReviewsModel(_RowsModel):
    """A plan's reviews, oldest first."""

    headers = REVIEW_HEADERS

    def set_plan(self, plan: PlanView | None) -> None:
        """Show a plan's reviews (None: nothing)."""
        reviews = plan.reviews if plan is not None else ()
        self._replace(tuple((day_text(r.reviewed_on), r.summary, day_text(r.next_review_on))
                            for r in reviews), tuple(r.id for r in reviews))
