"""The Units dialogs: a new unit, members joining and leaving, relationships added and ended."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practice.services.relationships import RELATIONSHIP_KINDS
from practice.services.units import UNIT_KINDS
from ui.operations import Job
from ui.widgets.relationship_graph import KIND_WORDS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.clients import ClientSummary
    from practice.services.relationships import Edge
    from practice.services.units import UnitView
    from ui.context import AppContext

Work = Callable[["sessionmaker[Session]"], object]


def date_field(name: str, day: date) -> QDateEdit:
    """A date field with a calendar, showing ``day``."""
    field = QDateEdit(QDate(day.year, day.month, day.day))
    field.setAccessibleName(name)
    field.setCalendarPopup(True)
    return field


def day_of(field: QDateEdit) -> date:
    """The date a date field holds."""
    value = field.date()
    return date(value.year(), value.month(), value.day())


def people_list(name: str, people: list[tuple[int, str]]) -> QListWidget:
    """A list of people with a tick box each, none ticked."""
    listing = QListWidget()
    listing.setAccessibleName(name)
    for person_id, display in people:
        item = QListWidgetItem(display)
        item.setData(Qt.ItemDataRole.UserRole, person_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        listing.addItem(item)
    return listing


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


class FormDialog(QDialog):
    """A form whose Save runs one core call on the worker; the core's refusal is shown.

    Args:
        context: The application context.
        title: The window title.
        parent: The parent widget.
    """

    saved = Signal(object)

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.form = QFormLayout()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)

    def work(self) -> Work:
        """The core call the form stands for (built on the main thread, run on the worker)."""
        raise NotImplementedError

    def save(self) -> None:
        """Run the core call; close on success, stay open (the error shown) on refusal."""
        store = self.context.store
        if store is None:
            return
        sessions, call = store.sessions, self.work()

        def job(_job: Job) -> object:
            return call(sessions)

        self.context.ops.run(job, on_success=self._done, parent=self)

    def _done(self, stored: object) -> None:
        self.saved.emit(stored)
        self.accept()


class NewUnitDialog(FormDialog):
    """Open a couple, a polycule or an individual unit with its first members."""

    def __init__(self, context: AppContext, clients: tuple[ClientSummary, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "New care unit", parent)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of unit")
        for kind in UNIT_KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.kind.setCurrentIndex(self.kind.findData("couple"))
        self.label = QLineEdit()
        self.label.setAccessibleName("Unit name (optional)")
        self.opened_on = date_field("Opened on", date.today())
        self.members = people_list("Members", [(c.id, c.display_name) for c in clients])
        self.form.addRow("Kind:", self.kind)
        self.form.addRow("Name (optional):", self.label)
        self.form.addRow("Opened on:", self.opened_on)
        self.form.addRow("Members:", self.members)

    def work(self) -> Work:
        """Create the unit."""
        from practice.services.units import create_unit

        kind, members = self.kind.currentData(), ticked(self.members)
        label, opened = self.label.text().strip() or None, day_of(self.opened_on)
        return lambda sessions: create_unit(sessions, kind, members, opened_on=opened,
                                            label=label)


class MembersDialog(FormDialog):
    """Members leaving and joining on a date, and the unit's kind after the change."""

    def __init__(self, context: AppContext, unit: UnitView,
                 clients: tuple[ClientSummary, ...], parent: QWidget | None = None) -> None:
        super().__init__(context, "Members join or leave", parent)
        self.unit = unit
        current = {m.client_id for m in unit.current_members}
        self.on = date_field("Date of the change", date.today())
        self.leaving = people_list("Members leaving", [(m.client_id, m.display_name)
                                                       for m in unit.current_members])
        self.joining = people_list("Clients joining", [(c.id, c.display_name) for c in clients
                                                       if c.id not in current])
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of unit after the change")
        for kind in UNIT_KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.kind.setCurrentIndex(self.kind.findData(unit.kind))
        self.form.addRow("On:", self.on)
        self.form.addRow("Leaving:", self.leaving)
        self.form.addRow("Joining:", self.joining)
        self.form.addRow("Kind afterwards:", self.kind)

    def work(self) -> Work:
        """Record the change (the core checks the size fits the kind)."""
        from practice.services.units import change_members

        unit_id, on, kind = self.unit.id, day_of(self.on), self.kind.currentData()
        add, remove = ticked(self.joining), ticked(self.leaving)
        return lambda sessions: change_members(sessions, unit_id, on=on, add=add,
                                               remove=remove, kind=kind)


class RelationshipDialog(FormDialog):
    """Record a relationship between two current members of a unit."""

    def __init__(self, context: AppContext, unit: UnitView, parent: QWidget | None = None
                 ) -> None:
        super().__init__(context, "Add relationship", parent)
        self.unit = unit
        self.person_a = self._people("First person")
        self.person_b = self._people("Second person")
        self.person_b.setCurrentIndex(min(1, self.person_b.count() - 1))
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of relationship")
        for kind in RELATIONSHIP_KINDS:
            self.kind.addItem(KIND_WORDS[kind].capitalize(), kind)
        self.label = QLineEdit()
        self.label.setAccessibleName("Words for the relationship")
        self.has_start = QCheckBox("Known")
        self.has_start.setAccessibleName("Start date known")
        self.started_on = date_field("Started on", date.today())
        self.form.addRow("Between:", self.person_a)
        self.form.addRow("and:", self.person_b)
        self.form.addRow("Kind:", self.kind)
        self.form.addRow("Words (for other):", self.label)
        self.form.addRow("Start date:", self.has_start)
        self.form.addRow("", self.started_on)

    def _people(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for member in self.unit.current_members:
            combo.addItem(member.display_name, member.client_id)
        return combo

    def choose(self, a_id: int, b_id: int, kind: str) -> None:
        """Fill the form for two people and a kind (as picking them would)."""
        self.person_a.setCurrentIndex(self.person_a.findData(a_id))
        self.person_b.setCurrentIndex(self.person_b.findData(b_id))
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def work(self) -> Work:
        """Record the relationship (the core refuses metamour, repeats and non-members)."""
        from practice.services.relationships import add_relationship

        unit_id, kind = self.unit.id, self.kind.currentData()
        a_id, b_id = int(self.person_a.currentData()), int(self.person_b.currentData())
        label = self.label.text().strip() or None
        started: date | None = day_of(self.started_on) if self.has_start.isChecked() else None
        return lambda sessions: add_relationship(sessions, unit_id, a_id, b_id, kind,
                                                 label=label, started_on=started)


class EndRelationshipDialog(FormDialog):
    """Record the day a relationship ended (the edge stays, dated)."""

    def __init__(self, context: AppContext, edge: Edge, description: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "End relationship", parent)
        self.edge = edge
        self.ended_on = date_field("Ended on", date.today())
        self.form.addRow("Relationship:", QLineEdit(description, readOnly=True))
        self.form.addRow("Ended on:", self.ended_on)

    def work(self) -> Work:
        """Record the end."""
        from practice.services.relationships import end_relationship

        edge_id, ended = self.edge.id, day_of(self.ended_on)
        return lambda sessions: end_relationship(sessions, edge_id, ended)


