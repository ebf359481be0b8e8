"""Today's list of risk flags waiting for a review (PHQ-9 item 9 answered above zero).

A flag stays on Today from the day the answers are recorded until the therapist records a
review in the client's chart; choosing one opens that chart on its Measures tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from ui.navigation import go_to

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.measures import RiskFlagView
    from ui.context import AppContext

HEADING = "Risk flags to review"
NONE_OPEN = "No risk flag waits for a review."
_CLIENT = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class OpenFlags:
    """The open risk flags, oldest answers first, with each client's name."""

    flags: tuple[RiskFlagView, ...]
    names: dict[int, str]


def read_open_flags(sessions: sessionmaker[Session]) -> OpenFlags:
    """Read every open risk flag and the names of only the clients they concern (worker)."""
    from practice.services.measures import open_risk_flags
    from ui.models.directory import read_named

    flags = open_risk_flags(sessions)
    directory = read_named(sessions, (), {f.client_id for f in flags})
    return OpenFlags(flags, {f.client_id: directory.client_name(f.client_id) for f in flags})


def flag_line(flag: RiskFlagView, name: str) -> str:
    """One line of the list: whose answers, which measure and day, which items."""
    items = ", ".join(str(n) for n in flag.items)
    noun = "item" if len(flag.items) == 1 else "items"
    return (f"{name} — {flag.name} of {flag.administered_on:%d %b %Y}: {noun} {items} "
            "above 0, review due")


class RiskFlagList(QListWidget):
    """The open risk flags; Enter or a double-click opens the client's Measures tab.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName(HEADING)
        self.setToolTip("Double-click (or Enter) to open the client's measures and review.")
        self.itemActivated.connect(self._open)

    def load(self) -> None:
        """Read the open flags on the worker and list them."""
        self.context.read(read_open_flags, on_success=self.show_flags, parent=self)

    def show_flags(self, found: OpenFlags) -> None:
        """List the flags read on the worker."""
        self.clear()
        for flag in found.flags:
            item = QListWidgetItem(flag_line(flag, found.names.get(flag.client_id, "")))
            item.setData(_CLIENT, flag.client_id)
            self.addItem(item)
        if not found.flags:
            self.addItem(NONE_OPEN)

    def _open(self, item: QListWidgetItem) -> None:
        client_id = item.data(_CLIENT)
        if client_id is None:
            return
        from ui.screens.clients import ClientsScreen

        clients = go_to(self, ClientsScreen)
        if clients is not None:
            clients.open_client(int(client_id))
            chart = clients.chart
            chart.tabs.setCurrentWidget(chart.measures)
