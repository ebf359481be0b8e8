"""A progress note ticks the plan goals its session addressed; signing fixes the ticks."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, exc
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import SignedNoteImmutable, ValidationError
from practice.services import notes, plans
from practice.services.plans import GoalDetails
from tests.core import factories as f
from tests.core.plans.conftest import START, new_plan


def _goal(sessions: sessionmaker[Session], plan_id: int, text: str) -> int:
    plan = plans.add_goal(sessions, plan_id, GoalDetails(text), on=START)
    return plan.goals[-1].id


@pytest.fixture
def couple(sessions: sessionmaker[Session]) -> tuple[int, int, int, int]:
    """Ana and Ben, their couple's unit, and Cleo (a client outside it)."""
    ana, ben = f.client(sessions, "Ana Reyes"), f.client(sessions, "Ben Okafor")
    cleo = f.client(sessions, "Cleo Park")
    return ana, ben, cleo, f.unit(sessions, "couple", ana, ben)


def test_a_joint_note_offers_the_units_goals_then_each_attendees_own(
    sessions: sessionmaker[Session], couple: tuple[int, int, int, int],
) -> None:
    ana, _ben, cleo, unit_id = couple
    unit_plan = new_plan(sessions, unit_id=unit_id)
    shared = _goal(sessions, unit_plan.id, "Repair after conflict within a day")
    own = _goal(sessions, new_plan(sessions, client_id=ana).id, "Less anticipatory anxiety")
    _goal(sessions, new_plan(sessions, client_id=cleo).id, "Someone else's goal")
    ended = _goal(sessions, unit_plan.id, "Ended before the session")
    plans.end_goal(sessions, ended, date(2025, 2, 1), "met", today=date(2025, 3, 14))

    note = f.draft(sessions, unit_id)
    offered = plans.goals_for_note(sessions, note.id)
    assert [(c.goal_id, c.client_id, c.ticked) for c in offered] == [
        (shared, None, False), (own, ana, False)]


def test_ticks_are_saved_with_the_draft_and_fixed_once_the_note_is_signed(
    sessions: sessionmaker[Session], engine: Engine, couple: tuple[int, int, int, int],
) -> None:
    _ana, _ben, cleo, unit_id = couple
    plan = new_plan(sessions, unit_id=unit_id)
    first = _goal(sessions, plan.id, "Repair after conflict within a day")
    second = _goal(sessions, plan.id, "Weekly non-demand touch")
    elsewhere = _goal(sessions, new_plan(sessions, client_id=cleo).id, "Not this unit's")
    note = f.draft(sessions, unit_id)

    with pytest.raises(ValidationError, match="not on a plan in force"):
        plans.set_note_goals(sessions, note.id, [elsewhere])
    ticked = plans.set_note_goals(sessions, note.id, [first, second])
    assert [c.ticked for c in ticked] == [True, True]
    ticked = plans.set_note_goals(sessions, note.id, [second])
    assert [(c.goal_id, c.ticked) for c in ticked] == [(first, False), (second, True)]

    notes.sign_note(sessions, note.id, signed_by="Dr. Ada Rivera, PhD")
    # A signed note shows only what it addressed, and that cannot change any more.
    assert [(c.goal_id, c.ticked) for c in plans.goals_for_note(sessions, note.id)] == [
        (second, True)]
    with pytest.raises(SignedNoteImmutable, match="signed"):
        plans.set_note_goals(sessions, note.id, [first, second])
    for statement, params in (
        ("INSERT INTO note_goals (note_id, goal_id) VALUES (?, ?)", (note.id, first)),
        ("DELETE FROM note_goals WHERE note_id = ?", (note.id,)),
        ("UPDATE note_goals SET goal_id = ? WHERE note_id = ?", (first, note.id)),
    ):
        with pytest.raises(exc.IntegrityError, match="signed note"), engine.begin() as conn:
            conn.exec_driver_sql(statement, params)
    goal = plans.get_plan(sessions, plan.id).goal(second)
    assert goal is not None
    assert (goal.times_addressed, goal.last_addressed) == (1, f.SESSION_DAY)


def test_throwing_away_a_draft_takes_its_ticks_with_it(
    sessions: sessionmaker[Session], couple: tuple[int, int, int, int],
) -> None:
    unit_id = couple[3]
    plan = new_plan(sessions, unit_id=unit_id)
    goal = _goal(sessions, plan.id, "Repair after conflict within a day")
    note = f.draft(sessions, unit_id)
    plans.set_note_goals(sessions, note.id, [goal])
    notes.delete_draft(sessions, note.id)
    assert plans.get_plan(sessions, plan.id).goals[0].times_addressed == 0
