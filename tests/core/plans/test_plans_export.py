"""Plans, and the goals signed notes addressed, go out with the whole practice and come back."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from practice.services import notes, plans
from practice.services.plans import GoalDetails, ObjectiveDetails
from practice.services.practice_export import export_practice, import_practice, read_export
from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.store import Store
from tests.core import factories as f
from tests.core.plans.conftest import START, TODAY, new_plan

EXPORT_PASSPHRASE = "lantern orchard 42 violet"


def test_a_plan_and_a_signed_notes_ticks_survive_export_and_import(
    store: Store, sessions: sessionmaker[Session], tmp_path: Path,
) -> None:
    ana, ben = f.client(sessions, "Ana Reyes"), f.client(sessions, "Ben Okafor")
    unit_id = f.unit(sessions, "couple", ana, ben)
    plan = new_plan(sessions, unit_id=unit_id)
    plan = plans.add_goal(sessions, plan.id, GoalDetails("Weekly non-demand touch"), on=START)
    plan = plans.add_objective(sessions, plan.goals[0].id, ObjectiveDetails(
        "Satisfaction out of the distressed range", instrument="csi4", target_score=13.5,
        direction="at_or_above"), on=START)
    plan = plans.record_review(sessions, plan.id, TODAY, "On track",
                               next_review_on=None, today=TODAY)
    note = f.draft(sessions, unit_id)
    plans.set_note_goals(sessions, note.id, [plan.goals[0].id])
    notes.sign_note(sessions, note.id, signed_by="Dr. Ada Rivera, PhD")
    before = plans.get_plan(sessions, plan.id)

    target = tmp_path / "practice.export"
    export_practice(store, target, passphrase=EXPORT_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    _revision, tables = read_export(target, EXPORT_PASSPHRASE)
    for table in ("treatment_plans", "plan_problems", "plan_goals", "plan_objectives",
                  "plan_interventions", "plan_reviews", "note_goals"):
        assert table in tables, table
    assert tables["note_goals"]["rows"] == [[note.id, plan.goals[0].id]]  # type: ignore[index]

    copy, _recovery, _summary = import_practice(
        target, tmp_path / "copy", passphrase=EXPORT_PASSPHRASE,
        store_passphrase="copper meadow 77 quill", kdf=FAST_INSECURE_PARAMS)
    with copy:
        assert plans.get_plan(copy.sessions, plan.id) == before
        assert [c.ticked for c in plans.goals_for_note(copy.sessions, note.id)] == [True]
        copy.verify()
