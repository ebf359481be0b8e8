"""The Units section: couples and polycules, their members over time and their graph."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import icons
from ui.models.directory import Directory
from ui.models.unit_list import UnitListModel
from ui.screens.base import Screen
from ui.screens.billing.arrangements import UnitBillingPanel
from ui.screens.plans.panel import PlanPanel
from ui.screens.units.agreement import AgreementDialog, CloseUnitDialog, agreement_words
from ui.screens.units.csi_panel import CsiPanel
from ui.screens.units.dialogs import (
    EndRelationshipDialog,
    MembersDialog,
    NewUnitDialog,
    RelationshipDialog,
)
from ui.widgets.empty_state import EmptyState
from ui.widgets.loading import LoadingHint
from ui.widgets.relationship_graph import KIND_WORDS, RelationshipGraphView

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.clients import ClientSummary
    from practice.services.units import UnitView
    from practice.services.units.relationships import Edge, UnitGraph
    from ui.context import AppContext
    from ui.widgets.record_form import RecordForm

NOTHING_YET = (
    "No couples or polycules yet. A unit is the people you see together: who is in it "
    "over time, how they are related, and what they agreed about confidentiality."
)


@dataclass(frozen=True)
class UnitDetail:
    """One unit as the screen shows it, read on the worker."""

    unit: UnitView
    graph: UnitGraph


def describe_edge(edge: Edge, names: dict[int, str]) -> str:
    """An edge in words: who, what kind, and its dates."""
    kind = edge.label if edge.kind == "other" and edge.label else KIND_WORDS[edge.kind]
    text = f"{names.get(edge.a_id, '?')} and {names.get(edge.b_id, '?')}: {kind}"
    if edge.started_on:
        text += f", since {edge.started_on:%d %b %Y}"
    if edge.ended_on:
        text += f", ended {edge.ended_on:%d %b %Y}"
    return text


def _member_line(member_name: str, joined: date, left: date | None) -> str:
    line = f"{member_name}: joined {joined:%d %b %Y}"
    return line + (f", left {left:%d %b %Y}" if left else "")


class UnitsScreen(Screen):
    """Units: every care unit, its membership history and relationship graph."""

    title = "Units"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.directory: Directory | None = None
        self.detail: UnitDetail | None = None
        self.dialog: RecordForm | None = None
        self._wanted: int | None = None
        self.unit_list = UnitListModel(self)
        self.units = QListView()
        self.units.setAccessibleName("Care units")
        self.units.setUniformItemSizes(True)  # ten thousand units: no row measured alone
        self.units.setModel(self.unit_list)
        self.loading = LoadingHint(self.units, context.ops)
        self.units.selectionModel().currentRowChanged.connect(self._unit_chosen)
        self.heading = QLabel("")
        self.heading.setAccessibleName("Unit")
        self.members = QListWidget()
        self.members.setAccessibleName("Members over time")
        self.members.setMaximumHeight(110)
        self.graph = RelationshipGraphView()
        self.csi = CsiPanel(context, self.graph)  # colours the graph's edges by the CSI
        self.relationships = QListWidget()
        self.relationships.setAccessibleName("Relationships")
        self.relationships.setMaximumHeight(110)
        self.relationships.currentItemChanged.connect(lambda *_items: self._enable())
        self.agreement = QLabel("")
        self.agreement.setWordWrap(True)
        self.agreement.setAccessibleName("Confidentiality agreement")
        self.closed_note = QLabel("")
        self.closed_note.setWordWrap(True)
        self.closed_note.setAccessibleName("Closed")
        self.new_button = self._button("New unit…", self.new_unit)
        self.members_button = self._button("Members join or leave…", self.change_members)
        self.add_button = self._button("Add relationship…", self.add_relationship)
        self.end_button = self._button("End relationship…", self.end_relationship)
        self.end_button.setToolTip("Choose the relationship in the list first")
        self.agreement_button = self._button("Agreement…", self.edit_agreement)
        self.close_button = self._button("Close unit…", self.close_unit)
        self.empty = EmptyState(NOTHING_YET, "New unit", self.new_unit)
        self.pages = QStackedWidget()
        self._lay_out()
        # Ctrl+N, window-wide but only while Units is on show (as on Clients, whose hidden
        # screen's shortcut then does not compete).
        keys = QKeySequence(QKeySequence.StandardKey.New)
        self.new_button.setToolTip(
            f"New unit ({keys.toString(QKeySequence.SequenceFormat.NativeText)})")
        self.new_shortcut = QShortcut(keys, self, self.new_unit)
        self.new_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self._enable()

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(slot)
        icons.adorn(button)
        return button

    def _lay_out(self) -> None:
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.addWidget(self.units, 1)
        left_column.addWidget(self.new_button)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.addWidget(self.heading)
        right_column.addWidget(self.closed_note)
        right_column.addWidget(self.members)
        right_column.addWidget(self.agreement)
        right_column.addWidget(self.graph, 1)
        right_column.addWidget(self.relationships)
        right_column.addWidget(self.csi)
        actions = QHBoxLayout()
        for button in (self.members_button, self.add_button, self.end_button,
                       self.agreement_button, self.close_button):
            actions.addWidget(button)
        actions.addStretch(1)
        right_column.addLayout(actions)
        splitter = QSplitter()
        splitter.addWidget(left)
        # The unit's treatment plans beside its people: a tab of their own.
        self.plan = PlanPanel(self.context)
        self.detail_tabs = QTabWidget()
        self.detail_tabs.addTab(right, "Unit")
        self.detail_tabs.addTab(self.plan, "Plan")
        # Who pays for the unit's sessions and whose care a joint session bills.
        self.billing = UnitBillingPanel(self.context)
        self.detail_tabs.addTab(self.billing, "Billing")
        splitter.addWidget(self.detail_tabs)
        splitter.setStretchFactor(1, 1)
        self.detail_page = splitter
        self.pages.addWidget(splitter)
        self.pages.addWidget(self.empty)
        QVBoxLayout(self).addWidget(self.pages)
        # Reading order: the list, its New unit, then the chosen unit's actions.
        self.setTabOrder(self.units, self.new_button)
        self.setTabOrder(self.new_button, self.members)

    # --- reading -------------------------------------------------------------------------

    def load(self) -> None:
        """Read every unit (and the one chosen) from the store."""
        def work(sessions: sessionmaker[Session]) -> Directory:
            from practice.services.units import list_units

            # Only the units: the dialogs read the clients when they open (see _with_clients).
            return Directory((), list_units(sessions))

        self.loading.wait_for(self.context.read(work, on_success=self._show_units, parent=self))

    def _show_units(self, directory: Directory) -> None:
        wanted = self._wanted if self._wanted is not None else self.current_unit_id()
        self.directory = directory
        choice = self.units.selectionModel()
        choice.blockSignals(True)
        self.unit_list.set_units(directory.units)
        row = self.unit_list.row_of(wanted)
        row = row if row >= 0 else (0 if directory.units else -1)
        self._wanted = None
        self.units.setCurrentIndex(self.unit_list.index(row, 0))
        choice.blockSignals(False)
        self.pages.setCurrentWidget(self.empty if not directory.units else self.detail_page)
        self._unit_chosen()

    def show_unit(self, unit_id: int) -> None:
        """Choose a unit: now if the screen is on show, else when it is next read.

        Args:
            unit_id: The unit (from a member's chart, say).
        """
        self._wanted = unit_id
        if self.isVisible() and self.context.store is not None:
            self.load()

    def current_unit_id(self) -> int | None:
        """The id of the unit chosen in the list, if any."""
        return self.unit_list.unit_id(self.units.currentIndex().row())

    def _unit_chosen(self, *_rows: object) -> None:
        unit_id, store = self.current_unit_id(), self.context.store
        if unit_id is None or store is None:
            self._show_detail(None)
            return
        today = date.today()

        def work(sessions: sessionmaker[Session]) -> UnitDetail:
            from practice.services.units import get_unit
            from practice.services.units.relationships import unit_graph

            return UnitDetail(get_unit(sessions, unit_id), unit_graph(sessions, unit_id, today))

        self.context.read(work, on_success=self._show_detail, parent=self)

    def _show_detail(self, detail: UnitDetail | None) -> None:
        self.detail = detail
        self.members.clear()
        self.relationships.clear()
        self.graph.clear_graph()
        self.csi.clear()
        self.heading.clear()
        self.agreement.clear()
        self.closed_note.hide()
        if detail is not None:
            unit = detail.unit
            names = {m.client_id: m.display_name for m in unit.members}
            closed = f", closed {unit.closed_on:%d %b %Y}" if unit.closed_on else ""
            self.heading.setText(f"{unit.display_name} ({unit.kind}), opened "
                                 f"{unit.opened_on:%d %b %Y}{closed}")
            self.agreement.setText(f"Confidentiality: {agreement_words(unit.agreement)}")
            if unit.closed_on is not None:
                self.closed_note.setText(
                    f"Closed on {unit.closed_on:%d %b %Y}. The history is kept; members "
                    "cannot join or leave a closed unit. To see them together again, make "
                    "a new unit.")
                self.closed_note.show()
            for m in unit.members:
                self.members.addItem(_member_line(m.display_name, m.joined_on, m.left_on))
            for edge in detail.graph.edges:
                item = QListWidgetItem(describe_edge(edge, names))
                item.setData(Qt.ItemDataRole.UserRole, edge.id)
                self.relationships.addItem(item)
            self.graph.show_graph(detail.graph, names)
            self.csi.show_unit(unit.id, names)
            self.plan.show_owner(unit_id=unit.id)
            self.billing.show_unit(unit)
        else:
            self.plan.clear()
            self.billing.clear()
        self._enable()

    def _enable(self) -> None:
        open_unit = self.detail is not None and self.detail.unit.closed_on is None
        self.new_button.setEnabled(self.directory is not None)
        for button in (self.members_button, self.add_button, self.agreement_button,
                       self.close_button):
            button.setEnabled(open_unit)
        self.end_button.setEnabled(open_unit and self.relationships.currentItem() is not None)

    # --- actions -------------------------------------------------------------------------

    def new_unit(self) -> None:
        """Open the new-unit dialog (once every client has been read to choose from)."""
        if self.directory is not None:
            self._with_clients(lambda clients: NewUnitDialog(self.context, clients, self))

    def change_members(self) -> None:
        """Open the dialog for members joining and leaving the chosen unit."""
        if self.detail is not None and self.directory is not None:
            unit = self.detail.unit
            self._with_clients(lambda clients: MembersDialog(self.context, unit, clients, self))

    def _with_clients(self, dialog: Callable[[tuple[ClientSummary, ...]], RecordForm]) -> None:
        """Read every client on the worker, then open the dialog made from them.

        The list of units needs no client list; reading 10,000 clients with every visit
        cost most of a second and several megabytes (bench/bench_app.py).
        """
        from practice.services.clients import list_clients

        def opened(clients: tuple[ClientSummary, ...]) -> None:
            if self.context.store is not None and self.dialog is None:
                self._open(dialog(clients))

        self.context.read(list_clients, on_success=opened, parent=self)

    def add_relationship(self) -> None:
        """Open the dialog recording a relationship in the chosen unit."""
        if self.detail is not None and self.dialog is None:
            self._open(RelationshipDialog(self.context, self.detail.unit, self))

    def end_relationship(self) -> None:
        """Open the dialog ending the relationship chosen in the list."""
        item = self.relationships.currentItem()
        if self.detail is None or item is None or self.dialog is not None:
            return
        edge_id = item.data(Qt.ItemDataRole.UserRole)
        edge = next((e for e in self.detail.graph.edges if e.id == edge_id), None)
        if edge is not None:
            self._open(EndRelationshipDialog(self.context, edge, item.text(), self))

    def edit_agreement(self) -> None:
        """Open the chosen unit's confidentiality agreement."""
        if self.detail is not None and self.dialog is None:
            self._open(AgreementDialog(self.context, self.detail.unit, self))

    def close_unit(self) -> None:
        """Open the form that closes the chosen unit on a date (it asks before closing)."""
        if self.detail is not None and self.dialog is None:
            self._open(CloseUnitDialog(self.context, self.detail.unit, self))

    def _open(self, dialog: RecordForm) -> None:
        """Follow a form the screen opened (it opened itself): refresh after it saves."""
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.finished.connect(lambda _result: self._forget(dialog))

    def _saved(self, stored: object) -> None:
        from practice.services.units import UnitView

        if isinstance(stored, UnitView):
            self._wanted = stored.id
        self.load()

    def _forget(self, dialog: RecordForm) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def clear(self) -> None:
        """Forget every unit, member and relationship shown.

        A form put on the lock's shelf stays there, to come back with what was typed; any
        other open form is closed (it holds names read from the store).
        """
        dialog = self.dialog
        if dialog is not None and dialog not in self.context.forms.shelved:
            dialog.done(QDialog.DialogCode.Rejected)
        self.directory = None
        self.loading.stop()
        self.unit_list.set_units(())
        self._show_detail(None)
