"""First-week steps for couples and polycules, through visible controls only.

Where each step starts and ends:

- ``new_unit``, ``add_relationship``, ``end_relationship``, ``set_agreement``,
  ``members_join``, ``member_leaves`` and ``close_unit`` start anywhere in the unlocked app,
  open Units from the sidebar themselves, and end on the Units screen with the unit chosen
  and the change shown (``new_unit``: the new unit). Each form is saved with its Save button
  and the step waits for it to close; when the core refuses, the step fails with the form's
  message (use ``open_new_unit`` and friends to look at a refusal instead).
- ``open_new_unit`` starts anywhere and ends with the New unit form open, returned.
- ``units_on_chart`` starts anywhere, opens the client's chart from the Clients list and its
  Units tab, and ends there, returning the lines the tab lists.

A unit is named as the Units list shows it before its " — kind" (its name, or its current
members' names joined by " & "); people as their client lines show them. Dates may be
``date`` objects or typed text ("2026-03-01", "03/01/2026").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QLabel,
    QListView,
    QListWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.first_week.app import go_to
from tests.ui.visible import TIMEOUT, choose, click, dialog, find, open_tab, pick_row, type_into
from ui.widgets.relationship_graph import KIND_WORDS
from ui.window import MainWindow

Day = date | str
# The agreement's choices as the form words them, from the words a caller may use.
AGREEMENT_WORDS = {
    "no secrets": "No secrets", "no_secrets": "No secrets", "no-secrets": "No secrets",
    "held separately": "Held separately", "held-separately": "Held separately",
    "individual_private": "Held separately", "something else": "Something else",
    "other": "Something else",
}


def typed(day: Day) -> str:
    """A date as a therapist types it."""
    return day.isoformat() if isinstance(day, date) else day


def form_problems(form: QWidget) -> list[str]:
    """Every message a form shows about why it was not saved."""
    return [label.text() for label in form.findChildren(QLabel)
            if label.isVisible() and label.text()
            and (label.accessibleName().endswith(": problem")
                 or label.accessibleName() == "Why this was not saved")]


def closed(form: QDialog) -> bool:
    """Whether a form has closed (the Units screen deletes its forms once closed)."""
    return not shiboken6.isValid(form) or not form.isVisible()


def save(qtbot: QtBot, form: QDialog, button: str = "Save") -> None:
    """Click the form's Save and wait for it to close; fail with its message if refused."""
    click(qtbot, form, button)
    try:
        qtbot.waitUntil(lambda: closed(form), timeout=TIMEOUT)
    except AssertionError:
        raise AssertionError(f"{form.windowTitle()} was refused: {form_problems(form)}"
                             ) from None


def tick(qtbot: QtBot, root: QWidget, listing: str, person: str) -> None:
    """Tick a person in a list of tick boxes: click their row, then press Space."""
    people = find(root, QListWidget, listing, qtbot=qtbot)
    pick_row(qtbot, root, listing, person)
    item = people.findItems(person, Qt.MatchFlag.MatchExactly)[0]
    if item.checkState() != Qt.CheckState.Checked:
        qtbot.keyClick(people, Qt.Key.Key_Space)
    assert item.checkState() == Qt.CheckState.Checked, f"{person} could not be ticked"


def units_listed(window: MainWindow) -> list[str]:
    """The lines of the Units list (none while the screen says there are no units yet)."""
    views = [v for v in window.findChildren(QListView)
             if v.accessibleName() == "Care units" and v.isVisible()]
    if not views:
        return []
    view = views[0]
    model = view.model()
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def choose_unit(qtbot: QtBot, window: MainWindow, unit: str) -> None:
    """Open Units and click the unit's line; wait for its details to be shown."""
    go_to(qtbot, window, "Units")
    view = find(window, QListView, "Care units", qtbot=qtbot)
    model = view.model()

    def row() -> int:
        lines = [str(model.index(r, 0).data()) for r in range(model.rowCount())]
        return next((r for r, line in enumerate(lines) if line.startswith(f"{unit} — ")), -1)

    qtbot.waitUntil(lambda: row() >= 0, timeout=TIMEOUT)
    index = model.index(row(), 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    heading = find(window, QLabel, "Unit", qtbot=qtbot)
    qtbot.waitUntil(lambda: heading.text().startswith(f"{unit} ("), timeout=TIMEOUT)


def open_new_unit(qtbot: QtBot, window: MainWindow) -> QDialog:
    """Open Units and its New unit form (the empty screen's button, or the list's)."""
    go_to(qtbot, window, "Units")
    click(qtbot, window, "New unit")
    return dialog(qtbot, "New unit")


def new_client_on_the_spot(qtbot: QtBot, form: QDialog, legal_name: str) -> None:
    """In a unit form, make a new client with "New client…" (they come back ticked)."""
    click(qtbot, form, "New client")
    intake = dialog(qtbot, "New client")
    type_into(qtbot, intake, "Legal name", legal_name)
    save(qtbot, intake)


def new_unit(qtbot: QtBot, window: MainWindow, kind: str, members: Iterable[str],
             name: str | None = None, *, opened_on: Day | None = None,
             new_clients: Iterable[str] = ()) -> None:
    """Make a couple, polycule or individual unit from clients ticked in the New unit form.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        kind: "couple", "polycule" or "individual".
        members: The clients to tick, as their names are listed.
        name: The unit's name, if it has one.
        opened_on: When the work began (the form's today if not given).
        new_clients: Legal names of people to add as clients on the spot, from the form
            (they join the unit too).
    """
    form = open_new_unit(qtbot, window)
    before = len(units_listed(window))
    choose(qtbot, form, "Kind", kind.capitalize())
    if name is not None:
        type_into(qtbot, form, "Unit name", name)
    if opened_on is not None:
        type_into(qtbot, form, "Opened on", typed(opened_on))
    for person in new_clients:
        new_client_on_the_spot(qtbot, form, person)
    for person in members:
        tick(qtbot, form, "Members", person)
    save(qtbot, form)
    view = find(window, QListView, "Care units", qtbot=qtbot)
    heading = find(window, QLabel, "Unit", qtbot=qtbot)

    def shown() -> bool:  # listed, chosen, and its details read
        chosen = str(view.currentIndex().data() or "")
        return (len(units_listed(window)) == before + 1 and chosen.endswith(f" — {kind}")
                and heading.text().startswith(chosen.rpartition(" — ")[0] + " ("))

    qtbot.waitUntil(shown, timeout=TIMEOUT)


def add_relationship(qtbot: QtBot, window: MainWindow, unit: str, a: str, b: str, kind: str,
                     since: Day | None = None, *, label: str | None = None) -> None:
    """Record a typed relationship between two current members.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        unit: The unit, as listed.
        a: One member.
        b: The other.
        kind: "partner", "spouse", "nesting partner", "co-parent", "former partner" or
            "other" (with ``label``); the core's names ("nesting_partner") also do.
        since: When it began, if known.
        label: Words for an "other" relationship.
    """
    choose_unit(qtbot, window, unit)
    click(qtbot, window, "Add relationship")
    form = dialog(qtbot, "Add relationship")
    choose(qtbot, form, "Between", a)
    choose(qtbot, form, "And", b)
    words = KIND_WORDS.get(kind, kind)  # "nesting_partner" or "nesting partner"
    choose(qtbot, form, "Kind", words[:1].upper() + words[1:])
    if label is not None:
        type_into(qtbot, form, "Relationship label", label)
    if since is not None:
        type_into(qtbot, form, "Started on", typed(since))
    save(qtbot, form)
    relationships = find(window, QListWidget, "Relationships", qtbot=qtbot)
    qtbot.waitUntil(lambda: bool(relationships.findItems(
        f"{a} and {b}", Qt.MatchFlag.MatchStartsWith) + relationships.findItems(
        f"{b} and {a}", Qt.MatchFlag.MatchStartsWith)), timeout=TIMEOUT)


def end_relationship(qtbot: QtBot, window: MainWindow, unit: str, relationship: str,
                     on: Day) -> None:
    """End a relationship, chosen by the start of its line ("Ana Ruiz and Ben Cole: partner")."""
    choose_unit(qtbot, window, unit)
    relationships = find(window, QListWidget, "Relationships", qtbot=qtbot)
    item = relationships.findItems(relationship, Qt.MatchFlag.MatchStartsWith)[0]
    pick_row(qtbot, window, "Relationships", item.text())
    click(qtbot, window, "End relationship")
    form = dialog(qtbot, "End relationship")
    type_into(qtbot, form, "Ended on", typed(on))
    save(qtbot, form)


def set_agreement(qtbot: QtBot, window: MainWindow, unit: str, kind: str, agreed_on: Day,
                  words: str | None = None) -> None:
    """Record the unit's confidentiality agreement.

    Args:
        qtbot: The test's bot.
        window: The app's main window, unlocked.
        unit: The unit, as listed.
        kind: "No secrets", "Held separately" or "Something else" (with ``words``); the
            core's names ("no_secrets", "individual_private", "other") also do.
        agreed_on: The day they agreed.
        words: The agreement in the therapist's words.
    """
    choose_unit(qtbot, window, unit)
    click(qtbot, window, "Agreement")
    form = dialog(qtbot, "Confidentiality agreement")
    choice = AGREEMENT_WORDS.get(kind.casefold(), kind)
    click(qtbot, form, choice)
    type_into(qtbot, form, "Agreed on", typed(agreed_on))
    if words is not None:
        type_into(qtbot, form, "In your words", words)
    save(qtbot, form)
    shown = find(window, QLabel, "Confidentiality agreement", qtbot=qtbot)
    qtbot.waitUntil(lambda: choice in shown.text(), timeout=TIMEOUT)


def open_members_form(qtbot: QtBot, window: MainWindow, unit: str) -> QDialog:
    """Choose the unit and open its Members join or leave form."""
    choose_unit(qtbot, window, unit)
    click(qtbot, window, "Members join or leave")
    return dialog(qtbot, "Members join or leave")


def member_leaves(qtbot: QtBot, window: MainWindow, unit: str, member: str, on: Day, *,
                  kind_after: str | None = None) -> None:
    """Record a member leaving the unit on a day (the kind afterwards as the form offers it,
    unless given: "couple", "polycule" or "individual")."""
    form = open_members_form(qtbot, window, unit)
    type_into(qtbot, form, "Date of the change", typed(on))
    tick(qtbot, form, "Leaving", member)
    if kind_after is not None:
        choose(qtbot, form, "Kind afterwards", kind_after.capitalize())
    save(qtbot, form)
    members = find(window, QListWidget, "Members over time", qtbot=qtbot)
    qtbot.waitUntil(lambda: any(members.item(i).text().startswith(f"{member}:")
                                and "left" in members.item(i).text()
                                for i in range(members.count())), timeout=TIMEOUT)


def members_join(qtbot: QtBot, window: MainWindow, unit: str, people: Iterable[str], on: Day,
                 *, kind_after: str | None = None) -> None:
    """Record clients joining the unit on a day."""
    form = open_members_form(qtbot, window, unit)
    type_into(qtbot, form, "Date of the change", typed(on))
    for person in people:
        tick(qtbot, form, "Joining", person)
    if kind_after is not None:
        choose(qtbot, form, "Kind afterwards", kind_after.capitalize())
    save(qtbot, form)


def close_unit(qtbot: QtBot, window: MainWindow, unit: str, on: Day) -> str:
    """Close the unit on a day, confirming when asked; return the question asked."""
    from tests.ui.visible import answer

    choose_unit(qtbot, window, unit)
    click(qtbot, window, "Close unit")
    form = dialog(qtbot, "Close unit")
    type_into(qtbot, form, "Closed on", typed(on))
    click(qtbot, form, "Close unit…")
    asked = answer(qtbot, "Close unit")
    qtbot.waitUntil(lambda: closed(form), timeout=TIMEOUT)
    find(window, QLabel, "Closed", qtbot=qtbot)  # the closed note, once the unit is re-read
    return asked


def units_on_chart(qtbot: QtBot, window: MainWindow, client: str) -> list[str]:
    """Open the client's chart on its Units tab; return the units it lists."""
    go_to(qtbot, window, "Clients")
    back = [b for b in window.findChildren(QAbstractButton)
            if b.isVisible() and b.text() == "← Clients"]
    if back:
        qtbot.mouseClick(back[0], Qt.MouseButton.LeftButton)
    pick_row(qtbot, window, "Client list", client, double=True)
    heading = find(window, QLabel, "Client", qtbot=qtbot)
    qtbot.waitUntil(lambda: escape(client) in heading.text(), timeout=TIMEOUT)
    open_tab(qtbot, window, "Units")
    listing = [w for w in window.findChildren(QListWidget)
               if w.accessibleName() == "Units of this client" and w.isVisible()]
    if not listing:
        return []
    return [listing[0].item(i).text() for i in range(listing[0].count())]
