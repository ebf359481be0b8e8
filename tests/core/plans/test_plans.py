"""Treatment plans: problems, goals with measurable objectives, interventions, reviews, closing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine, exc, select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import NotFound, ValidationError
from practice.models.audit import AuditEntry
from practice.services import plans, units
from practice.services.plans import (
    GoalDetails,
    InterventionDetails,
    ObjectiveDetails,
    PlanDetails,
)
from tests.core import factories as f
from tests.core.plans.conftest import START, TODAY, new_plan


def _sql(engine: Engine, statement: str, *params: object) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql(statement, params)


def test_a_plan_is_for_one_client_or_one_unit_never_both_or_neither(
    sessions: sessionmaker[Session], engine: Engine,
) -> None:
    ana = f.client(sessions, "Ana Reyes")
    unit_id = f.unit(sessions, "individual", ana)
    for owners in ({}, {"client_id": ana, "unit_id": unit_id}):
        with pytest.raises(ValidationError, match="one client or for one unit"):
            plans.create_plan(sessions, PlanDetails("Plan", START), today=TODAY, **owners)
    with pytest.raises(NotFound):
        new_plan(sessions, client_id=9999)
    # The store holds the rule too, for SQL written past the services.
    with pytest.raises(exc.IntegrityError, match="one_owner"):
        _sql(engine, "INSERT INTO treatment_plans (client_id, unit_id, title, started_on, "
             "created_at, updated_at) VALUES (?, ?, 'Plan', '2025-01-13', "
             "'2025-01-13 00:00:00', '2025-01-13 00:00:00')", ana, unit_id)


def test_a_couples_plan_holds_problems_goals_measurable_objectives_and_interventions(
    sessions: sessionmaker[Session],
) -> None:
    ana, ben = f.client(sessions, "Ana Reyes"), f.client(sessions, "Ben Okafor")
    couple = f.unit(sessions, "couple", ana, ben)
    plan = new_plan(sessions, unit_id=couple)
    plan = plans.add_problem(sessions, plan.id, "Discordant desire; pursue-withdraw cycle",
                             on=START)
    problem = plan.problems[0]
    plan = plans.add_goal(sessions, plan.id, GoalDetails(
        "Reduce distress about desire discrepancy", date(2025, 6, 30), problem.id), on=START)
    goal = plan.goals[0]
    plan = plans.add_objective(sessions, goal.id, ObjectiveDetails(
        "Relationship satisfaction in the non-distressed range", date(2025, 6, 30),
        "CSI-16", 51.5, "at_or_above"), on=START)
    plan = plans.add_objective(sessions, goal.id, ObjectiveDetails(
        "Two sensate focus exercises a week"), on=START)
    plan = plans.add_intervention(sessions, plan.id, InterventionDetails(
        "Sensate focus, stages 1-2", "weekly 50-minute joint sessions", goal.id), on=START)

    stored = plans.get_plan(sessions, plan.id)
    assert (stored.unit_id, stored.client_id) == (couple, None)
    assert stored.problems[0].text == "Discordant desire; pursue-withdraw cycle"
    assert stored.goals[0].details == GoalDetails(
        "Reduce distress about desire discrepancy", date(2025, 6, 30), problem.id)
    scored, plain = stored.goals[0].objectives
    assert (scored.details.instrument, scored.details.target_score) == ("csi16", 51.5)
    assert scored.details.score_target == "CSI-16 at or above 51.5"
    assert plain.details.score_target == ""
    assert stored.interventions[0].details.goal_id == goal.id
    assert plans.plans_of_unit(sessions, couple) == (stored,)
    assert plans.plans_of_client(sessions, ana) == ()


@pytest.mark.parametrize(("details", "message"), [
    (ObjectiveDetails("PHQ-9 in the minimal range", instrument="phq9"),
     "Target score is needed"),
    (ObjectiveDetails("Lower score", target_score=4, direction="at_or_below"),
     "Instrument is needed"),
    (ObjectiveDetails("Score", instrument="phq9", target_score=4), "Direction must say"),
    (ObjectiveDetails("Score", instrument="phq9", target_score=-1, direction="at_or_below"),
     "Target score must be a number from 0 to 1000"),
    (ObjectiveDetails("Score", instrument="phq9", target_score=float("nan"),
                      direction="at_or_below"), "Target score must be a number"),
    (ObjectiveDetails("Score", instrument="PHQ/9!", target_score=4, direction="at_or_below"),
     "Instrument must be one of the measures"),
    (ObjectiveDetails("   "), "Objective is required"),
    (ObjectiveDetails("Soon", target_on=date(2025, 1, 1)),
     "Target date is before the objective was set"),
])
def test_an_objective_with_a_score_target_names_the_instrument_the_score_and_its_side(
    sessions: sessionmaker[Session], details: ObjectiveDetails, message: str,
) -> None:
    plan = new_plan(sessions, client_id=f.client(sessions, "Ana Reyes"))
    plan = plans.add_goal(sessions, plan.id, GoalDetails("Less low mood"), on=START)
    with pytest.raises(ValidationError, match=message):
        plans.add_objective(sessions, plan.goals[0].id, details, on=START)
    assert plans.get_plan(sessions, plan.id).goals[0].objectives == ()


def test_dates_out_of_order_are_refused_in_words_and_by_the_store(
    sessions: sessionmaker[Session], engine: Engine,
) -> None:
    ana = f.client(sessions, "Ana Reyes")
    with pytest.raises(ValidationError, match="Review date is before the plan starts"):
        plans.create_plan(sessions, PlanDetails("Plan", START, review_on=date(2025, 1, 1)),
                          client_id=ana, today=TODAY)
    with pytest.raises(ValidationError, match="Start date is in the future"):
        plans.create_plan(sessions, PlanDetails("Plan", date(2025, 4, 1)), client_id=ana,
                          today=TODAY)
    plan = new_plan(sessions, client_id=ana)
    with pytest.raises(ValidationError, match="Date set is before the plan started"):
        plans.add_goal(sessions, plan.id, GoalDetails("Goal"), on=date(2025, 1, 1))
    with pytest.raises(ValidationError, match="Target date is before the goal was set"):
        plans.add_goal(sessions, plan.id, GoalDetails("Goal", date(2025, 1, 20)),
                       on=date(2025, 2, 1))
    plan = plans.add_goal(sessions, plan.id, GoalDetails("Goal"), on=date(2025, 2, 1))
    with pytest.raises(ValidationError, match="Start date is after something on this plan"):
        plans.update_plan(sessions, plan.id, PlanDetails("Plan", date(2025, 2, 10)))
    for statement in (
        "UPDATE treatment_plans SET review_on = '2024-12-01' WHERE id = ?",
        "UPDATE treatment_plans SET ended_on = '2025-02-01' WHERE id = ?",  # no reason
    ):
        with pytest.raises(exc.IntegrityError):
            _sql(engine, statement, plan.id)
    with pytest.raises(exc.IntegrityError, match="score_target_whole"):
        _sql(engine, "INSERT INTO plan_objectives (goal_id, position, text, instrument, "
             "added_on) VALUES (?, 0, 'x', 'phq9', '2025-02-01')", plan.goals[0].id)


def test_ending_a_goal_ends_its_open_objectives_and_keeps_them_on_the_plan(
    sessions: sessionmaker[Session],
) -> None:
    plan = new_plan(sessions, client_id=f.client(sessions, "Ana Reyes"))
    plan = plans.add_goal(sessions, plan.id, GoalDetails("Pain-free penetration"), on=START)
    goal_id = plan.goals[0].id
    plan = plans.add_objective(sessions, goal_id, ObjectiveDetails(
        "FSFI pain domain improves", instrument="fsfi", target_score=26.55,
        direction="at_or_above"), on=START)
    plan = plans.end_goal(sessions, goal_id, date(2025, 3, 1), "met", today=TODAY)
    goal = plan.goals[0]
    assert (goal.ended_on, goal.outcome, goal.is_open) == (date(2025, 3, 1), "met", False)
    assert [(o.ended_on, o.outcome) for o in goal.objectives] == [(date(2025, 3, 1), "met")]
    with pytest.raises(ValidationError, match="This goal has ended"):
        plans.edit_goal(sessions, goal_id, GoalDetails("Reworded"))
    with pytest.raises(ValidationError, match="Outcome must be"):
        plans.end_objective(sessions, goal.objectives[0].id, TODAY, "done")


def test_a_closed_plan_stays_as_it_was_and_refuses_every_change(
    sessions: sessionmaker[Session],
) -> None:
    plan = new_plan(sessions, client_id=f.client(sessions, "Ana Reyes"))
    plan = plans.add_goal(sessions, plan.id, GoalDetails("Goal"), on=START)
    plan = plans.add_intervention(sessions, plan.id, InterventionDetails("CBT for pain"),
                                  on=START)
    with pytest.raises(ValidationError, match="Reason must be"):
        plans.close_plan(sessions, plan.id, TODAY, "finished", today=TODAY)
    with pytest.raises(ValidationError, match="End date is before the plan started"):
        plans.close_plan(sessions, plan.id, date(2025, 1, 1), "discharged", today=TODAY)
    closed = plans.close_plan(sessions, plan.id, TODAY, "goals_met", today=TODAY)
    assert (closed.ended_on, closed.end_reason, closed.is_open) == (TODAY, "goals_met", False)
    changes: list[Callable[[], object]] = [
        lambda: plans.add_goal(sessions, plan.id, GoalDetails("More"), on=TODAY),
        lambda: plans.edit_goal(sessions, plan.goals[0].id, GoalDetails("Reworded")),
        lambda: plans.end_intervention(sessions, plan.interventions[0].id, TODAY, today=TODAY),
        lambda: plans.update_plan(sessions, plan.id, PlanDetails("Renamed", START)),
        lambda: plans.record_review(sessions, plan.id, TODAY, "Late review",
                                    next_review_on=None, today=TODAY),
    ]
    for change in changes:
        with pytest.raises(ValidationError, match="This plan is closed"):
            change()
    assert plans.get_plan(sessions, plan.id) == closed


def test_a_review_sets_the_next_one_and_reviews_due_lists_open_plans_in_care(
    sessions: sessionmaker[Session],
) -> None:
    ana, ben = f.client(sessions, "Ana Reyes"), f.client(sessions, "Ben Okafor")
    overdue = new_plan(sessions, client_id=ana, review_on=date(2025, 3, 1))
    soon = new_plan(sessions, client_id=ben, review_on=date(2025, 3, 18))
    couple = f.unit(sessions, "couple", ana, ben)
    unit_plan = new_plan(sessions, unit_id=couple, review_on=date(2025, 3, 14))
    new_plan(sessions, client_id=ana, review_on=None)  # no review planned: never due

    due = plans.reviews_due(sessions, TODAY)
    assert [(d.plan_id, d.overdue) for d in due] == [(overdue.id, True), (unit_plan.id, False)]
    assert [d.plan_id for d in plans.reviews_due(sessions, TODAY, within_days=7)] == [
        overdue.id, unit_plan.id, soon.id]

    with pytest.raises(ValidationError, match="Next review date must be after this review"):
        plans.record_review(sessions, overdue.id, TODAY, "Progress on goals",
                            next_review_on=TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="Summary is required"):
        plans.record_review(sessions, overdue.id, TODAY, "  ", next_review_on=None,
                            today=TODAY)
    reviewed = plans.record_review(sessions, overdue.id, TODAY, "Mood lifting; keep going",
                                   next_review_on=date(2025, 6, 14), today=TODAY)
    assert reviewed.details.review_on == date(2025, 6, 14)
    assert [(r.reviewed_on, r.summary) for r in reviewed.reviews] == [
        (TODAY, "Mood lifting; keep going")]
    # The unit ends its work: its plan no longer waits for a review.
    units.close_unit(sessions, couple, TODAY)
    assert plans.reviews_due(sessions, TODAY) == ()


def test_changes_to_a_plan_are_audited_without_its_words(
    sessions: sessionmaker[Session],
) -> None:
    plan = new_plan(sessions, client_id=f.client(sessions, "Ana Reyes"))
    plans.add_goal(sessions, plan.id, GoalDetails("Fewer panic attacks before intimacy"),
                   on=START)
    with sessions() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity == "plan")).all()
    assert [e.action for e in entries] == ["plan.create", "plan.goal_add"]
    assert all("panic" not in e.detail and "Treatment plan" not in e.detail for e in entries)


def test_the_migrated_store_holds_each_plan_check_exactly_as_the_models_write_it(
    engine: Engine,
) -> None:
    from sqlalchemy import CheckConstraint

    import practice.models

    with engine.connect() as conn:
        stored: dict[str, str] = dict(conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'").all())
    for table in ("treatment_plans", "plan_problems", "plan_goals", "plan_objectives",
                  "plan_interventions", "plan_reviews"):
        checks = [c for c in practice.models.Base.metadata.tables[table].constraints
                  if isinstance(c, CheckConstraint)]
        assert checks, table
        for check in checks:
            assert str(check.sqltext) in stored[table], (table, check.name)
        assert " IN (" not in stored[table]  # no value lists: see practice.models.checks


def test_an_item_can_only_point_at_a_goal_or_problem_of_its_own_plan(
    sessions: sessionmaker[Session],
) -> None:
    ana = f.client(sessions, "Ana Reyes")
    mine, other = new_plan(sessions, client_id=ana), new_plan(sessions, client_id=ana)
    other = plans.add_problem(sessions, other.id, "Problem elsewhere", on=START)
    other = plans.add_goal(sessions, other.id, GoalDetails("Goal elsewhere"), on=START)
    with pytest.raises(ValidationError, match="Problem must be one of this plan's problems"):
        plans.add_goal(sessions, mine.id, GoalDetails("Goal", problem_id=other.problems[0].id),
                       on=START)
    with pytest.raises(ValidationError, match="Goal must be one of this plan's goals"):
        plans.add_intervention(sessions, mine.id, InterventionDetails(
            "Sensate focus", goal_id=other.goals[0].id), on=START)
    assert plans.get_plan(sessions, mine.id).goals == ()
