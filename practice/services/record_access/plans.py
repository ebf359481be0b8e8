"""Treatment plans in the client's copy of their record: gathered, and as a section of the PDF.

The client's own plans are theirs, and so are the plans of every unit they belong or belonged
to (joint work, as a joint session's note is). Another member's own plan is that member's
record and never appears. The section is short: each plan's dates, problems, goals with
their objectives, interventions and reviews, in plain words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from reportlab.platypus import Flowable, Paragraph, Spacer
from sqlalchemy.orm import Session, sessionmaker

from practice.documents.layout import markup, para, short_date, styles
from practice.services.plans import (
    END_REASON_WORDS,
    OUTCOME_WORDS,
    PlanView,
    plans_of_client,
    plans_of_unit,
)

NO_PLAN = "No treatment plan is recorded for you."
_KINDS = {"individual": "individual work", "couple": "your couple's work",
          "polycule": "your polycule's work"}


def gather_plans(sessions: sessionmaker[Session], client_id: int,
                 units: Iterable[tuple[int, str]]) -> tuple[tuple[PlanView, str], ...]:
    """The client's own plans and their units' plans, each with whose work it plans.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client whose copy this is.
        units: (unit id, kind) of every unit the client belongs or belonged to.

    Returns:
        (plan, "your own plan" / "your couple's work", ...) pairs, open plans first.
    """
    found = [(plan, "your own plan") for plan in plans_of_client(sessions, client_id)]
    for unit_id, kind in units:
        found += [(plan, _KINDS.get(kind, "joint work")) for plan in plans_of_unit(sessions,
                                                                               unit_id)]
    return tuple(found)


def plan_texts(plans: Iterable[PlanView]) -> Iterator[tuple[str, str]]:
    """Every printed plan text, with a field name for an unprintable-character error."""
    for plan in plans:
        where = f"treatment plan {plan.id}"
        yield f"{where} title", plan.details.title
        for p in plan.problems:
            yield f"{where} problem", p.text
        for g in plan.goals:
            yield f"{where} goal", g.details.text
            for o in g.objectives:
                yield f"{where} objective", o.details.text
        for i in plan.interventions:
            yield f"{where} intervention", f"{i.details.text} {i.details.frequency or ''}"
        for r in plan.reviews:
            yield f"{where} review", r.summary


def _state(ended_on: date | None, outcome: str | None) -> str:
    if ended_on is None:
        return ""
    words = OUTCOME_WORDS.get(outcome or "", "")
    return f" (ended {short_date(ended_on)}{', ' + words if words else ''})"


def _dates(plan: PlanView, whose: str) -> str:
    d = plan.details
    parts = [whose.capitalize(), f"from {short_date(d.started_on)}"]
    if d.target_on:
        parts.append(f"target {short_date(d.target_on)}")
    if plan.ended_on is not None:
        parts.append(f"closed {short_date(plan.ended_on)}, "
                     f"{END_REASON_WORDS.get(plan.end_reason or '', '')}")
    elif d.review_on:
        parts.append(f"next review {short_date(d.review_on)}")
    return "; ".join(parts) + "."


def _lines(title: str, lines: list[str]) -> list[Flowable]:
    if not lines:
        return []
    return [Paragraph(f"<b>{markup(title)}</b><br/>" + "<br/>".join(lines), styles().tight)]


def plan_section(plans: tuple[tuple[PlanView, str], ...]) -> list[Flowable]:
    """The "Treatment plans" section of the client's copy.

    Args:
        plans: From ``gather_plans``.

    Returns:
        The section's flowables (a heading, then each plan, or a line saying there is none).
    """
    style = styles()
    out: list[Flowable] = [Spacer(0, 8), para("Treatment plans", style.title)]
    if not plans:
        out.append(para(NO_PLAN, style.body))
    for plan, whose in plans:
        out += [para(plan.details.title, style.tight, bold=True),
                para(_dates(plan, whose), style.tight)]
        out += _lines("Problems", [
            markup(p.text) + (f" (resolved {short_date(p.resolved_on)})" if p.resolved_on
                              else "") for p in plan.problems])
        goals: list[str] = []
        for g in plan.goals:
            target = f", by {short_date(g.details.target_on)}" if g.details.target_on else ""
            goals.append(markup(g.details.text) + target + _state(g.ended_on, g.outcome))
            goals += ["&nbsp;&nbsp;– " + markup(o.details.text) + (
                f" ({markup(o.details.score_target)})" if o.details.score_target else "")
                + _state(o.ended_on, o.outcome) for o in g.objectives]
        out += _lines("Goals and objectives", goals)
        out += _lines("Interventions", [
            markup(i.details.text) + (f", {markup(i.details.frequency)}"
                                      if i.details.frequency else "")
            + (f" (ended {short_date(i.ended_on)})" if i.ended_on else "")
            for i in plan.interventions])
        out += _lines("Reviews", [f"{short_date(r.reviewed_on)}: {markup(r.summary)}"
                                  for r in plan.reviews])
        out.append(Spacer(0, 8))
    return out
