"""The checks every plan service makes, each refusal worded for the therapist."""

from __future__ import annotations

import math
import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from practice.errors import ValidationError
from practice.models.plans import MAX_ITEM_CHARS, PlanGoal, PlanProblem, TreatmentPlan
from practice.services.common import load
from practice.services.plans.model import (
    DIRECTIONS,
    INSTRUMENT_NAMES,
    OUTCOMES,
    GoalDetails,
    InterventionDetails,
    ObjectiveDetails,
    Outcome,
    PlanDetails,
)
from practice.text import clean_line

_KEY = re.compile(r"[a-z0-9_]{2,16}")
MAX_SCORE = 1000.0
PLAN_CLOSED = "This plan is closed. Start a new plan to change the work planned."


def clean_text(value: str, field: str) -> str:
    """A plan item's wording, required and on one line."""
    return clean_line(value, field, max_len=MAX_ITEM_CHARS, required=True) or ""


def check_plan_details(details: PlanDetails) -> PlanDetails:
    """Check a plan's heading and return it cleaned.

    Raises:
        ValidationError: No title, or a review or target date before the start.
    """
    title = clean_line(details.title, "Title", max_len=200, required=True) or ""
    if details.review_on is not None and details.review_on < details.started_on:
        raise ValidationError("Review date is before the plan starts.")
    if details.target_on is not None and details.target_on < details.started_on:
        raise ValidationError("Target date is before the plan starts.")
    return PlanDetails(title, details.started_on, details.review_on, details.target_on)


def check_goal_details(details: GoalDetails, added_on: date) -> GoalDetails:
    """Check a goal and return it cleaned.

    Raises:
        ValidationError: No wording, or a target date before the goal was set.
    """
    text = clean_text(details.text, "Goal")
    if details.target_on is not None and details.target_on < added_on:
        raise ValidationError("Target date is before the goal was set.")
    return GoalDetails(text, details.target_on, details.problem_id)


def instrument_key(value: str | None) -> str | None:
    """An instrument as typed ("PHQ-9", "phq9") as its key ("phq9"); None when blank.

    Raises:
        ValidationError: Not the name of an instrument.
    """
    typed = clean_line(value, "Instrument", max_len=40)
    if typed is None:
        return None
    key = typed.casefold().replace("-", "").replace(" ", "")
    if not _KEY.fullmatch(key) or key not in INSTRUMENT_NAMES:
        known = ", ".join(INSTRUMENT_NAMES.values())
        raise ValidationError(f"Instrument must be one of the measures: {known}.")
    return key


def check_objective_details(details: ObjectiveDetails, added_on: date) -> ObjectiveDetails:
    """Check an objective and return it cleaned.

    A score target is all or nothing: the instrument, the score and whether the client
    should come out at or below it (PHQ-9, GAD-7) or at or above it (IIEF-5, FSFI, CSI).

    Raises:
        ValidationError: No wording, a half-given score target, a score that is not a
            number in range, or a target date before the objective was set.
    """
    text = clean_text(details.text, "Objective")
    if details.target_on is not None and details.target_on < added_on:
        raise ValidationError("Target date is before the objective was set.")
    key = instrument_key(details.instrument)
    score, direction = details.target_score, details.direction
    if key is None:
        if score is not None or direction is not None:
            raise ValidationError("Instrument is needed for a target score: choose the measure "
                                  "the score is on.")
        return ObjectiveDetails(text, details.target_on)
    if score is None:
        raise ValidationError("Target score is needed when an instrument is chosen.")
    if not math.isfinite(score) or not 0 <= score <= MAX_SCORE:
        raise ValidationError("Target score must be a number from 0 to 1000.")
    if direction not in DIRECTIONS:
        raise ValidationError("Direction must say whether the score should be at or below "
                              "the target, or at or above it.")
    return ObjectiveDetails(text, details.target_on, key, float(score), direction)


def check_intervention_details(details: InterventionDetails) -> InterventionDetails:
    """Check an intervention and return it cleaned.

    Raises:
        ValidationError: No wording, or a frequency too long.
    """
    text = clean_text(details.text, "Intervention")
    frequency = clean_line(details.frequency, "Frequency", max_len=200)
    return InterventionDetails(text, frequency, details.goal_id)


def check_outcome(outcome: str) -> Outcome:
    """An outcome among the known ones.

    Raises:
        ValidationError: Any other.
    """
    if outcome not in OUTCOMES:
        raise ValidationError("Outcome must be met, partly met, not met or discontinued.")
    return outcome


def check_not_future(day: date, field: str, today: date) -> None:
    """Refuse a date after today for something that has already happened.

    Raises:
        ValidationError: ``day`` is after ``today``.
    """
    if day > today:
        raise ValidationError(f"{field} is in the future.")


def open_plan(session: Session, plan_id: int) -> TreatmentPlan:
    """A plan that may still be changed.

    Raises:
        NotFound: No such plan.
        ValidationError: The plan is closed.
    """
    plan = load(session, TreatmentPlan, plan_id, "treatment plan")
    if plan.ended_on is not None:
        raise ValidationError(PLAN_CLOSED)
    return plan


def on_or_after_start(plan: TreatmentPlan, day: date, field: str) -> None:
    """Refuse a date before the plan started.

    Raises:
        ValidationError: ``day`` is before the plan's start.
    """
    if day < plan.started_on:
        raise ValidationError(f"{field} is before the plan started.")


def of_this_plan(session: Session, model: type[PlanGoal] | type[PlanProblem],
                 record_id: int | None, plan_id: int, what: str) -> None:
    """Refuse a goal (or problem) chosen for an item when it is not one of this plan's.

    Args:
        session: An open session.
        model: ``PlanGoal`` or ``PlanProblem``.
        record_id: The one chosen, or None for none.
        plan_id: The plan the item is on.
        what: "Goal" or "Problem", as the form's field is named.

    Raises:
        ValidationError: It belongs to another plan or does not exist.
    """
    if record_id is None:
        return
    if session.scalar(select(model.plan_id).where(model.id == record_id)) != plan_id:
        raise ValidationError(f"{what} must be one of this plan's {what.lower()}s.")
