"""Treatment plans through visible controls: a plan with a goal and a measurable objective, a
note that ticks the goal and is signed, and the review showing on Today.

The client (and, for the unit's plan, the couple) are made through the core as setup; every
plan, goal, objective, tick and signature goes through the app, by keyboard where a person
would use it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from practice.services.clients import ClientDetails, create_client
from practice.services.plans import goals_for_note, plans_of_client, plans_of_unit
from practice.services.units import create_unit
from tests.ui.conftest import ControllerFactory
from tests.ui.first_week.app import fresh_practice, go_to
from tests.ui.first_week.care import closed, open_chart
from tests.ui.visible import (
    TIMEOUT,
    answer,
    choose,
    click,
    dialog,
    find,
    open_tab,
    pick_row,
    type_into,
)
from ui.controller import AppController

KAI = "Kai Lindqvist"
PLAN = "Pain and desire plan"
GOAL = "Pain-free penetration"
OBJECTIVE = "FSFI out of the dysfunction range"


def _rows(root: QWidget, table: str) -> list[list[str]]:
    view = find(root, QTableView, table)
    model = view.model()
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _save(qtbot: QtBot, form: QWidget) -> None:
    click(qtbot, form, "Save")
    qtbot.waitUntil(lambda: closed(form), timeout=TIMEOUT)  # type: ignore[arg-type]


def _practice_with(qtbot: QtBot, make_controller: ControllerFactory, folder: Path,
                   *names: str) -> tuple[AppController, list[int]]:
    controller = fresh_practice(qtbot, make_controller, folder)
    store = controller.context.store
    assert store is not None
    return controller, [create_client(store.sessions, ClientDetails(legal_name=n)).id
                        for n in names]


def _new_plan_with_goal_and_objective(qtbot: QtBot, window: QWidget) -> None:
    """On a Plan tab showing no plan: a plan due for review today, a goal, an objective."""
    assert "No treatment plan yet" in find(window, QLabel, "Nothing here yet",
                                           qtbot=qtbot).text()
    click(qtbot, window, "New plan…")
    form = dialog(qtbot, "New treatment plan")
    type_into(qtbot, form, "Title", PLAN)
    type_into(qtbot, form, "Review date", date.today().isoformat())
    _save(qtbot, form)
    click(qtbot, window, "Add goal…")
    form = dialog(qtbot, "Add goal")
    type_into(qtbot, form, "Goal", GOAL)
    _save(qtbot, form)
    pick_row(qtbot, window, "Plan items", GOAL)
    click(qtbot, window, "Add objective…")
    form = dialog(qtbot, "Add objective")
    type_into(qtbot, form, "Objective", OBJECTIVE)
    choose(qtbot, form, "Instrument", "FSFI")
    click(qtbot, form, "Save")  # no score yet: the form says so beside the field, and stays
    problem = find(form, QLabel, "Target score: problem", qtbot=qtbot)
    assert problem.text() == "Target score is needed when an instrument is chosen."
    type_into(qtbot, form, "Target score", "26.55")
    choose(qtbot, form, "Direction", "at or above")
    _save(qtbot, form)
    qtbot.waitUntil(lambda: len(_rows(window, "Plan items")) == 2, timeout=TIMEOUT)


def test_a_plan_goal_is_ticked_in_a_note_fixed_by_signing_and_its_review_is_on_today(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, (kai,) = _practice_with(qtbot, make_controller, tmp_path / "store", KAI)
    window = controller.window
    open_chart(qtbot, window, KAI)
    open_tab(qtbot, window, "Plan")
    _new_plan_with_goal_and_objective(qtbot, window)
    today = date.today().isoformat()
    assert _rows(window, "Plan items") == [
        ["Goal", GOAL, "", today, "Open"],
        ["  Objective", OBJECTIVE, "FSFI at or above 26.55", today, "Open"]]
    assert "review due" in find(window, QLabel, "Plan summary").text()

    open_tab(qtbot, window, "Notes")
    choose(qtbot, window, "Unit of the new note", KAI)
    choose(qtbot, window, "Format of the new note", "SOAP")
    click(qtbot, window, "New progress note")
    type_into(qtbot, window, "Subjective", "Dilator practice three times this week.")
    checklist = find(window, QListWidget, "Goals addressed", qtbot=qtbot)
    qtbot.waitUntil(lambda: checklist.count() == 1, timeout=TIMEOUT)
    assert checklist.item(0).text() == f"{GOAL} ({PLAN})"
    pick_row(qtbot, window, "Goals addressed", f"{GOAL} ({PLAN})")
    qtbot.keyClick(checklist, Qt.Key.Key_Space)  # ticked from the keyboard
    saved = find(window, QLabel, "Goals addressed: note", qtbot=qtbot)
    qtbot.waitUntil(lambda: saved.text() == "Saved: 1 goal(s) ticked.", timeout=TIMEOUT)
    store = controller.context.store
    assert store is not None
    (plan,) = plans_of_client(store.sessions, kai)

    click(qtbot, window, "Sign note…")
    answer(qtbot, "Sign")
    title = find(window, QLabel, "Note", qtbot=qtbot)
    qtbot.waitUntil(lambda: "signed" in title.text(), timeout=TIMEOUT)
    checklist = find(window, QListWidget, "Goals addressed", qtbot=qtbot)
    qtbot.waitUntil(lambda: checklist.count() == 1, timeout=TIMEOUT)
    item = checklist.item(0)
    assert item.checkState() == Qt.CheckState.Checked
    assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable  # read-only once signed
    qtbot.keyClick(checklist, Qt.Key.Key_Space)
    assert item.checkState() == Qt.CheckState.Checked
    note_ids = {c.goal_id for c in goals_for_note(store.sessions, _only_note(controller))
                if c.ticked}
    assert note_ids == {plan.goals[0].id}

    click(qtbot, window, "← Chart")
    open_tab(qtbot, window, "Plan")
    qtbot.waitUntil(lambda: "addressed in 1 session(s)" in _rows(window, "Plan items")[0][4],
                    timeout=TIMEOUT)
    go_to(qtbot, window, "Today")
    reviews = find(window, QListWidget, "Plan reviews due", qtbot=qtbot)
    qtbot.waitUntil(lambda: reviews.count() == 1 and KAI in reviews.item(0).text(),
                    timeout=TIMEOUT)
    assert reviews.item(0).text() == f"{KAI} — {PLAN}: review due today"

    # Enter on the line opens the plan on the chart, where the review is recorded.
    pick_row(qtbot, window, "Plan reviews due", reviews.item(0).text())
    qtbot.keyClick(reviews, Qt.Key.Key_Return)
    summary = find(window, QLabel, "Plan summary", qtbot=qtbot)
    qtbot.waitUntil(lambda: PLAN in summary.text(), timeout=TIMEOUT)
    click(qtbot, window, "Record review…")
    form = dialog(qtbot, "Record plan review")
    type_into(qtbot, form, "Summary", "Pain down; dilator practice steady.")
    type_into(qtbot, form, "Next review date", "2999-01-01")
    _save(qtbot, form)
    qtbot.waitUntil(lambda: _rows(window, "Plan reviews") == [
        [today, "Pain down; dilator practice steady.", "2999-01-01"]], timeout=TIMEOUT)
    assert "next review 2999-01-01" in summary.text()
    go_to(qtbot, window, "Today")
    reviews = find(window, QListWidget, "Plan reviews due", qtbot=qtbot)
    qtbot.waitUntil(lambda: reviews.item(0) is not None and reviews.item(0).text()
                    == "No treatment plan is due for review this week.", timeout=TIMEOUT)


def _only_note(controller: AppController) -> int:
    from practice.services.notes import list_notes

    store = controller.context.store
    assert store is not None
    (note,) = list_notes(store.sessions)
    return note.id


def test_a_couples_plan_is_written_on_the_units_page_and_a_changed_form_asks_first(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, (ana, ben) = _practice_with(qtbot, make_controller, tmp_path / "store",
                                            "Ana Reyes", "Ben Okafor")
    store = controller.context.store
    assert store is not None
    unit = create_unit(store.sessions, "couple", [ana, ben], opened_on=date(2026, 1, 5))
    window = controller.window
    go_to(qtbot, window, "Units")
    open_tab(qtbot, window, "Plan")
    click(qtbot, window, "New plan…")
    form = dialog(qtbot, "New treatment plan")
    type_into(qtbot, form, "Title", "Repair and closeness")
    type_into(qtbot, form, "Review date", date.today().isoformat())
    _save(qtbot, form)
    click(qtbot, window, "Add intervention…")
    form = dialog(qtbot, "Add intervention")
    type_into(qtbot, form, "Intervention", "Gottman repair conversations")
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # typed, not saved: asked before it is lost
    assert answer(qtbot, "Discard").startswith("Discard what you typed")
    qtbot.waitUntil(lambda: closed(form), timeout=TIMEOUT)
    (plan,) = plans_of_unit(store.sessions, unit.id)
    assert (plan.details.title, plan.interventions) == ("Repair and closeness", ())
    assert plans_of_client(store.sessions, ana) == ()

    # Today names the couple's plan; Enter on it opens the unit's Plan tab.
    go_to(qtbot, window, "Today")
    reviews = find(window, QListWidget, "Plan reviews due", qtbot=qtbot)
    qtbot.waitUntil(lambda: reviews.item(0) is not None
                    and "Repair and closeness" in reviews.item(0).text(), timeout=TIMEOUT)
    line = reviews.item(0).text()
    assert "Ana Reyes" in line and "Ben Okafor" in line and line.endswith("review due today")
    pick_row(qtbot, window, "Plan reviews due", line)
    qtbot.keyClick(reviews, Qt.Key.Key_Return)
    summary = find(window, QLabel, "Plan summary", qtbot=qtbot)
    qtbot.waitUntil(lambda: "Repair and closeness" in summary.text(), timeout=TIMEOUT)


FORMS = (("Edit plan…", "Edit treatment plan"), ("Record review…", "Record plan review"),
         ("Close plan…", "Close treatment plan"), ("Add problem…", "Add problem"),
         ("Add goal…", "Add goal"), ("Add intervention…", "Add intervention"),
         ("Add objective…", "Add objective"), ("Edit item…", "Edit goal"),
         ("End item…", "End goal"))


def test_every_plan_form_names_its_fields_and_tab_walks_them_in_order(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    from practice.services.plans import GoalDetails, PlanDetails, add_goal, create_plan

    controller, (kai,) = _practice_with(qtbot, make_controller, tmp_path / "store", KAI)
    store = controller.context.store
    assert store is not None
    plan = create_plan(store.sessions, PlanDetails(PLAN, date.today()), client_id=kai)
    add_goal(store.sessions, plan.id, GoalDetails(GOAL), on=date.today())
    window = controller.window
    open_chart(qtbot, window, KAI)
    open_tab(qtbot, window, "Plan")
    for button, title in FORMS:
        pick_row(qtbot, window, "Plan items", GOAL)
        click(qtbot, window, button)
        form = dialog(qtbot, title)
        fields = [w for w in form.findChildren(QWidget)
                  if isinstance(w, QLineEdit | QPlainTextEdit | QComboBox | QAbstractButton)
                  and w.isVisible()]
        assert fields and all(w.accessibleName() for w in fields), title
        form.activateWindow()  # as the window manager does for a dialog that opens
        qtbot.waitUntil(form.isActiveWindow, timeout=TIMEOUT)
        reached: list[QWidget] = []
        for _ in range(len(fields) + 2):
            focused = QApplication.focusWidget()
            assert focused is not None
            reached.append(focused)
            qtbot.keyClick(focused, Qt.Key.Key_Tab)
        inputs = [w for w in fields if not isinstance(w, QAbstractButton)]
        walked = [w for w in dict.fromkeys(reached) if w in inputs]
        assert walked == inputs, title  # every field by keyboard alone, in reading order
        qtbot.keyClick(form, Qt.Key.Key_Escape)  # nothing typed: closes without a question
        qtbot.waitUntil(lambda f=form: closed(f), timeout=TIMEOUT)  # type: ignore[misc]
