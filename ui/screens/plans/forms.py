"""The forms that write a treatment plan: the plan itself, its items, ending them, reviews.

Each is a ``RecordForm``: the core checks, the form shows the core's words beside the field
they name, and a changed form asks before it is thrown away. Every date is typed as the
therapist writes it (ISO or US) and read by the core's ``parse_day``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from practice.errors import ValidationError
from practice.services.common.dates import parse_day
from practice.services.plans import (
    DIRECTION_WORDS,
    END_REASON_WORDS,
    INSTRUMENT_NAMES,
    OUTCOME_WORDS,
    GoalDetails,
    InterventionDetails,
    ObjectiveDetails,
    PlanDetails,
)
from ui.widgets.choices import choice_box
from ui.widgets.organisation_form import line
from ui.widgets.record_form import RecordForm, Work

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.plans import GoalView, ObjectiveView, PlanView
    from ui.context import AppContext
    from ui.models.plans import PlanItem

DATE_HINT = "YYYY-MM-DD"
REVIEW_EVERY_DAYS = 90  # a common review interval; the therapist changes it as they wish
Owner = tuple[int | None, int | None]  # (client id, unit id): exactly one is set


def day_field(name: str, day: date | None = None) -> QLineEdit:
    """A date field holding ``day`` (or empty), with the format as its hint."""
    return line(name, day.isoformat() if day else "", placeholder=DATE_HINT)


def _typed_day(field: QLineEdit, name: str, *, required: bool = False) -> date | None:
    return parse_day(field.text(), name, required=required)


def _required_day(field: QLineEdit, name: str) -> date:
    day = parse_day(field.text(), name, required=True)
    assert day is not None  # required above
    return day


def _fields(form: RecordForm, *pairs: tuple[str, QWidget]) -> None:
    for label, widget in pairs:
        form.add_field(label, widget)


class PlanForm(RecordForm):
    """Start a plan for a client or a unit, or change an open plan's title and dates.

    Args:
        context: The application context.
        owner: (client id, unit id) of a new plan; ignored when ``plan`` is given.
        plan: The plan to change, or None for a new one.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, owner: Owner, plan: PlanView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "Edit treatment plan" if plan else "New treatment plan",
                         parent)
        self.owner, self.plan_id = owner, None if plan is None else plan.id
        today = date.today()
        details = plan.details if plan else PlanDetails(
            "Treatment plan", today, today + timedelta(days=REVIEW_EVERY_DAYS))
        self.title_field = line("Title", details.title)
        self.started = day_field("Start date", details.started_on)
        self.review = day_field("Review date", details.review_on)
        self.target = day_field("Target date", details.target_on)
        _fields(self, ("Title", self.title_field), ("Start date", self.started),
                ("Review date", self.review), ("Target date", self.target))
        self.start()

    def work(self) -> Work:
        """Read the fields, then start or change the plan on the worker."""
        from practice.services.plans import create_plan, update_plan

        details = PlanDetails(self.title_field.text(), _required_day(self.started, "Start date"),
                              _typed_day(self.review, "Review date"),
                              _typed_day(self.target, "Target date"))
        plan_id, (client_id, unit_id) = self.plan_id, self.owner
        if plan_id is not None:
            return lambda sessions: update_plan(sessions, plan_id, details)
        return lambda sessions: create_plan(sessions, details, client_id=client_id,
                                            unit_id=unit_id)


class ProblemForm(RecordForm):
    """Name a problem the plan addresses, or reword an open one.

    Args:
        context: The application context.
        plan_id: The plan.
        problem: (id, wording) of the problem to reword, or None for a new one.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, plan_id: int,
                 problem: tuple[int, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(context, "Edit problem" if problem else "Add problem", parent)
        self.plan_id, self.problem_id = plan_id, None if problem is None else problem[0]
        self.text = line("Problem", "" if problem is None else problem[1])
        self.added = day_field("Date added", date.today())
        self.add_field("Problem", self.text)
        if problem is None:
            self.add_field("Date added", self.added)
        self.start()

    def work(self) -> Work:
        """Read the fields, then add or reword the problem on the worker."""
        from practice.services.plans import add_problem, edit_problem

        text, plan_id, problem_id = self.text.text(), self.plan_id, self.problem_id
        if problem_id is not None:
            return lambda sessions: edit_problem(sessions, problem_id, text)
        on = _required_day(self.added, "Date added")
        return lambda sessions: add_problem(sessions, plan_id, text, on=on)


class GoalForm(RecordForm):
    """Set a goal (optionally under one of the plan's problems), or change an open one.

    Args:
        context: The application context.
        plan: The plan (its problems are offered).
        goal: The goal to change, or None for a new one.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, plan: PlanView, goal: GoalView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "Edit goal" if goal else "Add goal", parent)
        self.plan_id, self.goal_id = plan.id, None if goal is None else goal.id
        details = goal.details if goal else GoalDetails("")
        self.text = line("Goal", details.text)
        self.problem_choice = choice_box("Problem", [("None", None)] + [
            (p.text, p.id) for p in plan.problems if p.is_open or p.id == details.problem_id])
        chosen = self.problem_choice.findData(details.problem_id)
        self.problem_choice.setCurrentIndex(max(chosen, 0))
        self.target = day_field("Target date", details.target_on)
        self.added = day_field("Date set", date.today())
        _fields(self, ("Goal", self.text), ("Problem", self.problem_choice),
                ("Target date", self.target))
        if goal is None:
            self.add_field("Date set", self.added)
        self.start()

    def work(self) -> Work:
        """Read the fields, then set or change the goal on the worker."""
        from practice.services.plans import add_goal, edit_goal

        details = GoalDetails(self.text.text(), _typed_day(self.target, "Target date"),
                              self.problem_choice.currentData())
        plan_id, goal_id = self.plan_id, self.goal_id
        if goal_id is not None:
            return lambda sessions: edit_goal(sessions, goal_id, details)
        on = _required_day(self.added, "Date set")
        return lambda sessions: add_goal(sessions, plan_id, details, on=on)


def _score(field: QLineEdit) -> float | None:
    typed = field.text().strip()
    if not typed:
        return None
    try:
        return float(typed)
    except ValueError:
        raise ValidationError("Target score must be a number from 0 to 1000.") from None


class ObjectiveForm(RecordForm):
    """Add a measurable objective to a goal, or change an open one.

    A score target is chosen from the practice's instruments, with the score and whether
    the client should come out at or below it or at or above it.

    Args:
        context: The application context.
        goal_id: The goal.
        objective: The objective to change, or None for a new one.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, goal_id: int,
                 objective: ObjectiveView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(context, "Edit objective" if objective else "Add objective", parent)
        self.goal_id = goal_id
        self.objective_id = None if objective is None else objective.id
        details = objective.details if objective else ObjectiveDetails("")
        self.text = line("Objective", details.text)
        self.instrument = choice_box("Instrument", [("None", None)] + [
            (name, key) for key, name in INSTRUMENT_NAMES.items()])
        self.instrument.setCurrentIndex(max(self.instrument.findData(details.instrument), 0))
        score = details.target_score
        self.score = line("Target score", "" if score is None else f"{score:g}")
        self.direction = choice_box("Direction", [("", None)] + [
            (words, key) for key, words in DIRECTION_WORDS.items()])
        self.direction.setCurrentIndex(max(self.direction.findData(details.direction), 0))
        self.target = day_field("Target date", details.target_on)
        self.added = day_field("Date set", date.today())
        _fields(self, ("Objective", self.text), ("Instrument", self.instrument),
                ("Target score", self.score), ("Direction", self.direction),
                ("Target date", self.target))
        if objective is None:
            self.add_field("Date set", self.added)
        self.start()

    def work(self) -> Work:
        """Read the fields, then add or change the objective on the worker."""
        from practice.services.plans import add_objective, edit_objective

        details = ObjectiveDetails(
            self.text.text(), _typed_day(self.target, "Target date"),
            self.instrument.currentData(), _score(self.score), self.direction.currentData())
        goal_id, objective_id = self.goal_id, self.objective_id
        if objective_id is not None:
            return lambda sessions: edit_objective(sessions, objective_id, details)
        on = _required_day(self.added, "Date set")
        return lambda sessions: add_objective(sessions, goal_id, details, on=on)


class InterventionForm(RecordForm):
    """Add an intervention (what you will do, how often, towards which goal), or change one.

    Args:
        context: The application context.
        plan: The plan (its open goals are offered).
        intervention: (id, details) of the intervention to change, or None for a new one.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, plan: PlanView,
                 intervention: tuple[int, InterventionDetails] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "Edit intervention" if intervention else "Add intervention",
                         parent)
        self.plan_id = plan.id
        self.intervention_id = None if intervention is None else intervention[0]
        details = intervention[1] if intervention else InterventionDetails("")
        self.text = line("Intervention", details.text)
        self.frequency = line("Frequency", details.frequency or "")
        self.frequency.setPlaceholderText("Weekly, in joint sessions")
        self.goal = choice_box("Goal", [("None", None)] + [
            (g.details.text, g.id) for g in plan.goals if g.is_open or g.id == details.goal_id])
        self.goal.setCurrentIndex(max(self.goal.findData(details.goal_id), 0))
        self.added = day_field("Date added", date.today())
        _fields(self, ("Intervention", self.text), ("Frequency", self.frequency),
                ("Goal", self.goal))
        if intervention is None:
            self.add_field("Date added", self.added)
        self.start()

    def work(self) -> Work:
        """Read the fields, then add or change the intervention on the worker."""
        from practice.services.plans import add_intervention, edit_intervention

        details = InterventionDetails(self.text.text(), self.frequency.text(),
                                      self.goal.currentData())
        plan_id, intervention_id = self.plan_id, self.intervention_id
        if intervention_id is not None:
            return lambda sessions: edit_intervention(sessions, intervention_id, details)
        on = _required_day(self.added, "Date added")
        return lambda sessions: add_intervention(sessions, plan_id, details, on=on)


_END_TITLES = {"problem": "Resolve problem", "goal": "End goal", "objective": "End objective",
               "intervention": "End intervention"}


class EndItemForm(RecordForm):
    """End a goal, objective or intervention on a date (a problem: resolve it); it stays.

    Args:
        context: The application context.
        item: The item, as the plan's table holds it.
        words: The item's wording, shown so the therapist sees what ends.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, item: PlanItem, words: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, _END_TITLES[item.kind], parent)
        self.item = item
        which = QLabel(words)
        which.setWordWrap(True)
        which.setAccessibleName("Item")
        self.fields.addRow("Item:", which)
        self.day_name = "Date resolved" if item.kind == "problem" else "End date"
        self.day = day_field(self.day_name, date.today())
        self.add_field(self.day_name, self.day)
        self.outcome = choice_box("Outcome", [(w.capitalize(), k)
                                              for k, w in OUTCOME_WORDS.items()])
        if item.kind in ("goal", "objective"):
            self.add_field("Outcome", self.outcome)
        self.start()

    def work(self) -> Work:
        """Read the date (and outcome), then end the item on the worker."""
        from practice.services import plans

        on, outcome, record_id = _required_day(self.day, self.day_name), \
            str(self.outcome.currentData()), self.item.id
        ending: dict[str, Callable[[sessionmaker[Session]], PlanView]] = {
            "problem": lambda sessions: plans.resolve_problem(sessions, record_id, on),
            "goal": lambda sessions: plans.end_goal(sessions, record_id, on, outcome),
            "objective": lambda sessions: plans.end_objective(sessions, record_id, on, outcome),
            "intervention": lambda sessions: plans.end_intervention(sessions, record_id, on),
        }
        return ending[self.item.kind]


class ClosePlanForm(RecordForm):
    """Close a plan on a date, for a reason; it stays in the record as it was.

    Args:
        context: The application context.
        plan: The plan.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, plan: PlanView,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "Close treatment plan", parent)
        self.plan_id = plan.id
        self.day = day_field("End date", date.today())
        self.reason = choice_box("Reason", [(w.capitalize(), k)
                                            for k, w in END_REASON_WORDS.items()])
        _fields(self, ("End date", self.day), ("Reason", self.reason))
        self.start()

    def work(self) -> Work:
        """Read the date and reason, then close the plan on the worker."""
        from practice.services.plans import close_plan

        on, reason, plan_id = _required_day(self.day, "End date"), \
            str(self.reason.currentData()), self.plan_id
        return lambda sessions: close_plan(sessions, plan_id, on, reason)


class ReviewForm(RecordForm):
    """Record a review of the plan and when the next one falls.

    Args:
        context: The application context.
        plan: The plan.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, plan: PlanView,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "Record plan review", parent)
        self.plan_id = plan.id
        today = date.today()
        self.day = day_field("Review date", today)
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName("Summary")
        self.summary.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.next_review = day_field("Next review date",
                                     today + timedelta(days=REVIEW_EVERY_DAYS))
        _fields(self, ("Review date", self.day), ("Summary", self.summary),
                ("Next review date", self.next_review))
        self.start()

    def work(self) -> Work:
        """Read the fields, then record the review on the worker."""
        from practice.services.plans import record_review

        on = _required_day(self.day, "Review date")
        following = _typed_day(self.next_review, "Next review date")
        summary, plan_id = self.summary.toPlainText(), self.plan_id
        return lambda sessions: record_review(sessions, plan_id, on, summary,
                                              next_review_on=following)
