"""The chart's Units tab: the couples and polycules a client is in or was in.

Each unit shows its members over time and its confidentiality agreement, current units
first; "Open unit" goes to the Units screen with that unit chosen.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.navigation import go_to
from ui.screens.units.agreement import agreement_words
from ui.widgets.empty_state import EmptyState

if TYPE_CHECKING:
    from practice.services.units import UnitView
    from ui.context import AppContext

NOT_IN_ANY = ("Not in any couple or polycule yet. Units are made on the Units screen from "
              "clients already in the practice.")
_ID = Qt.ItemDataRole.UserRole


def is_current(unit: UnitView, client_id: int) -> bool:
    """Whether the client is a member of the open unit now."""
    return unit.closed_on is None and any(
        m.client_id == client_id and m.left_on is None for m in unit.members)


def unit_summary(unit: UnitView, client_id: int) -> str:
    """One line for the list: the unit, its kind, and whether the client is still in it."""
    if unit.closed_on is not None:
        when = f"closed {unit.closed_on:%d %b %Y}"
    elif is_current(unit, client_id):
        when = f"since {unit.opened_on:%d %b %Y}"
    else:
        left = max((m.left_on for m in unit.members
                    if m.client_id == client_id and m.left_on is not None), default=None)
        when = f"left {left:%d %b %Y}" if left else "past"
    return f"{unit.display_name} — {unit.kind}, {when}"


def unit_html(unit: UnitView) -> str:
    """The unit's members over time and its agreement, every stored value escaped."""
    span = f"Opened {unit.opened_on:%d %b %Y}" + (
        f", closed {unit.closed_on:%d %b %Y}" if unit.closed_on else "")
    members = "".join(
        f"<li>{escape(m.display_name)}: joined {m.joined_on:%d %b %Y}"
        + (f", left {m.left_on:%d %b %Y}" if m.left_on else "") + "</li>"
        for m in unit.members)
    return (f"<h3>{escape(unit.display_name)}</h3><p>{escape(unit.kind.capitalize())}. "
            f"{span}.</p><p><b>Members</b></p><ul>{members}</ul>"
            f"<p><b>Confidentiality:</b> {escape(agreement_words(unit.agreement))}</p>")


class UnitsTab(QWidget):
    """A client's units, current first, with the chosen one's members and agreement.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.units: tuple[UnitView, ...] = ()
        self.listing = QListWidget()
        self.listing.setAccessibleName("Units of this client")
        self.listing.currentItemChanged.connect(self._chosen)
        self.listing.itemActivated.connect(lambda _item: self.open_unit())
        self.details = QTextBrowser()
        self.details.setAccessibleName("Unit members and agreement")
        self.open_button = QPushButton("Open unit")
        self.open_button.setAccessibleName("Open unit")
        self.open_button.clicked.connect(self.open_unit)
        self.empty = EmptyState(NOT_IN_ANY, "Go to Units", self.go_to_units)
        self.empty.action.setAccessibleName("Go to Units")
        panes = QHBoxLayout()
        panes.addWidget(self.listing, 1)
        panes.addWidget(self.details, 2)
        filled = QWidget()
        column = QVBoxLayout(filled)
        column.addLayout(panes, 1)
        column.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.pages = QStackedWidget()
        self.pages.addWidget(filled)
        self.pages.addWidget(self.empty)
        QVBoxLayout(self).addWidget(self.pages)
        self.clear()

    def show_units(self, units: tuple[UnitView, ...], client_id: int) -> None:
        """Show a client's units: current ones first, then past ones, oldest first in each.

        Args:
            units: Every unit the client is or was in.
            client_id: The client whose chart this is.
        """
        chosen = self.chosen_unit_id()
        self.units = tuple(sorted(units, key=lambda u: not is_current(u, client_id)))
        self.listing.clear()
        for unit in self.units:
            item = QListWidgetItem(unit_summary(unit, client_id))
            item.setData(_ID, unit.id)
            self.listing.addItem(item)
            if unit.id == chosen:
                self.listing.setCurrentItem(item)
        if self.listing.currentItem() is None and self.listing.count():
            self.listing.setCurrentRow(0)
        self.pages.setCurrentIndex(0 if self.units else 1)

    def chosen_unit_id(self) -> int | None:
        """The id of the unit chosen in the list, if any."""
        item = self.listing.currentItem()
        return None if item is None else int(item.data(_ID))

    def _chosen(self, item: QListWidgetItem | None) -> None:
        unit = next((u for u in self.units if item is not None and u.id == item.data(_ID)),
                    None)
        self.details.setHtml(unit_html(unit) if unit is not None else "")
        self.open_button.setEnabled(unit is not None)

    def open_unit(self) -> None:
        """Go to the Units screen with the chosen unit on show."""
        unit_id = self.chosen_unit_id()
        if unit_id is not None:
            self.go_to_units(unit_id)

    def go_to_units(self, unit_id: int | None = None) -> None:
        """Show the Units screen (with a unit chosen, when one is given).

        Args:
            unit_id: The unit to show; None for the screen as it was.
        """
        from ui.screens.units import UnitsScreen

        def choose(screen: UnitsScreen) -> None:
            if unit_id is not None:
                screen.show_unit(unit_id)

        # Outside the app's window (a chart shown on its own) this does nothing.
        go_to(self, UnitsScreen, prepare=choose)

    def clear(self) -> None:
        """Forget the client's units."""
        self.units = ()
        self.listing.clear()
        self.details.clear()
        self.open_button.setEnabled(False)
        self.pages.setCurrentIndex(0)
