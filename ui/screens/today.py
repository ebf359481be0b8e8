"""The Today section: the practice's name and the date, until the day's agenda arrives."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.operations import Job
from ui.screens.base import Screen


class TodayScreen(Screen):
    """Today: a greeting with the practice's name; the agenda comes later."""

    title = "Today"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.heading = QLabel("")
        self.heading.setAccessibleName("Practice name")
        self.day = QLabel("")
        self.day.setAccessibleName("Today's date")
        note = QLabel("Today's appointments and unsigned notes will be listed here.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.day)
        layout.addWidget(note)
        layout.addStretch(1)

    def load(self) -> None:
        """Read the practice's name from the store."""
        store = self.context.store
        if store is None:
            return
        sessions = store.sessions

        def work(_job: Job) -> str:
            from practice.services.settings import load_profile

            return load_profile(sessions).practice_name

        self.context.ops.run(work, on_success=self._show, parent=self)

    def _show(self, practice_name: str) -> None:
        name = html.escape(practice_name or "Your practice")
        self.heading.setText(f"<h2>{name}</h2>")
        self.day.setText(date.today().strftime("%A %d %B %Y"))

    def clear(self) -> None:
        """Forget the practice's name."""
        self.heading.clear()
        self.day.clear()
