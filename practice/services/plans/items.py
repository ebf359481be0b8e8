"""A plan's goals, their measurable objectives, and its interventions: added, edited, ended."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.plans import PlanGoal, PlanIntervention, PlanObjective, PlanProblem
from practice.services.audit import record
from practice.services.common import load
from practice.services.plans.checks import (
    check_goal_details,
    check_intervention_details,
    check_not_future,
    check_objective_details,
    check_outcome,
    of_this_plan,
    on_or_after_start,
    open_plan,
)
from practice.services.plans.editing import next_position
from practice.services.plans.model import (
    GoalDetails,
    InterventionDetails,
    ObjectiveDetails,
    PlanView,
)
from practice.services.plans.views import plan_view


def _ending(on: date, added_on: date, what: str, today: date | None) -> None:
    check_not_future(on, "End date", today or date.today())
    if on < added_on:
        raise ValidationError(f"End date is before the {what} was set.")


# --- goals --------------------------------------------------------------------------------


def add_goal(sessions: sessionmaker[Session], plan_id: int, details: GoalDetails, *,
             on: date) -> PlanView:
    """Set a new goal on an open plan.

    Args:
        sessions: The store's sessionmaker.
        plan_id: The plan.
        details: The goal's wording, target date and (optionally) its problem.
        on: The day it was set.

    Returns:
        The plan with the goal.

    Raises:
        ValidationError: The plan is closed, no wording, dates out of order, or a problem
            of another plan.
        NotFound: No such plan.
    """
    clean = check_goal_details(details, on)
    with sessions.begin() as s:
        plan = open_plan(s, plan_id)
        on_or_after_start(plan, on, "Date set")
        of_this_plan(s, PlanProblem, clean.problem_id, plan_id, "Problem")
        row = PlanGoal(plan_id=plan_id, problem_id=clean.problem_id, text=clean.text,
                       added_on=on, target_on=clean.target_on,
                       position=next_position(s, PlanGoal.position, PlanGoal.plan_id, plan_id))
        s.add(row)
        s.flush()
        record(s, "plan.goal_add", entity="plan", entity_id=plan_id, goal_id=row.id)
        return plan_view(s, plan_id)


def _open_goal(session: Session, goal_id: int) -> PlanGoal:
    row = load(session, PlanGoal, goal_id, "goal")
    open_plan(session, row.plan_id)
    if row.ended_on is not None:
        raise ValidationError("This goal has ended; set a new goal instead.")
    return row


def edit_goal(sessions: sessionmaker[Session], goal_id: int, details: GoalDetails) -> PlanView:
    """Reword a goal that is still open, or change its target date or problem.

    Raises:
        ValidationError: The plan is closed, the goal ended, or bad details.
        NotFound: No such goal.
    """
    with sessions.begin() as s:
        row = _open_goal(s, goal_id)
        clean = check_goal_details(details, row.added_on)
        of_this_plan(s, PlanProblem, clean.problem_id, row.plan_id, "Problem")
        row.text, row.target_on, row.problem_id = clean.text, clean.target_on, clean.problem_id
        record(s, "plan.goal_edit", entity="plan", entity_id=row.plan_id, goal_id=goal_id)
        s.flush()
        return plan_view(s, row.plan_id)


def end_goal(sessions: sessionmaker[Session], goal_id: int, on: date, outcome: str, *,
             today: date | None = None) -> PlanView:
    """End a goal on a date with its outcome; its open objectives end with it.

    Raises:
        ValidationError: The plan is closed, the goal already ended, an unknown outcome,
            or a date before the goal was set or in the future.
        NotFound: No such goal.
    """
    result = check_outcome(outcome)
    with sessions.begin() as s:
        row = _open_goal(s, goal_id)
        _ending(on, row.added_on, "goal", today)
        row.ended_on, row.outcome = on, result
        for objective in s.scalars(select(PlanObjective).where(
                PlanObjective.goal_id == goal_id, PlanObjective.ended_on.is_(None))).all():
            # An objective cannot outlive its goal; one set after the goal's end day keeps
            # its own day.
            objective.ended_on = max(on, objective.added_on)
            objective.outcome = result
        record(s, "plan.goal_end", entity="plan", entity_id=row.plan_id, goal_id=goal_id,
               outcome=result)
        s.flush()
        return plan_view(s, row.plan_id)


# --- objectives ---------------------------------------------------------------------------


def add_objective(sessions: sessionmaker[Session], goal_id: int, details: ObjectiveDetails, *,
                  on: date) -> PlanView:
    """Add a measurable objective to an open goal.

    Args:
        sessions: The store's sessionmaker.
        goal_id: The goal.
        details: Its wording, target date and optional score target.
        on: The day it was set.

    Returns:
        The plan with the objective.

    Raises:
        ValidationError: The plan is closed, the goal ended, or bad details.
        NotFound: No such goal.
    """
    clean = check_objective_details(details, on)
    with sessions.begin() as s:
        goal = _open_goal(s, goal_id)
        if on < goal.added_on:
            raise ValidationError("Date set is before the goal was set.")
        row = PlanObjective(
            goal_id=goal_id, text=clean.text, target_on=clean.target_on,
            instrument=clean.instrument, target_score=clean.target_score,
            direction=clean.direction, added_on=on,
            position=next_position(s, PlanObjective.position, PlanObjective.goal_id, goal_id))
        s.add(row)
        s.flush()
        record(s, "plan.objective_add", entity="plan", entity_id=goal.plan_id,
               objective_id=row.id, instrument=clean.instrument)
        return plan_view(s, goal.plan_id)


def _open_objective(session: Session, objective_id: int) -> tuple[PlanObjective, PlanGoal]:
    row = load(session, PlanObjective, objective_id, "objective")
    goal = _open_goal(session, row.goal_id)
    if row.ended_on is not None:
        raise ValidationError("This objective has ended; add a new objective instead.")
    return row, goal


def edit_objective(sessions: sessionmaker[Session], objective_id: int,
                   details: ObjectiveDetails) -> PlanView:
    """Change an open objective's wording, target date or score target.

    Raises:
        ValidationError: The plan is closed, the goal or objective ended, or bad details.
        NotFound: No such objective.
    """
    with sessions.begin() as s:
        row, goal = _open_objective(s, objective_id)
        clean = check_objective_details(details, row.added_on)
        row.text, row.target_on = clean.text, clean.target_on
        row.instrument, row.target_score = clean.instrument, clean.target_score
        row.direction = clean.direction
        record(s, "plan.objective_edit", entity="plan", entity_id=goal.plan_id,
               objective_id=objective_id, instrument=clean.instrument)
        s.flush()
        return plan_view(s, goal.plan_id)


def end_objective(sessions: sessionmaker[Session], objective_id: int, on: date, outcome: str,
                  *, today: date | None = None) -> PlanView:
    """End an objective on a date with its outcome (met, partly met, ...).

    Raises:
        ValidationError: The plan is closed, it already ended, an unknown outcome, or a
            date before it was set or in the future.
        NotFound: No such objective.
    """
    result = check_outcome(outcome)
    with sessions.begin() as s:
        row, goal = _open_objective(s, objective_id)
        _ending(on, row.added_on, "objective", today)
        row.ended_on, row.outcome = on, result
        record(s, "plan.objective_end", entity="plan", entity_id=goal.plan_id,
               objective_id=objective_id, outcome=result)
        s.flush()
        return plan_view(s, goal.plan_id)


# --- interventions ------------------------------------------------------------------------


def add_intervention(sessions: sessionmaker[Session], plan_id: int,
                     details: InterventionDetails, *, on: date) -> PlanView:
    """Add an intervention (what the therapist will do, and how often) to an open plan.

    Raises:
        ValidationError: The plan is closed, no wording, a date before the plan started,
            or a goal of another plan.
        NotFound: No such plan.
    """
    clean = check_intervention_details(details)
    with sessions.begin() as s:
        plan = open_plan(s, plan_id)
        on_or_after_start(plan, on, "Date added")
        of_this_plan(s, PlanGoal, clean.goal_id, plan_id, "Goal")
        row = PlanIntervention(
            plan_id=plan_id, goal_id=clean.goal_id, text=clean.text,
            frequency=clean.frequency, added_on=on,
            position=next_position(s, PlanIntervention.position, PlanIntervention.plan_id,
                                   plan_id))
        s.add(row)
        s.flush()
        record(s, "plan.intervention_add", entity="plan", entity_id=plan_id,
               intervention_id=row.id)
        return plan_view(s, plan_id)


def _open_intervention(session: Session, intervention_id: int) -> PlanIntervention:
    row = load(session, PlanIntervention, intervention_id, "intervention")
    open_plan(session, row.plan_id)
    if row.ended_on is not None:
        raise ValidationError("This intervention has ended; add a new intervention instead.")
    return row


def edit_intervention(sessions: sessionmaker[Session], intervention_id: int,
                      details: InterventionDetails) -> PlanView:
    """Change an intervention still in use.

    Raises:
        ValidationError: The plan is closed, the intervention ended, or bad details.
        NotFound: No such intervention.
    """
    clean = check_intervention_details(details)
    with sessions.begin() as s:
        row = _open_intervention(s, intervention_id)
        of_this_plan(s, PlanGoal, clean.goal_id, row.plan_id, "Goal")
        row.text, row.frequency, row.goal_id = clean.text, clean.frequency, clean.goal_id
        record(s, "plan.intervention_edit", entity="plan", entity_id=row.plan_id,
               intervention_id=intervention_id)
        s.flush()
        return plan_view(s, row.plan_id)


def end_intervention(sessions: sessionmaker[Session], intervention_id: int, on: date, *,
                     today: date | None = None) -> PlanView:
    """Stop using an intervention from a date (it stays on the plan).

    Raises:
        ValidationError: The plan is closed, it already ended, or a date before it was
            added or in the future.
        NotFound: No such intervention.
    """
    with sessions.begin() as s:
        row = _open_intervention(s, intervention_id)
        _ending(on, row.added_on, "intervention", today)
        row.ended_on = on
        record(s, "plan.intervention_end", entity="plan", entity_id=row.plan_id,
               intervention_id=intervention_id)
        s.flush()
        return plan_view(s, row.plan_id)
