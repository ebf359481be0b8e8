"""The Units forms: a new unit, members joining and leaving, relationships added and ended.

Each is a ``RecordForm``: the core checks what was typed and its refusal is shown beside the
field it is about, Cancel on a changed form asks first, and a lock shelves the form. Dates are
typed (YYYY-MM-DD or MM/DD/YYYY) and start as today where a date is always needed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from practice.errors import ValidationError
from practice.services.common.dates import parse_day
from practice.services.units import size_fits
from practice.services.units.relationships import RELATIONSHIP_KINDS
from ui.widgets.choices import choice_box
from ui.widgets.record_form import FieldRow, RecordForm, Work
from ui.widgets.relationship_graph import KIND_WORDS

if TYPE_CHECKING:
    from practice.services.clients import ClientSummary, ClientView
    from practice.services.units import UnitKind, UnitView
    from practice.services.units.relationships import Edge
    from ui.context import AppContext

# The kinds a therapist makes here first; an individual unit is usually made by booking.
KIND_CHOICES: tuple[tuple[str, UnitKind], ...] = (
    ("Couple", "couple"), ("Polycule", "polycule"), ("Individual", "individual"))
CLIENTS_FIRST = (
    "Clients come first: a couple or polycule is made of people who are already clients "
    "of the practice. Add each person with New client…, and they appear here, ticked."
)
METAMOURS_DERIVED = (
    "Metamours (partners of the same partner) are worked out from the partner, spouse and "
    "nesting-partner relationships, so there is nothing to record for them."
)


def date_field(name: str, day: date) -> QDateEdit:
    """A date field with a calendar, showing ``day`` (for dates that are always present)."""
    field = QDateEdit(QDate(day.year, day.month, day.day))
    field.setAccessibleName(name)
    field.setCalendarPopup(True)
    return field


def day_of(field: QDateEdit) -> date:
    """The date a date field holds."""
    value = field.date()
    return date(value.year(), value.month(), value.day())


def day_line(day: date | None) -> QLineEdit:
    """A typed-date field (YYYY-MM-DD or MM/DD/YYYY) holding ``day``, or blank."""
    field = QLineEdit(day.isoformat() if day else "")
    field.setPlaceholderText("YYYY-MM-DD")
    return field


def typed_day(field: QLineEdit, name: str) -> date:
    """The date typed in a field that needs one.

    Raises:
        ValidationError: Blank, or not a date that exists (the message starts with ``name``).
    """
    day = parse_day(field.text(), name, required=True)
    if day is None:  # parse_day refuses a blank when required; this keeps the type exact
        raise ValidationError(f"{name} is required.")
    return day


def people_list(name: str, people: list[tuple[int, str]]) -> QListWidget:
    """A list of people with a tick box each (Space ticks the current one), none ticked."""
    listing = QListWidget()
    listing.setAccessibleName(name)
    listing.setMaximumHeight(160)  # a screenful of names; longer lists scroll
    for person_id, display in people:
        add_person(listing, person_id, display)
    return listing


def add_person(listing: QListWidget, person_id: int, display: str, *,
               ticked_now: bool = False) -> None:
    """Add one person to a list made by ``people_list``."""
    item = QListWidgetItem(display)
    item.setData(Qt.ItemDataRole.UserRole, person_id)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if ticked_now else Qt.CheckState.Unchecked)
    listing.addItem(item)


def ticked(listing: QListWidget) -> list[int]:
    """The ids of the people ticked, in list order."""
    items = (listing.item(i) for i in range(listing.count()))
    return [int(i.data(Qt.ItemDataRole.UserRole)) for i in items
            if i.checkState() == Qt.CheckState.Checked]


def tick(listing: QListWidget, person_id: int, on: bool = True) -> None:
    """Tick (or untick) one person in a list made by ``people_list``."""
    for i in range(listing.count()):
        item = listing.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == person_id:
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def note(text: str) -> QLabel:
    """A sentence of explanation inside a form."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class UnitForm(RecordForm):
    """A Units form that can also place the core's sentences that name no field.

    The core's unit messages start with the rule, not the field ("A couple has exactly two
    current members."); ``routes`` maps words found in such a message to the field it is
    about, so the message still shows beside the right field.
    """

    routes: tuple[tuple[str, str], ...] = ()

    def row_for(self, message: str) -> FieldRow | None:
        """The field a message is about: by its leading label, else by its words."""
        row = super().row_for(message)
        if row is not None:
            return row
        lowered = message.casefold()
        label = next((label for words, label in self.routes if words in lowered), None)
        return next((r for r in self.rows if r.label == label), None)

    def new_client_button(self, listing: QListWidget) -> QPushButton:
        """A "New client…" button whose client is added to ``listing``, ticked."""
        button = QPushButton("New client…")
        button.setAccessibleName("New client")
        button.clicked.connect(lambda: self.new_client(listing))
        return button

    def new_client(self, listing: QListWidget) -> None:
        """Open the intake form; the client it stores joins ``listing``, ticked."""
        from ui.widgets.client_form import ClientForm

        form = ClientForm(self.context, None, self)

        def stored(client: ClientView) -> None:
            add_person(listing, client.id, client.display_name, ticked_now=True)
            self.clients_added()

        form.saved.connect(stored)

    def clients_added(self) -> None:
        """Called after a client made on the spot joined a list."""


class NewUnitDialog(UnitForm):
    """Open a couple, a polycule or an individual unit with its first members.

    Args:
        context: The application context.
        clients: Every client, to choose the members from.
        parent: The parent widget.
    """

    routes = (("member", "Members"),)

    def __init__(self, context: AppContext, clients: tuple[ClientSummary, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "New unit", parent)
        self.kind = choice_box("Kind of unit", KIND_CHOICES)
        self.label = QLineEdit()
        self.label.setPlaceholderText("Optional: how you refer to them")
        self.opened_on = day_line(date.today())
        self.members = people_list("Members", [(c.id, c.display_name) for c in clients])
        self.add_field("Kind", self.kind)
        self.fields.addRow("", note("A couple is two people; a polycule is three or more."))
        self.add_field("Unit name", self.label)
        self.add_field("Opened on", self.opened_on)
        self.clients_first = note(CLIENTS_FIRST)
        self.clients_first.setAccessibleName("Clients come first")
        self.fields.addRow(self.clients_first)
        self.add_field("Members", self.members)
        self.fields.addRow("", self.new_client_button(self.members))
        self._show_members()
        self.start()

    def _show_members(self) -> None:
        has_clients = self.members.count() > 0
        self.clients_first.setVisible(not has_clients)
        holder = self.members.parentWidget()  # add_field put the list in a holder
        if holder is not None:
            self.fields.setRowVisible(holder, has_clients)

    def clients_added(self) -> None:
        """A client made on the spot: the list is worth showing now."""
        self._show_members()

    def work(self) -> Work:
        """Create the unit (the core checks the number of members fits the kind)."""
        from practice.services.units import create_unit

        kind, members = self.kind.currentData(), ticked(self.members)
        label, opened = self.label.text().strip() or None, typed_day(self.opened_on, "Opened on")
        return lambda sessions: create_unit(sessions, kind, members, opened_on=opened,
                                            label=label)


class MembersDialog(UnitForm):
    """Members leaving and joining on a date, and the unit's kind after the change.

    Args:
        context: The application context.
        unit: The unit (open).
        clients: Every client, to choose who joins from.
        parent: The parent widget.
    """

    routes = (("has exactly", "Kind afterwards"), ("has three", "Kind afterwards"),
              ("before they joined", "Date of the change"),
              ("only a current member", "Leaving"), ("only once", "Joining"))

    def __init__(self, context: AppContext, unit: UnitView,
                 clients: tuple[ClientSummary, ...], parent: QWidget | None = None) -> None:
        super().__init__(context, "Members join or leave", parent)
        self.unit = unit
        current = {m.client_id for m in unit.current_members}
        self.on = day_line(date.today())
        self.leaving = people_list("Members leaving", [(m.client_id, m.display_name)
                                                       for m in unit.current_members])
        self.joining = people_list("Clients joining", [(c.id, c.display_name) for c in clients
                                                       if c.id not in current])
        self.kind = choice_box("Kind of unit after the change", KIND_CHOICES)
        self.kind.setCurrentIndex(self.kind.findData(unit.kind))
        self.add_field("Date of the change", self.on)
        self.add_field("Leaving", self.leaving)
        self.add_field("Joining", self.joining)
        self.fields.addRow("", self.new_client_button(self.joining))
        self.add_field("Kind afterwards", self.kind)
        self.fields.addRow("", note("The history is kept: a member who leaves stays listed, "
                                    "with the date they left."))
        for listing in (self.leaving, self.joining):
            listing.itemChanged.connect(self._fit_kind)
        self.start()

    def _fit_kind(self) -> None:
        # Two people left after a polycule's change are a couple: offer the kind that fits.
        count = len(self.unit.current_members) - len(ticked(self.leaving)) + len(
            ticked(self.joining))
        fitting = next((k for _words, k in KIND_CHOICES if size_fits(k, count)), None)
        if fitting is not None and not size_fits(self.kind.currentData(), count):
            self.kind.setCurrentIndex(self.kind.findData(fitting))

    def work(self) -> Work:
        """Record the change (the core checks the size fits the kind)."""
        from practice.services.units import change_members

        unit_id, kind = self.unit.id, self.kind.currentData()
        on = typed_day(self.on, "Date of the change")
        add, remove = ticked(self.joining), ticked(self.leaving)
        return lambda sessions: change_members(sessions, unit_id, on=on, add=add,
                                               remove=remove, kind=kind)


class RelationshipDialog(UnitForm):
    """Record a typed, dated relationship between two current members of a unit.

    Args:
        context: The application context.
        unit: The unit (open).
        parent: The parent widget.
    """

    routes = (("two different people", "And"), ("current members", "Between"),
              ("already recorded", "Kind"))

    def __init__(self, context: AppContext, unit: UnitView, parent: QWidget | None = None
                 ) -> None:
        super().__init__(context, "Add relationship", parent)
        self.unit = unit
        people = [(m.display_name, m.client_id) for m in unit.current_members]
        self.person_a = choice_box("First person", people)
        self.person_b = choice_box("Second person", people)
        self.person_b.setCurrentIndex(min(1, self.person_b.count() - 1))
        self.kind = choice_box("Kind of relationship", [
            (KIND_WORDS[kind].capitalize(), kind) for kind in RELATIONSHIP_KINDS])
        self.label = QLineEdit()
        self.label.setPlaceholderText("Needed for Other, e.g. play partner")
        self.started_on = day_line(None)
        self.add_field("Between", self.person_a)
        self.add_field("And", self.person_b)
        self.add_field("Kind", self.kind)
        self.add_field("Relationship label", self.label)
        self.add_field("Started on", self.started_on)
        self.fields.addRow("", note("Leave the start blank when it is not known. "
                                    + METAMOURS_DERIVED))
        self.start()

    def choose(self, a_id: int, b_id: int, kind: str) -> None:
        """Fill the form for two people and a kind (as picking them would)."""
        self.person_a.setCurrentIndex(self.person_a.findData(a_id))
        self.person_b.setCurrentIndex(self.person_b.findData(b_id))
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def work(self) -> Work:
        """Record the relationship (the core refuses metamour, repeats and non-members)."""
        from practice.services.units.relationships import add_relationship

        if self.person_a.currentData() is None or self.person_b.currentData() is None:
            raise ValidationError("A relationship needs two different people.")
        unit_id, kind = self.unit.id, self.kind.currentData()
        a_id, b_id = int(self.person_a.currentData()), int(self.person_b.currentData())
        label = self.label.text().strip() or None
        started = parse_day(self.started_on.text(), "Started on")
        return lambda sessions: add_relationship(sessions, unit_id, a_id, b_id, kind,
                                                 label=label, started_on=started)


class EndRelationshipDialog(UnitForm):
    """Record the day a relationship ended (the edge stays, dated).

    Args:
        context: The application context.
        edge: The relationship.
        description: The relationship in words, as the screen lists it.
        parent: The parent widget.
    """

    routes = (("before it started", "Ended on"),)

    def __init__(self, context: AppContext, edge: Edge, description: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "End relationship", parent)
        self.edge = edge
        shown = QLineEdit(description)
        shown.setReadOnly(True)
        self.ended_on = day_line(date.today())
        self.add_field("Relationship", shown)
        self.add_field("Ended on", self.ended_on)
        self.start()

    def work(self) -> Work:
        """Record the end."""
        from practice.services.units.relationships import end_relationship

        edge_id, ended = self.edge.id, typed_day(self.ended_on, "Ended on")
        return lambda sessions: end_relationship(sessions, edge_id, ended)
