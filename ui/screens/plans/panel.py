"""A client's or a unit's treatment plans: the plan chosen, its items and reviews, its actions.

The chart's Plan tab and a unit's Plan tab are this one panel. It reads its plans itself (on
the worker) and again after every form that stores something; forms are ``RecordForm``s
opened on top of it, and a lock shelves them with what was typed.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from practice.services.plans import END_REASON_WORDS
from ui.models.plans import PlanItem, PlanItemsModel, PlanReviewsModel
from ui.screens.plans.forms import (
    ClosePlanForm,
    EndItemForm,
    GoalForm,
    InterventionForm,
    ObjectiveForm,
    Owner,
    PlanForm,
    ProblemForm,
    ReviewForm,
)
from ui.widgets.choices import choice_box
from ui.widgets.empty_state import EmptyState
from ui.widgets.row_table import named_button, row_table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.plans import PlanView
    from ui.context import AppContext
    from ui.widgets.record_form import RecordForm

NO_PLAN = ("No treatment plan yet. A plan names the problems you are working on, the goals "
           "and measurable objectives, your interventions, and when you will review it.")


def plan_choice_text(plan: PlanView) -> str:
    """How a plan is offered in the chooser: its title, its dates, and whether it is closed."""
    text = f"{plan.details.title}, from {plan.details.started_on.isoformat()}"
    return text if plan.is_open else f"{text} (closed {plan.ended_on})"


def plan_summary(plan: PlanView, today: date) -> str:
    """The chosen plan's dates and state in one or two lines of rich text."""
    parts = [f"Started {plan.details.started_on.isoformat()}"]
    if plan.details.target_on:
        parts.append(f"target {plan.details.target_on.isoformat()}")
    if not plan.is_open:
        reason = END_REASON_WORDS.get(plan.end_reason or "", "")
        parts.append(f"closed {plan.ended_on}: {reason}")
    elif plan.details.review_on is None:
        parts.append("no review planned")
    elif plan.review_due(today):
        parts.append(f"<b>review due {plan.details.review_on.isoformat()}</b>")
    else:
        parts.append(f"next review {plan.details.review_on.isoformat()}")
    return escape(plan.details.title) + " — " + ", ".join(parts)


class PlanPanel(QWidget):
    """The plans of one client (their own) or of one care unit, and every way to write them.

    Args:
        context: The application context.
        parent: The parent widget.

    Signals:
        changed: A plan was stored (the screen around may want to know).
    """

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.owner: Owner | None = None
        self.plans: tuple[PlanView, ...] = ()
        self.today = date.today()
        self.form: RecordForm | None = None
        self._wanted: int | None = None
        self.chooser = choice_box("Treatment plan")
        self.chooser.currentIndexChanged.connect(lambda _i: self._show_chosen())
        self.summary = QLabel("")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Plan summary")
        self.items = PlanItemsModel(self)
        self.item_table = row_table("Plan items", self.items)
        self.item_table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.item_table.activated.connect(lambda _index: self.edit_item())  # Enter, double-click
        self.reviews = PlanReviewsModel(self)
        self.review_table = row_table("Plan reviews", self.reviews)
        self.review_table.setMaximumHeight(120)
        self.buttons = {text: named_button(text, text.rstrip("…")) for text in (
            "New plan…", "Edit plan…", "Record review…", "Close plan…", "Add problem…",
            "Add goal…", "Add objective…", "Add intervention…", "Edit item…", "End item…")}
        actions = {
            "New plan…": self.new_plan, "Edit plan…": self.edit_plan,
            "Record review…": self.record_review, "Close plan…": self.close_plan,
            "Add problem…": self.add_problem, "Add goal…": self.add_goal,
            "Add objective…": self.add_objective, "Add intervention…": self.add_intervention,
            "Edit item…": self.edit_item, "End item…": self.end_item,
        }
        for text, button in self.buttons.items():
            button.clicked.connect(actions[text])
        self.empty = EmptyState(NO_PLAN, "New plan…", self.new_plan)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._plan_page())
        self.pages.addWidget(self.empty)
        QVBoxLayout(self).addWidget(self.pages)
        self._enable()

    def _row(self, *texts: str) -> QHBoxLayout:
        row = QHBoxLayout()
        for text in texts:
            row.addWidget(self.buttons[text])
        row.addStretch(1)
        return row

    def _plan_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.chooser, 1)
        column.addLayout(top)
        column.addLayout(self._row("New plan…", "Edit plan…", "Record review…", "Close plan…"))
        column.addWidget(self.summary)
        column.addWidget(self.item_table, 1)
        column.addLayout(self._row("Add problem…", "Add goal…", "Add objective…",
                                   "Add intervention…", "Edit item…", "End item…"))
        reviews = QLabel("Reviews")
        reviews.setBuddy(self.review_table)
        column.addWidget(reviews)
        column.addWidget(self.review_table)
        return page

    # --- reading --------------------------------------------------------------------------

    def show_owner(self, *, client_id: int | None = None, unit_id: int | None = None) -> None:
        """Read and show the plans of a client (their own) or of a unit.

        Args:
            client_id: The client, or None.
            unit_id: The unit, or None (exactly one of the two).
        """
        if self.owner != (client_id, unit_id):
            self.clear()
        self.owner = (client_id, unit_id)
        self.reload()

    def reload(self) -> None:
        """Read the shown owner's plans again."""
        owner = self.owner
        if owner is None:
            return
        client_id, unit_id = owner

        def work(sessions: sessionmaker[Session]) -> tuple[Owner, tuple[PlanView, ...]]:
            from practice.services.plans import plans_of_client, plans_of_unit

            if client_id is not None:
                return owner, plans_of_client(sessions, client_id)
            assert unit_id is not None
            return owner, plans_of_unit(sessions, unit_id)

        self.context.read(work, on_success=self._show_plans, parent=self)

    def _show_plans(self, read: tuple[Owner, tuple[PlanView, ...]]) -> None:
        owner, plans = read
        if owner != self.owner:
            return  # another client or unit was chosen meanwhile
        wanted = self._wanted if self._wanted is not None else self.plan_id()
        self._wanted = None
        self.plans, self.today = plans, date.today()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for plan in plans:
            self.chooser.addItem(plan_choice_text(plan), plan.id)
        self.chooser.setCurrentIndex(max(self.chooser.findData(wanted), 0))
        self.chooser.blockSignals(False)
        self.pages.setCurrentIndex(0 if plans else 1)
        self._show_chosen()

    def plan_id(self) -> int | None:
        """The id of the plan chosen, if any."""
        value = self.chooser.currentData()
        return None if value is None else int(value)

    def plan(self) -> PlanView | None:
        """The plan chosen, as last read."""
        chosen = self.plan_id()
        return next((p for p in self.plans if p.id == chosen), None)

    def _show_chosen(self) -> None:
        plan, selected = self.plan(), self.selected()
        self.summary.setText("" if plan is None else plan_summary(plan, self.today))
        self.items.set_plan(plan)
        self.reviews.set_plan(plan)
        self.item_table.resizeColumnsToContents()
        if selected is not None:
            row = self.items.row_of(selected.kind, selected.id)
            if row is not None:
                self.item_table.selectRow(row)
        self._enable()

    def selected(self) -> PlanItem | None:
        """The item selected in the plan's table, if any."""
        rows = self.item_table.selectionModel().selectedRows()
        return self.items.item(rows[0].row()) if rows else None

    def _enable(self) -> None:
        plan, item = self.plan(), self.selected()
        open_plan = plan is not None and plan.is_open
        self.buttons["New plan…"].setEnabled(self.owner is not None)
        for text in ("Edit plan…", "Record review…", "Close plan…", "Add problem…",
                     "Add goal…", "Add intervention…"):
            self.buttons[text].setEnabled(open_plan)
        goal_open = open_plan and item is not None and item.goal_id is not None and any(
            g.id == item.goal_id and g.is_open for g in (plan.goals if plan else ()))
        self.buttons["Add objective…"].setEnabled(goal_open)
        item_open = open_plan and item is not None and item.is_open
        self.buttons["Edit item…"].setEnabled(item_open)
        self.buttons["End item…"].setEnabled(item_open)

    # --- forms ----------------------------------------------------------------------------

    def _open(self, form: RecordForm) -> None:
        self.form = form
        form.saved.connect(self._saved)
        form.finished.connect(lambda _result: self._forget(form))

    def _saved(self, stored: object) -> None:
        from practice.services.plans import PlanView

        if isinstance(stored, PlanView):
            self._wanted = stored.id
        self.reload()
        self.changed.emit()

    def _forget(self, form: RecordForm) -> None:
        if self.form is form:
            self.form = None
        form.deleteLater()

    def _can_open(self) -> bool:
        return self.owner is not None and self.context.store is not None and self.form is None

    def new_plan(self) -> None:
        """Open the form that starts a plan for the shown client or unit."""
        if self._can_open() and self.owner is not None:
            self._open(PlanForm(self.context, self.owner, None, self))

    def _with_open_plan(self) -> PlanView | None:
        plan = self.plan()
        return plan if plan is not None and plan.is_open and self._can_open() else None

    def edit_plan(self) -> None:
        """Open the form that changes the chosen plan's title and dates."""
        plan = self._with_open_plan()
        if plan is not None and self.owner is not None:
            self._open(PlanForm(self.context, self.owner, plan, self))

    def record_review(self) -> None:
        """Open the form that records a review of the chosen plan."""
        plan = self._with_open_plan()
        if plan is not None:
            self._open(ReviewForm(self.context, plan, self))

    def close_plan(self) -> None:
        """Open the form that closes the chosen plan."""
        plan = self._with_open_plan()
        if plan is not None:
            self._open(ClosePlanForm(self.context, plan, self))

    def add_problem(self) -> None:
        """Open the form that names a problem."""
        plan = self._with_open_plan()
        if plan is not None:
            self._open(ProblemForm(self.context, plan.id, None, self))

    def add_goal(self) -> None:
        """Open the form that sets a goal."""
        plan = self._with_open_plan()
        if plan is not None:
            self._open(GoalForm(self.context, plan, None, self))

    def add_objective(self) -> None:
        """Open the form that adds an objective to the selected goal (or objective's goal)."""
        plan, item = self._with_open_plan(), self.selected()
        if plan is not None and item is not None and item.goal_id is not None:
            self._open(ObjectiveForm(self.context, item.goal_id, None, self))

    def add_intervention(self) -> None:
        """Open the form that adds an intervention."""
        plan = self._with_open_plan()
        if plan is not None:
            self._open(InterventionForm(self.context, plan, None, self))

    def edit_item(self) -> None:
        """Open the form that changes the selected item (if it is still open)."""
        plan, item = self._with_open_plan(), self.selected()
        if plan is None or item is None or not item.is_open:
            return
        if item.kind == "problem":
            problem = next(p for p in plan.problems if p.id == item.id)
            self._open(ProblemForm(self.context, plan.id, (problem.id, problem.text), self))
        elif item.kind == "goal":
            self._open(GoalForm(self.context, plan, plan.goal(item.id), self))
        elif item.kind == "objective":
            goal = plan.goal(item.goal_id or -1)
            objective = next(o for o in (goal.objectives if goal else ()) if o.id == item.id)
            self._open(ObjectiveForm(self.context, objective.goal_id, objective, self))
        else:
            found = next(i for i in plan.interventions if i.id == item.id)
            self._open(InterventionForm(self.context, plan, (found.id, found.details), self))

    def end_item(self) -> None:
        """Open the form that ends (or resolves) the selected item."""
        plan, item = self._with_open_plan(), self.selected()
        rows = self.item_table.selectionModel().selectedRows()
        if plan is not None and item is not None and item.is_open and rows:
            words = str(self.items.index(rows[0].row(), 1).data())
            self._open(EndItemForm(self.context, item, words, self))

    def clear(self) -> None:
        """Show nothing (an open form stays: a lock shelves it with what was typed)."""
        self.owner, self.plans = None, ()
        self.chooser.clear()
        self.summary.clear()
        self.items.set_plan(None)
        self.reviews.set_plan(None)
        self.pages.setCurrentIndex(0)
        self._enable()
