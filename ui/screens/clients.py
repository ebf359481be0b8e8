"""The Clients section: the searchable client list, a client's chart, and the note editors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import design, icons
from ui.context import AppContext
from ui.errors import show_error
from ui.models.client_list import (
    ID_ROLE,
    PAGE_SIZE,
    ClientFilter,
    ClientListModel,
    ClientPage,
)
from ui.screens.base import Screen
from ui.widgets.choices import choice_box
from ui.widgets.empty_state import EmptyState
from ui.widgets.loading import LoadingHint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.clients import ClientView
    from ui.screens.chart import ChartView
    from ui.screens.notes.editor import NoteEditor
    from ui.screens.notes.psychotherapy import PsychotherapyEditor

STATUSES = (("Any status", None), ("Active", "active"), ("Inactive", "inactive"),
            ("Discharged", "discharged"))
UNIT_KINDS = (("Any unit", None), ("Individual", "individual"), ("Couple", "couple"),
              ("Polycule", "polycule"))
NEW_CLIENT = "New client"
NO_CLIENTS = ("No clients yet. Each client you add gets a chart: identity and contact "
              "safety, units, notes, care team, releases and letters.")


class ClientsScreen(Screen):
    """Clients: the list; a chosen client's chart; a chosen note's editor."""

    title = "Clients"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = ClientListModel(self)
        self.proxy = ClientFilter(self.model, self)
        self.pages = QStackedWidget()
        self.list_page = self._build_list()
        self.pages.addWidget(self.list_page)
        # The chart and the editors (and their modules) wait for their first use: most
        # visits only look at the list, and the section is built on its first visit.
        self._chart: ChartView | None = None
        self._editor: NoteEditor | None = None
        self._private_editor: PsychotherapyEditor | None = None
        # Above the list and the chart alike, so a new client is one click (or Ctrl+N) away.
        self.new_button = QPushButton(NEW_CLIENT)
        self.new_button.setAccessibleName(NEW_CLIENT)
        icons.adorn(self.new_button)
        keys = QKeySequence(QKeySequence.StandardKey.New)  # Ctrl+N (Cmd+N on a Mac)
        native = keys.toString(QKeySequence.SequenceFormat.NativeText)
        self.new_button.setToolTip(f"{NEW_CLIENT} ({native})")
        self.new_button.clicked.connect(self.new_client)
        # Window-wide, but only while this screen is on show (a hidden widget's shortcut
        # does not fire), so other sections may give the same keys their own "new".
        self.new_shortcut = QShortcut(keys, self, self.new_client)
        self.new_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        bar = QHBoxLayout()
        design.bar(bar)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.pages)

    @property
    def chart(self) -> ChartView:
        """The chart page, built on first use."""
        if self._chart is None:
            from ui.screens.chart import ChartView

            self._chart = ChartView(self.context)
            self._chart.back_requested.connect(self.show_list)
            self._chart.note_requested.connect(self.open_note)
            self._chart.psychotherapy_requested.connect(self.open_psychotherapy_note)
            self._chart.identity.changed.connect(self.refresh_list)
            self._chart.identity.deleted.connect(self._client_deleted)
            self.pages.addWidget(self._chart)
        return self._chart

    @property
    def editor(self) -> NoteEditor:
        """The progress-note editor page, built on first use."""
        if self._editor is None:
            from ui.screens.notes.editor import NoteEditor

            self._editor = NoteEditor(self.context)
            self._editor.back_requested.connect(self._back_to_chart)
            self._editor.note_changed.connect(lambda _id: self.chart.reload())
            self.pages.addWidget(self._editor)
        return self._editor

    @property
    def private_editor(self) -> PsychotherapyEditor:
        """The psychotherapy-note editor page, built on first use."""
        if self._private_editor is None:
            from ui.screens.notes.psychotherapy import PsychotherapyEditor

            self._private_editor = PsychotherapyEditor(self.context)
            self._private_editor.back_requested.connect(self._back_to_chart)
            self.pages.addWidget(self._private_editor)
        return self._private_editor

    def _editors(self) -> list[NoteEditor | PsychotherapyEditor]:
        """The note editors built so far (one never built holds nothing to save or clear)."""
        return [e for e in (self._editor, self._private_editor) if e is not None]

    def _build_list(self) -> QWidget:
        self.filter_text = QLineEdit()
        self.filter_text.setPlaceholderText("Filter by name")
        self.filter_text.setAccessibleName("Filter clients by name")
        self.filter_text.setClearButtonEnabled(True)
        self.status_choice = choice_box("Filter by status", STATUSES)
        self.kind_choice = choice_box("Filter by unit kind", UNIT_KINDS)
        self.filter_text.textChanged.connect(self._filters_changed)
        self.status_choice.currentIndexChanged.connect(self._filters_changed)
        self.kind_choice.currentIndexChanged.connect(self._filters_changed)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Client list")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.loading = LoadingHint(self.table, self.context.ops)
        self.count = QLabel("")
        self.count.setAccessibleName("Number of clients")
        self.empty = EmptyState(NO_CLIENTS, NEW_CLIENT, self.new_client)
        self.filters = QWidget()
        filters = QHBoxLayout(self.filters)
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.filter_text, 1)
        filters.addWidget(self.status_choice)
        filters.addWidget(self.kind_choice)
        # The table, or (once a read has found nobody) what the list is for.
        self.list_body = QStackedWidget()
        self.list_body.addWidget(self.table)
        self.list_body.addWidget(self.empty)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.filters)
        layout.addWidget(self.list_body, 1)
        layout.addWidget(self.count)
        return page

    # --- the list -------------------------------------------------------------------------

    def load(self) -> None:
        """Read the first page of clients, then all of them, and refresh a chart on show.

        The first page is one indexed query, so the list paints at once however large the
        practice; every client is read once that page is on show (reading them alongside
        would slow its delivery). A list already complete stays on show until the fresh
        one arrives.
        """
        if self.context.store is None:
            return
        self.refresh_list()
        if self._chart is not None and self.pages.currentWidget() is self._chart:
            self._chart.reload()

    def refresh_list(self) -> None:
        """Read the list again (after a client was added, changed or deleted)."""
        if self.context.store is None:
            return
        if self.model.complete and self.model.total > 0:
            self._read_rest()
        else:
            self.loading.wait_for(self.context.read(
                lambda sessions: read_clients(sessions, PAGE_SIZE),
                on_success=self._show_first_page, parent=self))

    def _show_first_page(self, page: ClientPage) -> None:
        self._show(page)
        if not page.complete:
            # After this turn of the event loop, so the page paints before the long read.
            QTimer.singleShot(0, self, self._read_rest)

    def _read_rest(self) -> None:
        self.context.read(read_clients, on_success=self._show, parent=self)

    def _show(self, page: ClientPage) -> None:
        self.model.set_clients(page)
        if self.proxy.filtering:
            self.model.fetch_all()
        elif self.model.canFetchMore() and self.model.rowCount() == 0:
            self.model.fetchMore()  # the first page, without waiting for the view to ask
        self._show_empty(page.complete and not page.rows)
        self._count()

    def _show_empty(self, empty: bool) -> None:
        self.filters.setVisible(not empty)
        self.count.setVisible(not empty)  # the empty state already says there are none
        self.list_body.setCurrentWidget(self.empty if empty else self.table)

    def _count(self) -> None:
        total = self.model.total
        if self.model.complete:
            self.count.setText(_count(total))
        elif self.proxy.filtering:
            self.count.setText(f"Still reading the list: the filter has looked at the first "
                               f"{total} clients so far.")
        else:
            self.count.setText(f"Showing the first {total} clients; reading the rest…")

    def _filters_changed(self) -> None:
        self.proxy.set_filters(self.filter_text.text(), self.status_choice.currentData(),
                               self.kind_choice.currentData())
        self._count()

    def _activated(self, index: QModelIndex) -> None:
        client_id = index.data(ID_ROLE)
        if client_id is not None:
            self.open_client(int(client_id))

    def show_list(self) -> None:
        """Go back to the client list."""
        if self._chart is not None:
            self._chart.clear()
        self.pages.setCurrentWidget(self.list_page)

    # --- new clients and deleted ones -----------------------------------------------------

    def new_client(self) -> None:
        """Open the intake form; once saved, the list is read again and the chart opens."""
        if self.context.store is None:
            return
        from ui.widgets.client_form import ClientForm

        form = ClientForm(self.context, parent=self)
        form.saved.connect(self._client_saved)

    def _client_saved(self, client: ClientView) -> None:
        self.refresh_list()
        # The chart is where the next steps are (units, care team, releases, notes).
        self.open_client(client.id)

    def _client_deleted(self, _client_id: int) -> None:
        self.show_list()
        self.refresh_list()

    # --- charts and notes -----------------------------------------------------------------

    def open_client(self, client_id: int) -> None:
        """Show one client's chart.

        Args:
            client_id: The client.
        """
        if not self._leave_editors():
            return
        self.pages.setCurrentWidget(self.chart)
        self.chart.show_client(client_id)

    def open_note(self, note_id: int) -> None:
        """Open a progress note in the editor.

        Args:
            note_id: The note.
        """
        if not self._leave_editors():
            return
        self.pages.setCurrentWidget(self.editor)
        self.editor.open_note(note_id)

    def open_psychotherapy_note(self, note_id: int) -> None:
        """Open a private process note in its own editor.

        Args:
            note_id: The psychotherapy note.
        """
        if not self._leave_editors():
            return
        self.pages.setCurrentWidget(self.private_editor)
        self.private_editor.open_note(note_id)

    def _leave_editors(self) -> bool:
        try:
            self.save_drafts()
        except Exception as error:  # keep the editor and its text on show to retry
            show_error(self, error)
            return False
        for editor in self._editors():
            editor.clear()
        return True

    def _back_to_chart(self) -> None:
        for editor in self._editors():
            editor.clear()
        self.pages.setCurrentWidget(self.chart)
        self.chart.reload()

    def save_drafts(self) -> None:
        """Save whatever is typed in either note editor."""
        for editor in self._editors():
            editor.save_drafts()

    def clear(self) -> None:
        """Forget every row, the chart and any note, and go back to the list."""
        for editor in self._editors():
            editor.clear()
        if self._chart is not None:
            self._chart.clear()
        self.pages.setCurrentWidget(self.list_page)
        self.model.set_clients(ClientPage((), complete=True))
        self.loading.stop()
        self._show_empty(False)  # nothing read: neither rows nor "no clients yet"
        self.filter_text.clear()
        self.count.clear()


def read_clients(sessions: sessionmaker[Session], limit: int | None = None) -> ClientPage:
    """Read the first ``limit`` clients in name order, or all of them (call on the worker).

    Args:
        sessions: The store's sessionmaker.
        limit: How many; None for every client, with their current unit kinds.

    Returns:
        The clients: one query for a first page of a longer list (its kinds follow with the
        whole list, so the page arrives as soon as it can), two for the whole list.
    """
    from practice.services.clients import list_clients
    from practice.services.units import current_unit_kinds

    clients = list_clients(sessions, limit=limit)
    if limit is not None and len(clients) >= limit:
        return ClientPage.of(clients, None, complete=False)
    return ClientPage.of(clients, current_unit_kinds(sessions), complete=True)


def _count(number: int) -> str:
    if number == 0:
        return "No clients yet."
    return "1 client" if number == 1 else f"{number} clients"
