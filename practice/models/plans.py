"""Treatment plans: problems, goals with measurable objectives, interventions and reviews.

A plan belongs to one client (their individual work) or to one care unit (a couple's or a
polycule's shared work), never both. Nothing in a plan is deleted: problems are resolved,
goals, objectives and interventions are ended on a date with an outcome, and the plan itself
is closed. A progress note records which goals its session addressed (``note_goals``); once
the note is signed those ticks are fixed with it, in the store itself (``PLANS_DDL``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base
from practice.models.checks import one_of
from practice.models.ddl import SIGNED_NOTE_MESSAGE

PLAN_END_REASONS = ("goals_met", "replaced", "discharged", "discontinued")
GOAL_OUTCOMES = ("met", "partly_met", "not_met", "discontinued")
DIRECTIONS = ("at_or_below", "at_or_above")
MAX_ITEM_CHARS = 1000
MAX_REVIEW_CHARS = 4000


def _present(column: str) -> str:
    return f"length(trim({column})) > 0"


def _ends_with_outcome(outcome: str) -> str:
    # An end date and its outcome come together or not at all.
    return f"(ended_on IS NULL) = ({outcome} IS NULL)"


class TreatmentPlan(Base):
    """A plan of care for one client or one care unit, reviewed on a date and closed at the end."""

    __tablename__ = "treatment_plans"
    __table_args__ = (
        CheckConstraint("(client_id IS NULL) <> (unit_id IS NULL)", name="one_owner"),
        CheckConstraint(_present("title"), name="title_present"),
        CheckConstraint("review_on IS NULL OR review_on >= started_on", name="review_after_start"),
        CheckConstraint("target_on IS NULL OR target_on >= started_on", name="target_after_start"),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ended_after_start"),
        CheckConstraint(_ends_with_outcome("end_reason"), name="end_has_reason"),
        CheckConstraint(
            "end_reason IS NULL OR " + one_of("end_reason", PLAN_END_REASONS), name="end_reason"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("care_units.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    started_on: Mapped[date]
    # The next review; a recorded review moves it on. Indexed: Today asks for those due.
    review_on: Mapped[date | None] = mapped_column(index=True)
    target_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    end_reason: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PlanProblem(Base):
    """A presenting problem the plan addresses, in the therapist's words; resolved, not deleted."""

    __tablename__ = "plan_problems"
    __table_args__ = (
        CheckConstraint(_present("text"), name="text_present"),
        CheckConstraint("resolved_on IS NULL OR resolved_on >= added_on", name="resolved_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(MAX_ITEM_CHARS))
    added_on: Mapped[date]
    resolved_on: Mapped[date | None]


class PlanGoal(Base):
    """A goal of the plan, optionally under one of its problems; ended with an outcome."""

    __tablename__ = "plan_goals"
    __table_args__ = (
        CheckConstraint(_present("text"), name="text_present"),
        CheckConstraint("target_on IS NULL OR target_on >= added_on", name="target_after"),
        CheckConstraint("ended_on IS NULL OR ended_on >= added_on", name="ended_after"),
        CheckConstraint(_ends_with_outcome("outcome"), name="end_has_outcome"),
        CheckConstraint("outcome IS NULL OR " + one_of("outcome", GOAL_OUTCOMES), name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), index=True)
    problem_id: Mapped[int | None] = mapped_column(ForeignKey("plan_problems.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(MAX_ITEM_CHARS))
    added_on: Mapped[date]
    target_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(String(16))


class PlanObjective(Base):
    """A measurable step towards a goal, optionally a score to reach on a standard instrument.

    The instrument is named by its key ("phq9", "iief5") as plain text: a plan written
    today must still read the same if an instrument is ever retired from the app.
    """

    __tablename__ = "plan_objectives"
    __table_args__ = (
        CheckConstraint(_present("text"), name="text_present"),
        CheckConstraint("target_on IS NULL OR target_on >= added_on", name="target_after"),
        CheckConstraint("ended_on IS NULL OR ended_on >= added_on", name="ended_after"),
        CheckConstraint(_ends_with_outcome("outcome"), name="end_has_outcome"),
        CheckConstraint("outcome IS NULL OR " + one_of("outcome", GOAL_OUTCOMES), name="outcome"),
        # A score target is whole: the instrument, the score and which side of it is wanted.
        CheckConstraint(
            "(instrument IS NULL AND target_score IS NULL AND direction IS NULL) OR "
            "(instrument IS NOT NULL AND target_score IS NOT NULL AND direction IS NOT NULL)",
            name="score_target_whole",
        ),
        CheckConstraint(
            "instrument IS NULL OR (length(instrument) BETWEEN 2 AND 16 "
            "AND instrument NOT GLOB '*[^a-z0-9_]*')", name="instrument_key",
        ),
        CheckConstraint("direction IS NULL OR " + one_of("direction", DIRECTIONS),
                        name="direction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goals.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(MAX_ITEM_CHARS))
    instrument: Mapped[str | None] = mapped_column(String(16))
    target_score: Mapped[float | None] = mapped_column(Float)
    direction: Mapped[str | None] = mapped_column(String(12))
    added_on: Mapped[date]
    target_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(String(16))


class PlanIntervention(Base):
    """What the therapist will do (sensate focus, CBT for pain, ...), how often, towards a goal."""

    __tablename__ = "plan_interventions"
    __table_args__ = (
        CheckConstraint(_present("text"), name="text_present"),
        CheckConstraint("ended_on IS NULL OR ended_on >= added_on", name="ended_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("plan_goals.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(MAX_ITEM_CHARS))
    frequency: Mapped[str | None] = mapped_column(String(200))
    added_on: Mapped[date]
    ended_on: Mapped[date | None]


class PlanReview(Base):
    """A dated review of the plan: what was found, and when the next one falls."""

    __tablename__ = "plan_reviews"
    __table_args__ = (
        CheckConstraint(_present("summary"), name="summary_present"),
        CheckConstraint("next_review_on IS NULL OR next_review_on > reviewed_on",
                        name="next_after_this"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), index=True)
    reviewed_on: Mapped[date]
    summary: Mapped[str] = mapped_column(Text)
    next_review_on: Mapped[date | None]
    recorded_at: Mapped[datetime]


class NoteGoal(Base):
    """A goal a progress note's session addressed; fixed with the note once it is signed.

    Deleting a draft note takes its ticks with it (the cascade); a goal that any note ticked
    can never be deleted (goals are ended, not deleted, anyway).
    """

    __tablename__ = "note_goals"

    note_id: Mapped[int] = mapped_column(
        ForeignKey("progress_notes.id", ondelete="CASCADE"), primary_key=True
    )
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goals.id"), primary_key=True,
                                         index=True)


# --- what the store itself refuses (copied literally into migration 0009) -----------------

# Named as the note's own parts' triggers are, so a practice import pauses this one too
# while it restores signed notes with their ticks (practice_export.document).
NOTE_GOALS_SIGNED_INSERT = "trg_note_goals_signed_insert"
_SIGNED = "((SELECT status FROM progress_notes WHERE id = {column}) = 'signed')"
_REFUSE = f"BEGIN SELECT RAISE(ABORT, '{SIGNED_NOTE_MESSAGE}'); END"

PLANS_DDL: tuple[str, ...] = (
    f"CREATE TRIGGER {NOTE_GOALS_SIGNED_INSERT} BEFORE INSERT ON note_goals "
    f"WHEN {_SIGNED.format(column='NEW.note_id')} {_REFUSE}",
    "CREATE TRIGGER trg_note_goals_signed_update BEFORE UPDATE ON note_goals "
    f"WHEN {_SIGNED.format(column='OLD.note_id')} OR {_SIGNED.format(column='NEW.note_id')} "
    f"{_REFUSE}",
    "CREATE TRIGGER trg_note_goals_signed_delete BEFORE DELETE ON note_goals "
    f"WHEN {_SIGNED.format(column='OLD.note_id')} {_REFUSE}",
)
