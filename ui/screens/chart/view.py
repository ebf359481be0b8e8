"""The chart view: a client's record in tabs, with the way into their notes."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui import design
from ui.context import AppContext
from ui.screens.billing.tab import BillingTab
from ui.screens.chart import sections
from ui.screens.chart.accounting import accounting_button
from ui.screens.chart.care_team_tab import CareTeamTab
from ui.screens.chart.data import ChartData, load_chart
from ui.screens.chart.identity import IdentityTab
from ui.screens.chart.measures_tab import MeasuresTab
from ui.screens.chart.note_units import (
    NO_NOTES,
    NO_PRIVATE_NOTES,
    fill_note_units,
    nothing_yet,
    shared_choice,
    start_progress_note,
    start_psychotherapy_note,
)
from ui.screens.chart.record_export import record_export_button
from ui.screens.chart.releases_tab import ReleasesTab
from ui.screens.chart.units_tab import UnitsTab
from ui.screens.plans.panel import PlanPanel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.notes import NoteView

PRIVATE_BANNER = (
    "Psychotherapy notes: your private process notes. They are kept apart from the record "
    "and never go into letters, exports or the notes timeline."
)
_ID = Qt.ItemDataRole.UserRole


def _browser(name: str) -> QTextBrowser:
    browser = QTextBrowser()
    browser.setAccessibleName(name)
    browser.setOpenLinks(False)
    return browser


def private_banner() -> QLabel:
    """The banner every psychotherapy-note view carries."""
    banner = QLabel(PRIVATE_BANNER)
    banner.setWordWrap(True)
    banner.setMargin(design.Space.SMALL)
    banner.setAccessibleName("Psychotherapy note notice")
    banner.setAutoFillBackground(True)
    banner.setBackgroundRole(banner.palette().ColorRole.ToolTipBase)
    banner.setForegroundRole(banner.palette().ColorRole.ToolTipText)
    return banner


class ChartView(QWidget):
    """One client's chart; asks for notes to be opened rather than opening them itself.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    back_requested = Signal()
    note_requested = Signal(int)
    psychotherapy_requested = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.client_id: int | None = None
        self.data: ChartData | None = None
        self.back = QPushButton("← Clients")
        self.back.clicked.connect(self.back_requested)
        self.heading = QLabel("")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setAccessibleName("Client")
        self.tabs = QTabWidget()
        self.identity = IdentityTab(context)
        self.identity.changed.connect(self.reload)
        self.units = UnitsTab(context)
        self.care_team = CareTeamTab(context)
        self.care_team.changed.connect(self.reload)
        self.releases = ReleasesTab(context)
        self.releases.changed.connect(self.reload)
        self.billing = BillingTab(context)
        # A superbill, estimate, receipt or statement given is a disclosure: the log reads again.
        self.billing.documents.issued.connect(self.reload)
        self.plan = PlanPanel(context)
        self.measures = MeasuresTab(context)
        self.letters = _browser("Letters and disclosures")
        self.tabs.addTab(self.identity, "Identity && contact")
        self.tabs.addTab(self.units, "Units")
        self.tabs.addTab(self._notes_tab(), "Notes")
        self.tabs.addTab(self._private_tab(), "Psychotherapy notes")
        self.tabs.addTab(self.care_team, "Care team")
        self.tabs.addTab(self.releases, "Releases")
        self.tabs.addTab(self.measures, "Measures")
        self.tabs.addTab(self.billing, "Billing")
        self.tabs.addTab(self.plan, "Plan")
        self.tabs.addTab(self._letters_tab(), "Letters && disclosures")
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.heading, 1)
        self.export_record = record_export_button(context, lambda: self.client_id, self,
                                                  on_exported=self.reload)
        top.addWidget(self.export_record)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.measures.risk_banner)  # above every tab, until reviewed
        layout.addWidget(self.tabs, 1)

    def _notes_tab(self) -> QWidget:
        self.timeline = QListWidget()
        self.timeline.setAccessibleName("Progress notes, newest first")
        self.timeline.currentItemChanged.connect(self._preview_selected)
        self.timeline.itemActivated.connect(lambda item: self.note_requested.emit(item.data(_ID)))
        self.preview = _browser("Note with its addenda")
        self.open_note = QPushButton("Open note")
        self.open_note.clicked.connect(self._open_selected)
        self.unit_choice = QComboBox()
        self.unit_choice.setAccessibleName("Unit of the new note")
        self.unit_choice.view().setAccessibleName("Units to choose from")
        self.format_choice = QComboBox()
        self.format_choice.setAccessibleName("Format of the new note")
        self.format_choice.view().setAccessibleName("Formats to choose from")
        for key, name in sections.FORMAT_NAMES.items():
            self.format_choice.addItem(name, key)
        self.new_note = QPushButton("New progress note")
        self.new_note.clicked.connect(self._start_note)
        buttons = QHBoxLayout()
        for widget in (self.open_note, self.unit_choice, self.format_choice, self.new_note):
            buttons.addWidget(widget)
        panes = QHBoxLayout()
        panes.addWidget(self.timeline, 1)
        panes.addWidget(self.preview, 2)
        self.no_notes = nothing_yet(NO_NOTES)
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addWidget(self.no_notes)
        column.addLayout(panes, 1)
        column.addLayout(buttons)
        return tab

    def _private_tab(self) -> QWidget:
        self.private_list = QListWidget()
        self.private_list.setAccessibleName("Psychotherapy notes")
        self.private_list.itemActivated.connect(
            lambda item: self.psychotherapy_requested.emit(item.data(_ID)))
        self.new_private = QPushButton("New psychotherapy note")
        self.new_private.clicked.connect(self._start_private)
        self.no_private = nothing_yet(NO_PRIVATE_NOTES)
        self.private_unit = shared_choice(self.unit_choice, "Unit of the psychotherapy note")
        new = QHBoxLayout()
        new.addWidget(self.private_unit)
        new.addWidget(self.new_private)
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addWidget(private_banner())
        column.addWidget(self.no_private)
        column.addWidget(self.private_list, 1)
        column.addLayout(new)
        return tab

    def _letters_tab(self) -> QWidget:
        self.accounting = accounting_button(self.context, lambda: self.client_id, self,
                                            self._accounting_written)
        self.accounting_outcome = QLabel("")
        self.accounting_outcome.setWordWrap(True)
        self.accounting_outcome.setAccessibleName("Accounting saved")
        row = QHBoxLayout()
        row.addWidget(self.accounting)
        row.addWidget(self.accounting_outcome, 1)
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.addWidget(self.letters, 1)
        column.addLayout(row)
        return tab

    def _accounting_written(self, path: Path) -> None:
        self.accounting_outcome.setText(f"Accounting of disclosures saved to {path}.")

    # --- loading --------------------------------------------------------------------------

    def show_client(self, client_id: int) -> None:
        """Read and show one client's chart.

        Args:
            client_id: The client.
        """
        if self.client_id != client_id:
            self.clear()
        self.client_id = client_id
        self.reload()

    def reload(self) -> None:
        """Read the shown client's chart again (after a note was signed, say)."""
        store, client_id = self.context.store, self.client_id
        if store is None or client_id is None:
            return
        today = date.today()
        # A write: opening a client's chart is logged in the audit trail.
        self.context.write(lambda sessions: load_chart(sessions, client_id, today),
                           on_success=self._show, parent=self)

    def _show(self, data: ChartData) -> None:
        if data.client.id != self.client_id:
            return
        self.data = data
        d = data.client.details
        pronouns = f" <small>({escape(d.pronouns)})</small>" if d.pronouns else ""
        self.heading.setText(f"<h2>{escape(data.client.display_name)}{pronouns}</h2>")
        self.identity.show_client(data.client)
        self.units.show_units(data.units, data.client.id)
        self.care_team.show_team(data.client.id, data.care_team, data.today)
        self.releases.show_releases(data.client.id, data.releases, data.recipients,
                                    data.organisations, data.today)
        self.billing.show_client(data.client.id)  # read by the tab itself
        self.letters.setHtml(sections.letters_html(data))
        self._fill_timeline(data)
        self._fill_private(data)
        fill_note_units(self.unit_choice, data)  # the client alone, even with no unit yet
        self.measures.show_client(data.client.id, {  # whom a CSI may be about
            m.client_id: m.display_name for u in data.units for m in u.members
            if m.client_id != data.client.id})
        self.plan.show_owner(client_id=data.client.id)  # read by the panel itself

    def _fill_timeline(self, data: ChartData) -> None:
        selected = self.selected_note()
        self.timeline.clear()
        for note in data.notes:
            item = QListWidgetItem(sections.note_line(note))
            item.setData(_ID, note.id)
            self.timeline.addItem(item)
            if note.id == selected:
                self.timeline.setCurrentItem(item)
        self.no_notes.setVisible(not data.notes)

    def _fill_private(self, data: ChartData) -> None:
        self.private_list.clear()
        for note in data.psychotherapy_notes:
            item = QListWidgetItem(f"{note.session_date.isoformat()} · Psychotherapy note")
            item.setData(_ID, note.id)
            self.private_list.addItem(item)
        self.no_private.setVisible(not data.psychotherapy_notes)

    def selected_note(self) -> int | None:
        """The id of the note chosen in the timeline, if any."""
        item = self.timeline.currentItem()
        return None if item is None else int(item.data(_ID))

    def _preview_selected(self, item: QListWidgetItem | None) -> None:
        store = self.context.store
        if item is None or store is None:
            self.preview.clear()
            return
        note_id = int(item.data(_ID))

        def work(sessions: sessionmaker[Session]) -> NoteView:
            from practice.services.notes import get_note

            return get_note(sessions, note_id)

        # A write: opening a note, even in the preview, is logged in the audit trail.
        self.context.write(work, on_success=self._show_preview, parent=self)

    def _show_preview(self, note: NoteView) -> None:
        if note.id == self.selected_note():
            self.preview.setHtml(sections.note_html(note))

    def _open_selected(self) -> None:
        note_id = self.selected_note()
        if note_id is not None:
            self.note_requested.emit(note_id)

    # --- new notes ------------------------------------------------------------------------

    def _start_note(self) -> None:
        store, whom = self.context.store, self.unit_choice.currentData()
        if store is None or whom is None:
            return
        fmt = self.format_choice.currentData()

        def work(sessions: sessionmaker[Session]) -> int:
            return start_progress_note(sessions, whom, fmt, date.today())

        self.context.write(work, on_success=self.note_requested.emit, parent=self)

    def _start_private(self) -> None:
        store, whom = self.context.store, self.private_unit.currentData()
        if store is None or whom is None:
            return
        def work(sessions: sessionmaker[Session]) -> int:
            return start_psychotherapy_note(sessions, whom, date.today())

        self.context.write(work, on_success=self.psychotherapy_requested.emit, parent=self)

    def clear(self) -> None:
        """Forget the client and everything shown of them."""
        self.client_id, self.data = None, None
        self.heading.clear()
        self.care_team.clear()
        self.releases.clear()
        self.billing.clear()
        self.measures.clear()
        self.plan.clear()
        self.units.clear()
        self.identity.clear()
        for browser in (self.letters, self.preview):
            browser.clear()
        self.accounting_outcome.clear()
        self.timeline.clear()
        self.private_list.clear()
        self.unit_choice.clear()
