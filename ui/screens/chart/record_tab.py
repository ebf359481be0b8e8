"""What the chart's record tabs share: a table with its buttons, or what to do when it is empty.

Each tab opens its forms through ``opened`` and tells the chart to read the client again
(``changed``) whenever one of them stores something.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from ui.widgets.empty_state import EmptyState
from ui.widgets.row_table import row_table

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.widgets.record_form import RecordForm

DATE_HINT = "YYYY-MM-DD"


class RecordTab(QWidget):
    """A table of a client's records with buttons under it; an empty state when there are none.

    Args:
        context: The application context.
        table_name: The table's accessible name.
        model: The table's model.
        buttons: The buttons under the table, in reading order.
        empty: What the tab is for, shown when there is nothing in it.
        first_action: The empty state's button: its words and what it does.
        parent: The parent widget.

    Signals:
        changed: Something was stored; the chart should be read again.
    """

    changed = Signal()

    def __init__(self, context: AppContext, table_name: str, model: QAbstractItemModel,
                 buttons: Sequence[QPushButton], empty: str,
                 first_action: tuple[str, Callable[[], object]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.client_id: int | None = None
        self.form: RecordForm | None = None
        self.table = row_table(table_name, model)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self.enable())
        self.empty = EmptyState(empty, *first_action)
        listing = QWidget()
        row = QHBoxLayout()
        for widget in buttons:
            row.addWidget(widget)
        row.addStretch(1)
        column = QVBoxLayout(listing)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addLayout(row)
        self.pages = QStackedWidget()
        self.pages.addWidget(listing)
        self.pages.addWidget(self.empty)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.pages, 1)

    def selected_row(self) -> int | None:
        """The row selected in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def shown(self, client_id: int, ids: Sequence[int], selected_id: int | None) -> None:
        """After new rows arrived: the empty state or the table, the same record selected.

        Args:
            client_id: The client shown.
            ids: The records' ids, row by row.
            selected_id: The record selected before, to select again.
        """
        self.client_id = client_id
        self.table.resizeColumnsToContents()
        self.pages.setCurrentIndex(0 if ids else 1)
        if selected_id is not None and selected_id in ids:
            self.table.selectRow(list(ids).index(selected_id))
        self.enable()

    def opened(self, form: RecordForm) -> None:
        """Keep an open form until it closes; read the chart again once it stores something."""
        self.form = form
        form.saved.connect(lambda _result: self.changed.emit())
        form.finished.connect(lambda _result: self._forget(form))

    def _forget(self, form: RecordForm) -> None:
        if self.form is form:
            self.form = None
        form.deleteLater()

    def can_act(self) -> bool:
        """Whether a client is shown and the store is open."""
        return self.client_id is not None and self.context.store is not None

    def enable(self) -> None:
        """Enable the buttons that apply to the selection (override)."""

    def cleared(self) -> None:
        """Show nothing (an open form stays: a lock shelves it with what was typed)."""
        self.client_id = None
        self.pages.setCurrentIndex(0)
        self.enable()
