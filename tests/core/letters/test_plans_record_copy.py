"""A client's copy of their record carries their own plan and their couple's, never a partner's."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from practice.services import plans
from practice.services.plans import (
    GoalDetails,
    InterventionDetails,
    ObjectiveDetails,
    PlanDetails,
)
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


def test_the_fhir_copy_holds_each_plan_as_a_care_plan_with_its_goals_and_validates(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    from fhir.resources.R4B import get_fhir_model_class
    from fhir.resources.R4B.bundle import Bundle

    goal = _plan(sessions, "Erectile confidence plan", "Penetrative sex without panic",
                 client_id=world.client)
    plan = plans.add_objective(sessions, goal, ObjectiveDetails(
        "Erectile function in the mild range or better", instrument="iief5",
        target_score=17, direction="at_or_above"), on=STARTED)
    plans.add_intervention(sessions, plan.id, InterventionDetails(
        "Sensate focus", "weekly", goal), on=STARTED)
    plans.record_review(sessions, plan.id, date(2025, 3, 3), "Less avoidance",
                        next_review_on=date(2025, 6, 2), today=TODAY)
    _plan(sessions, "Partner's own plan", "Grief after the miscarriage",
          client_id=world.partner)

    fhir = tmp_path / "copy.json"
    export_record(sessions, world.client, today=TODAY, json_path=fhir)
    raw = json.loads(fhir.read_text(encoding="utf-8"))
    Bundle.model_validate(raw)
    found = {kind: [e["resource"] for e in raw["entry"]
                    if e["resource"]["resourceType"] == kind] for kind in ("CarePlan", "Goal")}
    for kind, resources in found.items():
        for resource in resources:
            get_fhir_model_class(kind).model_validate(resource)
    (care_plan,) = found["CarePlan"]
    (goal_resource,) = found["Goal"]
    assert care_plan["title"] == "Erectile confidence plan"
    assert care_plan["activity"][0]["detail"]["description"] == "Sensate focus (weekly)"
    assert care_plan["note"][0]["text"] == "Review: Less avoidance"
    assert goal_resource["description"]["text"] == "Penetrative sex without panic"
    assert goal_resource["target"][0]["detailRange"] == {"low": {"value": 17.0}}
    assert "Grief" not in fhir.read_text(encoding="utf-8")
