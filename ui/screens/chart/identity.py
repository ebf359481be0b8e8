"""The chart's Identity tab: who the client is, how to reach them safely, and their status.

Details are edited in the intake form. Status changes (active, inactive, discharged) are
dated and kept as a history. Ending care is a discharge; a client is deleted only when they
were entered by mistake today and nothing has been recorded for them (the core decides).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from practice.services.clients import CLIENT_STATUSES
from practice.services.common.dates import parse_day
from ui.errors import confirm
from ui.screens.chart import sections
from ui.widgets.choices import choice_box
from ui.widgets.client_form import ClientForm
from ui.widgets.record_form import RecordForm, Work

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.clients import ClientStatus, ClientView, StatusChange
    from ui.context import AppContext

STATUS_TITLE = "Change status"
STATUS_WORDS: dict[ClientStatus, str] = {"active": "Active", "inactive": "Inactive",
                                         "discharged": "Discharged"}
DELETE_QUESTION = (
    "Delete {name}'s record? Do this only for a client entered by mistake today: the record "
    "and its contact safety are removed for good. To end care, change the status to "
    "discharged instead."
)


def _button(text: str, name: str) -> QPushButton:
    made = QPushButton(text)
    made.setAccessibleName(name)
    return made


class StatusForm(RecordForm):
    """Change a client's status from a date; the earlier status stays in the history.

    Args:
        context: The application context.
        client: The client, as shown on the chart.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, client: ClientView,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, STATUS_TITLE, parent)
        self.client_id = client.id
        self.status: QComboBox = choice_box(
            "Status", [(STATUS_WORDS[s], s) for s in CLIENT_STATUSES])
        # Offer a change: the first status the client is not in now.
        self.status.setCurrentIndex(next(i for i, s in enumerate(CLIENT_STATUSES)
                                         if s != client.status))
        self.add_field("Status", self.status)
        self.since = QLineEdit(date.today().isoformat())
        self.since.setPlaceholderText("YYYY-MM-DD")
        self.add_field("Status date", self.since)
        current = QLabel(f"Now {STATUS_WORDS[client.status].lower()} since "
                         f"{client.status_since.isoformat()}.")
        current.setAccessibleName("Current status")
        self.body.insertWidget(0, current)
        self.start()

    def work(self) -> Work:
        """Read the chosen status and its date into one status change."""
        from practice.services.clients import set_status

        status: ClientStatus = self.status.currentData()
        on = parse_day(self.since.text(), "Status date", required=True)
        assert on is not None  # required
        client_id = self.client_id
        return lambda sessions: set_status(sessions, client_id, status, on)


class IdentityTab(QWidget):
    """Identity and contact safety, the status with its history, and the ways to change them.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    changed = Signal()  # details or status stored: the chart and the list read again
    deleted = Signal(int)  # the client id, deleted as entered by mistake

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.client: ClientView | None = None
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Identity and contact safety")
        self.browser.setOpenLinks(False)
        self.status = QLabel("")
        self.status.setAccessibleName("Current status")
        self.history = QListWidget()
        self.history.setAccessibleName("Status history")
        self.history.setMaximumHeight(110)
        self.edit = _button("Edit details…", "Edit details")
        self.edit.clicked.connect(self.edit_details)
        self.change_status = _button("Change status…", "Change status")
        self.change_status.clicked.connect(self.open_status_form)
        self.delete_button = _button("Delete — entered by mistake…", "Delete — entered by mistake")
        self.delete_button.setToolTip("Only for a client entered by mistake today, with nothing "
                               "recorded for them yet. To end care, change the status.")
        self.delete_button.clicked.connect(self.ask_delete)
        actions = QHBoxLayout()
        actions.addWidget(self.edit)
        actions.addWidget(self.change_status)
        actions.addStretch(1)
        actions.addWidget(self.delete_button)
        history_caption = QLabel("Status history (newest first):")
        history_caption.setBuddy(self.history)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.status)
        layout.addWidget(history_caption)
        layout.addWidget(self.history)
        layout.addLayout(actions)
        self._enable()

    def _enable(self) -> None:
        for action in (self.edit, self.change_status, self.delete_button):
            action.setEnabled(self.client is not None)

    # --- showing ---------------------------------------------------------------------------

    def show_client(self, client: ClientView) -> None:
        """Show a client as read with the chart, then read their status history.

        Args:
            client: The client.
        """
        self.client = client
        self.browser.setHtml(sections.identity_html(client))
        self.status.setText(f"Status: {STATUS_WORDS[client.status]} since "
                            f"{client.status_since.isoformat()}")
        self._enable()
        client_id = client.id

        def work(sessions: sessionmaker[Session]) -> tuple[StatusChange, ...]:
            from practice.services.clients import status_history

            return status_history(sessions, client_id)

        self.context.read(work, on_success=lambda found: self._show_history(client_id, found),
                          parent=self)

    def _show_history(self, client_id: int, history: tuple[StatusChange, ...]) -> None:
        if self.client is None or self.client.id != client_id:
            return  # another client (or none) since this was asked for
        self.history.clear()
        for change in reversed(history):
            self.history.addItem(f"{change.effective_on.isoformat()} · "
                                 f"{STATUS_WORDS[change.status]}")

    def toPlainText(self) -> str:  # noqa: N802 - reads like the browser it replaced
        """The identity and contact safety as plain text."""
        return self.browser.toPlainText()

    def clear(self) -> None:
        """Forget the client."""
        self.client = None
        self.browser.clear()
        self.status.clear()
        self.history.clear()
        self._enable()

    # --- acting ----------------------------------------------------------------------------

    def edit_details(self) -> None:
        """Open the intake form on this client."""
        if self.client is not None:
            form = ClientForm(self.context, self.client, parent=self)
            form.saved.connect(lambda _view: self.changed.emit())

    def open_status_form(self) -> None:
        """Ask for the new status and the date it takes effect."""
        if self.client is not None:
            form = StatusForm(self.context, self.client, parent=self)
            form.saved.connect(lambda _view: self.changed.emit())

    def ask_delete(self) -> None:
        """Confirm, then ask the core to delete a client entered by mistake (it may refuse)."""
        client = self.client
        if client is None:
            return
        confirm(self, DELETE_QUESTION.format(name=client.display_name), "Delete",
                lambda: self._delete(client.id))

    def _delete(self, client_id: int) -> None:
        from practice.services.clients import delete_client_entered_by_mistake

        today = date.today()
        self.context.write(
            lambda sessions: delete_client_entered_by_mistake(sessions, client_id, today),
            on_success=lambda _none: self.deleted.emit(client_id), parent=self)
