"""Reading treatment plans: whole plans with their parts, a client's and a unit's plans."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, sessionmaker

from practice.models.notes import ProgressNote
from practice.models.plans import (
    NoteGoal,
    PlanGoal,
    PlanIntervention,
    PlanObjective,
    PlanProblem,
    PlanReview,
    TreatmentPlan,
)
from practice.services.audit import record
from practice.services.common import load
from practice.services.plans.model import (
    GoalDetails,
    GoalView,
    InterventionDetails,
    InterventionView,
    ObjectiveDetails,
    ObjectiveView,
    PlanDetails,
    PlanView,
    ProblemView,
    ReviewView,
)


def _by_plan(rows: Sequence[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.plan_id, []).append(row)
    return grouped


def _objective(row: PlanObjective) -> ObjectiveView:
    details = ObjectiveDetails(row.text, row.target_on, row.instrument, row.target_score,
                               row.direction)  # type: ignore[arg-type]
    return ObjectiveView(row.id, row.goal_id, details, row.added_on, row.ended_on,
                         row.outcome)  # type: ignore[arg-type]


def plan_views(session: Session, plans: Sequence[TreatmentPlan]) -> tuple[PlanView, ...]:
    """Build whole views of some plans inside an open session, a few queries for all of them.

    Args:
        session: An open session.
        plans: The plans' rows, in the order wanted.

    Returns:
        One view per plan, in the same order.
    """
    ids = [p.id for p in plans]
    if not ids:
        return ()
    order = (PlanGoal.position, PlanGoal.id)
    problems = _by_plan(session.scalars(select(PlanProblem).where(PlanProblem.plan_id.in_(ids))
                                        .order_by(PlanProblem.position, PlanProblem.id)).all())
    goals = session.scalars(select(PlanGoal).where(PlanGoal.plan_id.in_(ids))
                            .order_by(*order)).all()
    goal_ids = [g.id for g in goals]
    objectives: dict[int, list[ObjectiveView]] = {}
    for row in session.scalars(select(PlanObjective).where(PlanObjective.goal_id.in_(goal_ids))
                               .order_by(PlanObjective.position, PlanObjective.id)):
        objectives.setdefault(row.goal_id, []).append(_objective(row))
    # How often, and when last, a note's session worked on each goal.
    addressed = {goal_id: (count, last) for goal_id, count, last in session.execute(
        select(NoteGoal.goal_id, func.count(), func.max(ProgressNote.session_date))
        .join(ProgressNote, ProgressNote.id == NoteGoal.note_id)
        .where(NoteGoal.goal_id.in_(goal_ids)).group_by(NoteGoal.goal_id))}
    interventions = _by_plan(session.scalars(
        select(PlanIntervention).where(PlanIntervention.plan_id.in_(ids))
        .order_by(PlanIntervention.position, PlanIntervention.id)).all())
    reviews = _by_plan(session.scalars(select(PlanReview).where(PlanReview.plan_id.in_(ids))
                                       .order_by(PlanReview.reviewed_on, PlanReview.id)).all())
    goal_views = _by_plan([
        GoalView(g.id, g.plan_id, GoalDetails(g.text, g.target_on, g.problem_id), g.added_on,
                 g.ended_on, g.outcome, tuple(objectives.get(g.id, ())),  # type: ignore[arg-type]
                 *addressed.get(g.id, (0, None)))
        for g in goals])
    return tuple(
        PlanView(
            id=p.id, client_id=p.client_id, unit_id=p.unit_id,
            details=PlanDetails(p.title, p.started_on, p.review_on, p.target_on),
            ended_on=p.ended_on, end_reason=p.end_reason,  # type: ignore[arg-type]
            problems=tuple(ProblemView(r.id, r.text, r.added_on, r.resolved_on)
                           for r in problems.get(p.id, ())),
            goals=tuple(goal_views.get(p.id, ())),
            interventions=tuple(
                InterventionView(r.id, r.plan_id,
                                 InterventionDetails(r.text, r.frequency, r.goal_id),
                                 r.added_on, r.ended_on)
                for r in interventions.get(p.id, ())),
            reviews=tuple(ReviewView(r.id, r.plan_id, r.reviewed_on, r.summary,
                                     r.next_review_on) for r in reviews.get(p.id, ())),
        )
        for p in plans)


def plan_view(session: Session, plan_id: int) -> PlanView:
    """One whole plan inside an open session (for the other plan services).

    Raises:
        NotFound: No such plan.
    """
    return plan_views(session, [load(session, TreatmentPlan, plan_id, "treatment plan")])[0]


def get_plan(sessions: sessionmaker[Session], plan_id: int) -> PlanView:
    """Open one treatment plan (the opening is audited).

    Raises:
        NotFound: No such plan.
    """
    with sessions.begin() as s:
        view = plan_view(s, plan_id)
        record(s, "plan.view", entity="plan", entity_id=plan_id)
        return view


def _plans_where(sessions: sessionmaker[Session], condition: ColumnElement[bool],
                 ) -> tuple[PlanView, ...]:
    # Open plans first, then the newest: the plan in force is the one a therapist wants.
    stmt = select(TreatmentPlan).where(condition).order_by(
        TreatmentPlan.ended_on.is_not(None), TreatmentPlan.started_on.desc(),
        TreatmentPlan.id.desc())
    with sessions.begin() as s:
        return plan_views(s, s.scalars(stmt).all())


def plans_of_client(sessions: sessionmaker[Session], client_id: int) -> tuple[PlanView, ...]:
    """A client's own treatment plans (not their units'), open ones first, newest first."""
    return _plans_where(sessions, TreatmentPlan.client_id == client_id)


def plans_of_unit(sessions: sessionmaker[Session], unit_id: int) -> tuple[PlanView, ...]:
    """A care unit's treatment plans, open ones first, newest first."""
    return _plans_where(sessions, TreatmentPlan.unit_id == unit_id)
