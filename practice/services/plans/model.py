"""What a treatment plan is made of, as the services take and give it: frozen values only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from practice.measures import INSTRUMENTS

PlanEndReason = Literal["goals_met", "replaced", "discharged", "discontinued"]
Outcome = Literal["met", "partly_met", "not_met", "discontinued"]
Direction = Literal["at_or_below", "at_or_above"]
PLAN_END_REASONS: tuple[PlanEndReason, ...] = get_args(PlanEndReason)
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)

END_REASON_WORDS: dict[str, str] = {
    "goals_met": "goals met", "replaced": "replaced by a new plan",
    "discharged": "client discharged", "discontinued": "discontinued",
}
OUTCOME_WORDS: dict[str, str] = {
    "met": "met", "partly_met": "partly met", "not_met": "not met",
    "discontinued": "discontinued",
}
DIRECTION_WORDS: dict[str, str] = {"at_or_below": "at or below", "at_or_above": "at or above"}
# The instruments an objective may name, as published ("phq9" is "PHQ-9"), in menu order; a
# plan keeps the key as plain text, so a key no longer known is still shown as stored.
INSTRUMENT_NAMES: dict[str, str] = {key: form.name for key, form in INSTRUMENTS.items()}


def instrument_name(key: str) -> str:
    """An instrument's key as a therapist writes it ("phq9" is "PHQ-9")."""
    return INSTRUMENT_NAMES.get(key, key.upper())


def _score_text(score: float) -> str:
    return f"{score:g}"


@dataclass(frozen=True)
class PlanDetails:
    """A plan's heading: its name and its dates (review and target are optional)."""

    title: str
    started_on: date
    review_on: date | None = None
    target_on: date | None = None


@dataclass(frozen=True)
class GoalDetails:
    """A goal in the therapist's words, optionally under a problem and with a target date."""

    text: str
    target_on: date | None = None
    problem_id: int | None = None


@dataclass(frozen=True)
class ObjectiveDetails:
    """A measurable objective; a score target names the instrument, the score and its side."""

    text: str
    target_on: date | None = None
    instrument: str | None = None
    target_score: float | None = None
    direction: Direction | None = None

    @property
    def score_target(self) -> str:
        """The score target in words ("PHQ-9 at or below 4"), or "" when there is none."""
        if self.instrument is None or self.target_score is None or self.direction is None:
            return ""
        return (f"{instrument_name(self.instrument)} {DIRECTION_WORDS[self.direction]} "
                f"{_score_text(self.target_score)}")


@dataclass(frozen=True)
class InterventionDetails:
    """What the therapist will do, how often, and towards which goal (if one)."""

    text: str
    frequency: str | None = None
    goal_id: int | None = None


@dataclass(frozen=True)
class ProblemView:
    """A problem as stored."""

    id: int
    text: str
    added_on: date
    resolved_on: date | None

    @property
    def is_open(self) -> bool:
        """Whether the problem is still being worked on."""
        return self.resolved_on is None


@dataclass(frozen=True)
class ObjectiveView:
    """An objective as stored."""

    id: int
    goal_id: int
    details: ObjectiveDetails
    added_on: date
    ended_on: date | None
    outcome: Outcome | None

    @property
    def is_open(self) -> bool:
        """Whether the objective is still being worked towards."""
        return self.ended_on is None


@dataclass(frozen=True)
class GoalView:
    """A goal with its objectives, and how often progress notes recorded working on it."""

    id: int
    plan_id: int
    details: GoalDetails
    added_on: date
    ended_on: date | None
    outcome: Outcome | None
    objectives: tuple[ObjectiveView, ...]
    times_addressed: int = 0
    last_addressed: date | None = None

    @property
    def is_open(self) -> bool:
        """Whether the goal is still being worked towards."""
        return self.ended_on is None


@dataclass(frozen=True)
class InterventionView:
    """An intervention as stored."""

    id: int
    plan_id: int
    details: InterventionDetails
    added_on: date
    ended_on: date | None

    @property
    def is_open(self) -> bool:
        """Whether the intervention is still in use."""
        return self.ended_on is None


@dataclass(frozen=True)
class ReviewView:
    """A recorded review of a plan."""

    id: int
    plan_id: int
    reviewed_on: date
    summary: str
    next_review_on: date | None


@dataclass(frozen=True)
class PlanView:
    """A whole plan: its heading, problems, goals (with objectives), interventions, reviews.

    Exactly one of ``client_id`` (a client's own plan) and ``unit_id`` (a unit's) is set.
    """

    id: int
    client_id: int | None
    unit_id: int | None
    details: PlanDetails
    ended_on: date | None
    end_reason: PlanEndReason | None
    problems: tuple[ProblemView, ...]
    goals: tuple[GoalView, ...]
    interventions: tuple[InterventionView, ...]
    reviews: tuple[ReviewView, ...]

    @property
    def is_open(self) -> bool:
        """Whether the plan is in force (not closed)."""
        return self.ended_on is None

    def review_due(self, today: date) -> bool:
        """Whether an open plan's review falls on or before ``today``."""
        review_on = self.details.review_on
        return self.is_open and review_on is not None and review_on <= today

    def goal(self, goal_id: int) -> GoalView | None:
        """One of the plan's goals by id, if it is one."""
        return next((g for g in self.goals if g.id == goal_id), None)


@dataclass(frozen=True)
class ReviewDue:
    """An open plan whose review falls due (Today lists these); names are the screen's to add."""

    plan_id: int
    client_id: int | None
    unit_id: int | None
    title: str
    review_on: date
    overdue: bool


@dataclass(frozen=True)
class GoalChoice:
    """A goal a progress note may tick: which plan it is on, and whether the note ticked it.

    ``client_id`` is set for a goal of one attendee's own plan, None for the unit's plan.
    """

    goal_id: int
    text: str
    plan_id: int
    plan_title: str
    client_id: int | None
    ticked: bool
