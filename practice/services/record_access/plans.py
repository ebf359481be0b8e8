"""Treatment plans in the client's copy of their record: gathered, and as a section of the PDF.

The client's own plans are theirs, and so are the plans of every unit they belong or belonged
to (joint work, as a joint session's note is). Another member's own plan is that member's
record and never appears. The section is short: each plan's dates, problems, goals with
their objectives, interventions and reviews, in plain words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer
from sqlalchemy.orm import Session, sessionmaker

from practice.documents.layout import markup, para, short_date, styles
from practice.services.plans import (
    END_REASON_WORDS,
    OUTCOME_WORDS,
    GoalView,
    PlanView,
    plans_of_client,
    plans_of_unit,
)

JSON = dict[str, Any]
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


# --- the FHIR copy ----------------------------------------------------------------------------


def _goal(client: JSON, goal: GoalView) -> JSON:
    targets = []
    for o in goal.objectives:
        d = o.details
        target: JSON = {"measure": {"text": d.text}}
        if d.instrument is not None and d.target_score is not None:
            side = "low" if d.direction == "at_or_above" else "high"
            target["measure"]["text"] = f"{d.text} ({d.score_target})"
            target["detailRange"] = {side: {"value": d.target_score}}
        if d.target_on is not None:
            target["dueDate"] = d.target_on.isoformat()
        targets.append(target)
    if not targets and goal.details.target_on is not None:
        targets.append({"dueDate": goal.details.target_on.isoformat()})
    status = "active" if goal.is_open else (
        "cancelled" if goal.outcome == "discontinued" else "completed")
    return {
        "resourceType": "Goal", "lifecycleStatus": status,
        "description": {"text": goal.details.text}, "subject": client,
        "startDate": goal.added_on.isoformat(),
        **({"target": targets} if targets else {}),
        **({"achievementStatus": {"text": OUTCOME_WORDS[goal.outcome]},
            "statusDate": goal.ended_on.isoformat()}
           if goal.outcome is not None and goal.ended_on is not None else {}),
    }


def plan_resources(client_id: int, plans: Iterable[tuple[PlanView, str]],
                   ref: Callable[[str, int | str], JSON]) -> list[tuple[str, int | str, JSON]]:
    """Each plan as a FHIR CarePlan, with a Goal per goal (objectives as its targets).

    Args:
        client_id: The patient.
        plans: From ``gather_plans``.
        ref: Makes a reference to another resource of the bundle (kind, number).

    Returns:
        (resource kind, number, resource) for the bundle.
    """
    client = ref("Patient", client_id)
    out: list[tuple[str, int | str, JSON]] = []
    for plan, whose in plans:
        out += [("Goal", g.id, _goal(client, g)) for g in plan.goals]
        d = plan.details
        problems = "; ".join(p.text for p in plan.problems)
        out.append(("CarePlan", plan.id, {
            "resourceType": "CarePlan", "intent": "plan", "subject": client,
            "status": "active" if plan.is_open else "completed", "title": d.title,
            "description": whose.capitalize() + (f". Problems: {problems}" if problems else ""),
            "period": {k: v.isoformat() for k, v in (("start", d.started_on),
                                                     ("end", plan.ended_on)) if v},
            "author": ref("Practitioner", 1),
            **({"goal": [ref("Goal", g.id) for g in plan.goals]} if plan.goals else {}),
            **({"activity": [{"detail": {
                "status": "in-progress" if i.is_open else "stopped",
                "description": i.details.text + (f" ({i.details.frequency})"
                                                 if i.details.frequency else ""),
                **({"goal": [ref("Goal", i.details.goal_id)]} if i.details.goal_id else {}),
            }} for i in plan.interventions]} if plan.interventions else {}),
            **({"note": [{"time": f"{r.reviewed_on.isoformat()}T00:00:00Z",
                          "text": f"Review: {r.summary}"} for r in plan.reviews]}
               if plan.reviews else {}),
        }))
    return out
