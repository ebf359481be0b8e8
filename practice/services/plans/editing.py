"""Starting, changing and closing treatment plans, and the problems they address."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from practice.errors import ValidationError
from practice.models.clients import Client
from practice.models.plans import PlanGoal, PlanIntervention, PlanProblem, TreatmentPlan
from practice.models.units import CareUnit
from practice.services.audit import record
from practice.services.common import load, utcnow
from practice.services.plans.checks import (
    check_not_future,
    check_plan_details,
    clean_text,
    on_or_after_start,
    open_plan,
)
from practice.services.plans.model import PLAN_END_REASONS, PlanDetails, PlanView
from practice.services.plans.views import plan_view


def next_position(session: Session, column: InstrumentedAttribute[int],
                  parent: InstrumentedAttribute[int], parent_id: int) -> int:
    """The position after the last of a plan's (or goal's) items, so new ones go last."""
    last = session.scalar(select(func.max(column)).where(parent == parent_id))
    return 0 if last is None else last + 1


def create_plan(
    sessions: sessionmaker[Session], details: PlanDetails, *, client_id: int | None = None,
    unit_id: int | None = None, today: date | None = None,
) -> PlanView:
    """Start a treatment plan for one client or for one care unit.

    Args:
        sessions: The store's sessionmaker.
        details: Title, start date, and the review and target dates if known.
        client_id: The client whose own plan it is (or None).
        unit_id: The care unit whose plan it is (or None); exactly one of the two.
        today: Today's date (for tests).

    Returns:
        The new, empty plan.

    Raises:
        ValidationError: Neither or both owners, no title, a start in the future, dates
            out of order, or a unit that is closed.
        NotFound: No such client or unit.
    """
    if (client_id is None) == (unit_id is None):
        raise ValidationError("A treatment plan is for one client or for one unit.")
    clean = check_plan_details(details)
    check_not_future(clean.started_on, "Start date", today or date.today())
    with sessions.begin() as s:
        if client_id is not None:
            load(s, Client, client_id, "client")
        if unit_id is not None:
            unit = load(s, CareUnit, unit_id, "unit")
            if unit.closed_on is not None:
                raise ValidationError("This unit is closed; a new plan needs a unit in care.")
        now = utcnow()
        plan = TreatmentPlan(client_id=client_id, unit_id=unit_id, title=clean.title,
                             started_on=clean.started_on, review_on=clean.review_on,
                             target_on=clean.target_on, created_at=now, updated_at=now)
        s.add(plan)
        s.flush()
        record(s, "plan.create", entity="plan", entity_id=plan.id, client_id=client_id,
               unit_id=unit_id)
        return plan_view(s, plan.id)


def update_plan(sessions: sessionmaker[Session], plan_id: int, details: PlanDetails,
                ) -> PlanView:
    """Change an open plan's title or dates.

    Raises:
        ValidationError: The plan is closed, no title, dates out of order, or a start
            after something already recorded on the plan.
        NotFound: No such plan.
    """
    clean = check_plan_details(details)
    with sessions.begin() as s:
        plan = open_plan(s, plan_id)
        if clean.started_on > plan.started_on:
            for model in (PlanProblem, PlanGoal, PlanIntervention):
                earliest = s.scalar(select(func.min(model.added_on))
                                    .where(model.plan_id == plan_id))
                if earliest is not None and earliest < clean.started_on:
                    raise ValidationError("Start date is after something on this plan was "
                                          "added.")
        plan.title, plan.started_on = clean.title, clean.started_on
        plan.review_on, plan.target_on = clean.review_on, clean.target_on
        plan.updated_at = utcnow()
        record(s, "plan.update", entity="plan", entity_id=plan_id)
        s.flush()
        return plan_view(s, plan_id)


def close_plan(
    sessions: sessionmaker[Session], plan_id: int, on: date, reason: str, *,
    today: date | None = None,
) -> PlanView:
    """Close a plan on a date, for a reason; it stays in the record as it was.

    Args:
        sessions: The store's sessionmaker.
        plan_id: The plan.
        on: The day it ended.
        reason: "goals_met", "replaced", "discharged" or "discontinued".
        today: Today's date (for tests).

    Returns:
        The closed plan.

    Raises:
        ValidationError: Already closed, an unknown reason, or a date before the plan
            started or in the future.
        NotFound: No such plan.
    """
    if reason not in PLAN_END_REASONS:
        raise ValidationError("Reason must be goals met, replaced, discharged or discontinued.")
    check_not_future(on, "End date", today or date.today())
    with sessions.begin() as s:
        plan = open_plan(s, plan_id)
        on_or_after_start(plan, on, "End date")
        plan.ended_on, plan.end_reason, plan.updated_at = on, reason, utcnow()
        record(s, "plan.close", entity="plan", entity_id=plan_id, reason=reason)
        s.flush()
        return plan_view(s, plan_id)


# --- problems -----------------------------------------------------------------------------


def add_problem(
    sessions: sessionmaker[Session], plan_id: int, text: str, *, on: date,
) -> PlanView:
    """Name a problem the plan addresses, in the therapist's words.

    Raises:
        ValidationError: The plan is closed, no wording, or a date before the plan started.
        NotFound: No such plan.
    """
    clean = clean_text(text, "Problem")
    with sessions.begin() as s:
        plan = open_plan(s, plan_id)
        on_or_after_start(plan, on, "Date added")
        row = PlanProblem(plan_id=plan_id, text=clean, added_on=on,
                          position=next_position(s, PlanProblem.position,
                                                 PlanProblem.plan_id, plan_id))
        s.add(row)
        s.flush()
        record(s, "plan.problem_add", entity="plan", entity_id=plan_id, problem_id=row.id)
        return plan_view(s, plan_id)


def _open_problem(session: Session, problem_id: int) -> PlanProblem:
    row = load(session, PlanProblem, problem_id, "problem")
    open_plan(session, row.plan_id)
    if row.resolved_on is not None:
        raise ValidationError("This problem is resolved; name a new problem instead.")
    return row


def edit_problem(sessions: sessionmaker[Session], problem_id: int, text: str) -> PlanView:
    """Reword a problem that is still open.

    Raises:
        ValidationError: The plan is closed, the problem resolved, or no wording.
        NotFound: No such problem.
    """
    clean = clean_text(text, "Problem")
    with sessions.begin() as s:
        row = _open_problem(s, problem_id)
        row.text = clean
        record(s, "plan.problem_edit", entity="plan", entity_id=row.plan_id,
               problem_id=problem_id)
        s.flush()
        return plan_view(s, row.plan_id)


def resolve_problem(sessions: sessionmaker[Session], problem_id: int, on: date, *,
                    today: date | None = None) -> PlanView:
    """Mark a problem resolved on a date (it stays on the plan).

    Raises:
        ValidationError: The plan is closed, the problem already resolved, or a date
            before it was added or in the future.
        NotFound: No such problem.
    """
    check_not_future(on, "Date resolved", today or date.today())
    with sessions.begin() as s:
        row = _open_problem(s, problem_id)
        if on < row.added_on:
            raise ValidationError("Date resolved is before the problem was added.")
        row.resolved_on = on
        record(s, "plan.problem_resolve", entity="plan", entity_id=row.plan_id,
               problem_id=problem_id)
        s.flush()
        return plan_view(s, row.plan_id)
