"""Couples and polycules made, related, agreed, changed and closed from a fresh practice.

Every unit action goes through the Units screen's visible controls (tests/ui/first_week/
units.py); the clients are made through the core as setup, since their form is tested on
its own, except where a client is made on the spot from the New unit form.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QListView,
    QListWidget,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from practice.services.clients import ClientDetails, create_client
from practice.services.units import UnitView, list_units
from practice.services.units.relationships import unit_graph
from tests.ui.conftest import ControllerFactory, wait_idle
from tests.ui.first_week.app import PASSPHRASE, fresh_practice, go_to
from tests.ui.first_week.units import (
    add_relationship,
    choose_unit,
    close_unit,
    closed,
    end_relationship,
    form_problems,
    member_leaves,
    members_join,
    new_client_on_the_spot,
    new_unit,
    open_members_form,
    open_new_unit,
    save,
    set_agreement,
    tick,
    units_listed,
    units_on_chart,
)
from tests.ui.test_accessibility import _unnamed_inputs
from tests.ui.visible import TIMEOUT, answer, choose, click, dialog, find, type_into
from ui.controller import AppController
from ui.widgets.record_form import DISCARD_QUESTION

OPENED = date(2026, 3, 2)


@pytest.fixture
def app(qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> AppController:
    return fresh_practice(qtbot, make_controller, tmp_path / "store")


def clients(app: AppController, *names: str) -> None:
    """Set up clients through the core (their own form is another screen's tests)."""
    store = app.context.store
    assert store is not None
    for name in names:
        create_client(store.sessions, ClientDetails(legal_name=name))


def stored_units(app: AppController) -> tuple[UnitView, ...]:
    store = app.context.store
    assert store is not None
    return list_units(store.sessions)


def test_a_couple_of_two_clients_agrees_to_no_secrets_and_both_charts_show_it(
        qtbot: QtBot, app: AppController) -> None:
    clients(app, "Ana Ruiz", "Ben Cole")
    window = app.window
    new_unit(qtbot, window, "couple", ["Ana Ruiz", "Ben Cole"], opened_on=OPENED)
    set_agreement(qtbot, window, "Ana Ruiz & Ben Cole", "No secrets", "2026-03-09")

    (couple,) = stored_units(app)
    assert couple.kind == "couple" and couple.opened_on == OPENED
    assert [m.display_name for m in couple.current_members] == ["Ana Ruiz", "Ben Cole"]
    assert couple.agreement is not None
    assert (couple.agreement.kind, couple.agreement.agreed_on) == ("no_secrets",
                                                                   date(2026, 3, 9))
    for member in ("Ana Ruiz", "Ben Cole"):
        assert units_on_chart(qtbot, window, member) == [
            "Ana Ruiz & Ben Cole — couple, since 02 Mar 2026"]
        details = find(window, QTextBrowser, "Unit members and agreement")
        text = details.toPlainText()
        assert "Ana Ruiz: joined 02 Mar 2026" in text and "Ben Cole: joined" in text
        assert "No secrets (agreed 09 Mar 2026)" in text


def test_a_polycule_of_four_records_typed_dated_relationships_and_derives_metamours(
        qtbot: QtBot, app: AppController) -> None:
    clients(app, "Ana Ruiz", "Ben Cole", "Cleo Park", "Dev Shah")
    window = app.window
    new_unit(qtbot, window, "polycule", ["Ana Ruiz", "Ben Cole", "Cleo Park", "Dev Shah"],
             name="Harbour polycule", opened_on=OPENED)
    unit = "Harbour polycule"
    add_relationship(qtbot, window, unit, "Ana Ruiz", "Ben Cole", "spouse", "2015-06-20")
    add_relationship(qtbot, window, unit, "Ben Cole", "Cleo Park", "nesting_partner",
                     "03/14/2021")
    add_relationship(qtbot, window, unit, "Cleo Park", "Dev Shah", "partner")
    add_relationship(qtbot, window, unit, "Ana Ruiz", "Ben Cole", "co-parent", "2017-01-05")

    (poly,) = stored_units(app)
    store = app.context.store
    assert store is not None
    graph = unit_graph(store.sessions, poly.id, date.today())
    names = {m.client_id: m.display_name for m in poly.members}
    edges = {(names[e.a_id], names[e.b_id], e.kind, e.started_on) for e in graph.edges}
    assert edges == {
        ("Ana Ruiz", "Ben Cole", "spouse", date(2015, 6, 20)),
        ("Ben Cole", "Cleo Park", "nesting_partner", date(2021, 3, 14)),
        ("Cleo Park", "Dev Shah", "partner", None),
        ("Ana Ruiz", "Ben Cole", "co_parent", date(2017, 1, 5)),
    }
    pairs = {frozenset((names[m.a_id], names[m.b_id])) for m in graph.metamours}
    assert pairs == {frozenset(("Ana Ruiz", "Cleo Park")), frozenset(("Ben Cole", "Dev Shah"))}
    listed = find(window, QListWidget, "Relationships")
    lines = {listed.item(i).text() for i in range(listed.count())}
    assert "Ana Ruiz and Ben Cole: spouse, since 20 Jun 2015" in lines
    assert "Ben Cole and Cleo Park: nesting partner, since 14 Mar 2021" in lines

    end_relationship(qtbot, window, unit, "Cleo Park and Dev Shah: partner", "2026-05-01")
    graph = unit_graph(store.sessions, poly.id, date(2026, 5, 1))
    ended = next(e for e in graph.edges if e.kind == "partner")
    assert ended.ended_on == date(2026, 5, 1)
    assert {frozenset((names[m.a_id], names[m.b_id])) for m in graph.metamours} == {
        frozenset(("Ana Ruiz", "Cleo Park"))}  # Dev no longer shares Cleo with Ben
    qtbot.waitUntil(lambda: "Cleo Park and Dev Shah: partner, ended 01 May 2026" in {
        listed.item(i).text() for i in range(listed.count())}, timeout=TIMEOUT)


def test_a_member_leaving_on_a_date_makes_a_polycule_a_couple_and_the_history_stays(
        qtbot: QtBot, app: AppController) -> None:
    clients(app, "Ana Ruiz", "Ben Cole", "Cleo Park")
    window = app.window
    new_unit(qtbot, window, "polycule", ["Ana Ruiz", "Ben Cole", "Cleo Park"],
             name="Triad", opened_on=OPENED)

    form = open_members_form(qtbot, window, "Triad")  # leaving before joining: refused
    type_into(qtbot, form, "Date of the change", "2026-03-01")
    tick(qtbot, form, "Leaving", "Cleo Park")
    assert find(form, QComboBox, "Kind afterwards").currentText() == "Couple"
    click(qtbot, form, "Save")
    problem = find(form, QLabel, "Date of the change: problem", qtbot=qtbot)
    assert problem.text() == "A member cannot leave before they joined."
    type_into(qtbot, form, "Date of the change", "2026-04-10")
    click(qtbot, form, "Save")
    qtbot.waitUntil(lambda: closed(form), timeout=TIMEOUT)

    (unit,) = stored_units(app)
    assert unit.kind == "couple"
    cleo = next(m for m in unit.members if m.display_name == "Cleo Park")
    assert cleo.left_on == date(2026, 4, 10)
    assert len(unit.members) == 3 and len(unit.current_members) == 2
    assert units_on_chart(qtbot, window, "Cleo Park") == ["Triad — couple, left 10 Apr 2026"]

    members_join(qtbot, window, "Triad", ["Cleo Park"], "2026-09-01")  # back, a polycule
    (unit,) = stored_units(app)
    assert unit.kind == "polycule"
    assert [(m.display_name, m.joined_on, m.left_on) for m in unit.members
            if m.display_name == "Cleo Park"] == [("Cleo Park", OPENED, date(2026, 4, 10)),
                                                  ("Cleo Park", date(2026, 9, 1), None)]


def test_an_empty_practice_says_clients_come_first_and_makes_them_from_the_new_unit_form(
        qtbot: QtBot, app: AppController) -> None:
    window = app.window
    go_to(qtbot, window, "Units")
    nothing = find(window, QLabel, "Nothing here yet", qtbot=qtbot)
    assert nothing.text().startswith("No couples or polycules yet")

    form = open_new_unit(qtbot, window)  # the empty screen's own New unit button
    first = find(form, QLabel, "Clients come first", qtbot=qtbot)
    assert "Clients come first" in first.text()
    assert not [w for w in form.findChildren(QListWidget) if w.isVisible()]  # no empty list

    new_client_on_the_spot(qtbot, form, "Robin Hale")
    new_client_on_the_spot(qtbot, form, "Sam Okafor")
    members = find(form, QListWidget, "Members", qtbot=qtbot)
    assert not first.isVisible()
    assert [(members.item(i).text(), members.item(i).checkState()) for i in range(2)] == [
        ("Robin Hale", Qt.CheckState.Checked), ("Sam Okafor", Qt.CheckState.Checked)]
    save(qtbot, form)

    (couple,) = stored_units(app)
    assert [m.display_name for m in couple.members] == ["Robin Hale", "Sam Okafor"]
    assert units_listed(window) == ["Robin Hale & Sam Okafor — couple"]


def test_the_new_unit_form_says_why_it_cannot_save_beside_the_field(
        qtbot: QtBot, app: AppController) -> None:
    clients(app, "Ana Ruiz", "Ben Cole", "Cleo Park")
    window = app.window
    form = open_new_unit(qtbot, window)
    for person in ("Ana Ruiz", "Ben Cole", "Cleo Park"):
        tick(qtbot, form, "Members", person)
    click(qtbot, form, "Save")
    problem = find(form, QLabel, "Members: problem", qtbot=qtbot)
    assert problem.text() == "A couple has exactly two current members."

    choose(qtbot, form, "Kind", "Polycule")
    type_into(qtbot, form, "Opened on", "2026-02-30")
    click(qtbot, form, "Save")
    problem = find(form, QLabel, "Opened on: problem", qtbot=qtbot)
    assert problem.text() == "Opened on is not a date that exists."
    assert form_problems(form) == ["Opened on is not a date that exists."]
    assert stored_units(app) == ()

    type_into(qtbot, form, "Opened on", "03/02/2026")
    save(qtbot, form)
    (poly,) = stored_units(app)
    assert poly.kind == "polycule" and poly.opened_on == OPENED


def test_cancelling_a_changed_unit_form_asks_first_and_keeps_the_ticks_until_discarded(
        qtbot: QtBot, app: AppController) -> None:
    clients(app, "Ana Ruiz", "Ben Cole")
    window = app.window
    untouched = open_new_unit(qtbot, window)
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    qtbot.waitUntil(lambda: closed(untouched), timeout=TIMEOUT)

    form = open_new_unit(qtbot, window)
    tick(qtbot, form, "Members", "Ana Ruiz")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert answer(qtbot, "Cancel") == DISCARD_QUESTION
    assert form.isVisible()
    assert find(form, QListWidget, "Members").item(0).checkState() == Qt.CheckState.Checked
    click(qtbot, form, "Cancel")
    assert answer(qtbot, "Discard") == DISCARD_QUESTION
    qtbot.waitUntil(lambda: closed(form), timeout=TIMEOUT)
    assert stored_units(app) == ()


def test_closing_a_unit_asks_then_ends_every_membership_and_offers_no_more_changes(
        qtbot: QtBot, app: AppController) -> None:
    clients(app, "Ana Ruiz", "Ben Cole", "Cleo Park", "Dev Shah")
    window = app.window
    new_unit(qtbot, window, "polycule", ["Ana Ruiz", "Ben Cole", "Cleo Park", "Dev Shah"],
             name="Quad", opened_on=OPENED)
    member_leaves(qtbot, window, "Quad", "Dev Shah", "2026-04-01")

    choose_unit(qtbot, window, "Quad")  # a day before the unit opened: refused
    click(qtbot, window, "Close unit")
    form = dialog(qtbot, "Close unit")
    type_into(qtbot, form, "Closed on", "2026-03-01")
    click(qtbot, form, "Close unit…")
    answer(qtbot, "Close unit")
    problem = find(form, QLabel, "Closed on: problem", qtbot=qtbot)
    assert problem.text() == "A unit cannot close before it opened or a member joined."
    click(qtbot, form, "Cancel")
    answer(qtbot, "Discard")  # the date was typed, so cancelling asks first
    qtbot.waitUntil(lambda: closed(form), timeout=TIMEOUT)

    asked = close_unit(qtbot, window, "Quad", "2026-06-30")
    assert asked.startswith("Close Quad on 30 Jun 2026?")
    (quad,) = stored_units(app)
    assert quad.closed_on == date(2026, 6, 30) and quad.current_members == ()
    assert {m.display_name: m.left_on for m in quad.members} == {
        "Ana Ruiz": date(2026, 6, 30), "Ben Cole": date(2026, 6, 30),
        "Cleo Park": date(2026, 6, 30), "Dev Shah": date(2026, 4, 1)}
    assert units_listed(window) == ["Quad — polycule (closed)"]
    for action in ("Members join or leave", "Add relationship", "Agreement", "Close unit"):
        assert not find(window, QAbstractButton, action).isEnabled()
    assert units_on_chart(qtbot, window, "Ana Ruiz") == ["Quad — polycule, closed 30 Jun 2026"]


def test_an_agreement_of_their_own_needs_words_and_each_choice_is_explained(
        qtbot: QtBot, app: AppController) -> None:
    clients(app, "Ana Ruiz", "Ben Cole")
    window = app.window
    new_unit(qtbot, window, "couple", ["Ana Ruiz", "Ben Cole"])
    choose_unit(qtbot, window, "Ana Ruiz & Ben Cole")
    click(qtbot, window, "Agreement")
    form = dialog(qtbot, "Confidentiality agreement")
    shown = " ".join(label.text() for label in form.findChildren(QLabel) if label.isVisible())
    assert "may be brought into your work together" in shown  # no secrets
    assert "stays between you and that person" in shown  # held separately
    click(qtbot, form, "Something else")
    click(qtbot, form, "Save")
    problem = find(form, QLabel, "In your words: problem", qtbot=qtbot)
    assert problem.text() == "Agreement is required when the kind is other."
    type_into(qtbot, form, "In your words", "Affairs are disclosed within a month")
    save(qtbot, form)
    (couple,) = stored_units(app)
    assert couple.agreement is not None
    assert (couple.agreement.kind, couple.agreement.text) == (
        "other", "Affairs are disclosed within a month")

    set_agreement(qtbot, window, "Ana Ruiz & Ben Cole", "held-separately", "2026-05-01")
    (couple,) = stored_units(app)
    assert couple.agreement is not None and couple.agreement.kind == "individual_private"


def test_a_relationship_needs_two_people_and_words_for_other(
        qtbot: QtBot, app: AppController) -> None:
    clients(app, "Ana Ruiz", "Ben Cole")
    window = app.window
    new_unit(qtbot, window, "couple", ["Ana Ruiz", "Ben Cole"])
    choose_unit(qtbot, window, "Ana Ruiz & Ben Cole")
    click(qtbot, window, "Add relationship")
    form = dialog(qtbot, "Add relationship")
    shown = " ".join(label.text() for label in form.findChildren(QLabel) if label.isVisible())
    assert "Metamours" in shown and "Metamour" not in [
        find(form, QComboBox, "Kind").itemText(i) for i in range(find(form, QComboBox,
                                                                         "Kind").count())]
    choose(qtbot, form, "And", "Ana Ruiz")
    click(qtbot, form, "Save")
    problem = find(form, QLabel, "And: problem", qtbot=qtbot)
    assert problem.text() == "A relationship needs two different people."
    choose(qtbot, form, "And", "Ben Cole")
    choose(qtbot, form, "Kind", "Other")
    click(qtbot, form, "Save")
    problem = find(form, QLabel, "Relationship label: problem", qtbot=qtbot)
    assert problem.text() == "Relationship label is required."
    type_into(qtbot, form, "Relationship label", "Play partners")
    save(qtbot, form)
    listed = find(window, QListWidget, "Relationships", qtbot=qtbot)
    qtbot.waitUntil(lambda: listed.count() == 1, timeout=TIMEOUT)
    assert listed.item(0).text() == "Ana Ruiz and Ben Cole: Play partners"


def test_open_unit_on_a_chart_goes_to_that_unit_on_the_units_screen(
        qtbot: QtBot, app: AppController) -> None:
    clients(app, "Ana Ruiz", "Ben Cole", "Cleo Park", "Dev Shah")
    window = app.window
    assert units_on_chart(qtbot, window, "Dev Shah") == []
    assert find(window, QLabel, "Nothing here yet").text().startswith(
        "Not in any couple or polycule yet")
    click(qtbot, window, "Go to Units")
    qtbot.waitUntil(lambda: window.workspace is not None
                    and window.workspace.current.title == "Units", timeout=TIMEOUT)
    new_unit(qtbot, window, "couple", ["Ana Ruiz", "Ben Cole"])
    new_unit(qtbot, window, "couple", ["Ana Ruiz", "Cleo Park"], "Ana and Cleo")
    choose_unit(qtbot, window, "Ana Ruiz & Ben Cole")  # the Units screen shows the other one
    assert units_on_chart(qtbot, window, "Cleo Park") == ["Ana and Cleo — couple, since "
                                                          f"{date.today():%d %b %Y}"]
    click(qtbot, window, "Open unit")
    heading = find(window, QLabel, "Unit", qtbot=qtbot)
    qtbot.waitUntil(lambda: heading.text().startswith("Ana and Cleo ("), timeout=TIMEOUT)
    assert window.workspace is not None and window.workspace.current.title == "Units"


def test_a_couple_is_made_and_its_actions_reached_with_the_keyboard_alone(
        qtbot: QtBot, app: AppController) -> None:
    clients(app, "Ana Ruiz", "Ben Cole")
    window = app.window
    window.activateWindow()
    go_to(qtbot, window, "Units")
    screen = find(window, QWidget, "Units")
    wait_idle(qtbot, app.context)  # the list read, so New unit has something to add to
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = dialog(qtbot, "New unit")
    assert _unnamed_inputs(form) == []
    assert form.focusWidget() is find(form, QComboBox, "Kind")
    reached = []
    for _ in range(4):  # Kind → Unit name → Opened on → Members
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
        reached.append(form.focusWidget().accessibleName())
    assert reached[:3] == ["Unit name", "Opened on", "Members"]
    members = find(form, QListWidget, "Members")
    qtbot.keyClick(members, Qt.Key.Key_Space)
    qtbot.keyClick(members, Qt.Key.Key_Down)
    qtbot.keyClick(members, Qt.Key.Key_Space)
    qtbot.keyClick(members, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: closed(form), timeout=TIMEOUT)
    assert [m.display_name for m in stored_units(app)[0].members] == ["Ana Ruiz", "Ben Cole"]

    close = find(window, QAbstractButton, "Close unit", qtbot=qtbot)
    qtbot.waitUntil(close.isEnabled, timeout=TIMEOUT)  # the new unit's details are read
    units = find(window, QListView, "Care units", qtbot=qtbot)
    units.setFocus()
    wanted = {"New unit", "Members join or leave", "Add relationship", "Agreement",
              "Close unit"}
    seen: set[str] = set()
    for _ in range(15):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        seen.add(window.focusWidget().accessibleName())
    assert wanted <= seen
    assert _unnamed_inputs(screen) == []
    for action, title in (("Members join or leave", "Members join or leave"),
                          ("Add relationship", "Add relationship"),
                          ("Agreement", "Confidentiality agreement"),
                          ("Close unit", "Close unit")):
        button = find(window, QAbstractButton, action)
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
        opened = dialog(qtbot, title)
        assert _unnamed_inputs(opened) == []
        qtbot.keyClick(opened, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda opened=opened: closed(opened), timeout=TIMEOUT)
    units_on_chart(qtbot, window, "Ana Ruiz")
    assert _unnamed_inputs(window) == []


def test_a_lock_shelves_a_half_made_unit_and_the_unlock_brings_back_the_ticks(
        qtbot: QtBot, app: AppController) -> None:
    clients(app, "Ana Ruiz", "Ben Cole")
    window = app.window
    form = open_new_unit(qtbot, window)
    tick(qtbot, form, "Members", "Ana Ruiz")
    type_into(qtbot, form, "Unit name", "Ana and Ben")

    app.lock()  # as the idle timer does (the open form keeps the menu's Lock out of reach)
    assert app.context.store is None
    assert not form.isVisible()  # nothing of it over the unlock screen
    type_into(qtbot, window, "Passphrase", PASSPHRASE)
    click(qtbot, window, "Unlock")
    qtbot.waitUntil(lambda: app.context.store is not None, timeout=TIMEOUT)

    qtbot.waitUntil(form.isVisible, timeout=TIMEOUT)
    tick(qtbot, form, "Members", "Ben Cole")
    save(qtbot, form)
    (couple,) = stored_units(app)
    assert couple.label == "Ana and Ben" and len(couple.members) == 2
