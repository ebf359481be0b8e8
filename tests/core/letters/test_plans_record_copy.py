"""A client's copy of their record carries their own plan and their couple's, never a partner's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from practice.services import plans
from practice.services.plans import GoalDetails, ObjectiveDetails, PlanDetails
from practice.services.record_access import export_record, gather_record
from tests.core.test_letters_builders import World, pdf_text

TODAY = date(2025, 4, 1)
STARTED = date(2025, 1, 6)


def _plan(sessions: sessionmaker[Session], title: str, goal: str, **owner: int) -> int:
    plan = plans.create_plan(sessions, PlanDetails(title, STARTED, date(2025, 4, 7)),
                             today=TODAY, **owner)
    plan = plans.add_goal(sessions, plan.id, GoalDetails(goal, date(2025, 6, 30)), on=STARTED)
    return plan.goals[0].id


def test_the_pdf_copy_has_the_clients_plan_and_the_couples_but_not_the_partners_own(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    goal = _plan(sessions, "Erectile confidence plan", "Penetrative sex without panic",
                 client_id=world.client)
    plans.add_objective(sessions, goal, ObjectiveDetails(
        "Erectile function in the mild range or better", instrument="iief5",
        target_score=17, direction="at_or_above"), on=STARTED)
    _plan(sessions, "Couple plan", "Weekly non-demand touch", unit_id=world.couple_unit)
    _plan(sessions, "Partner's own plan", "Grief after the miscarriage",
          client_id=world.partner)

    record = gather_record(sessions, world.client, today=TODAY)
    assert [(p.details.title, whose) for p, whose in record.plans] == [
        ("Erectile confidence plan", "your own plan"), ("Couple plan", "your couple's work")]
    pdf = tmp_path / "copy.pdf"
    export_record(sessions, world.client, today=TODAY, pdf_path=pdf)
    text = pdf_text(pdf.read_bytes())
    assert "Treatment plans" in text
    assert "Penetrative sex without panic, by 06/30/2025" in text
    assert "IIEF-5 at or above 17" in text
    assert "Weekly non-demand touch" in text
    assert "Grief after the miscarriage" not in text and "Partner's own plan" not in text
