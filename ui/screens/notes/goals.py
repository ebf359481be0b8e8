"""The note's "Goals addressed": a compact checklist of the plan goals this session worked on.

The goals offered are those of the unit's plans and of each attendee's own plan in force on
the session date. A tick is stored with the draft as soon as it is made (one small write on
the worker, the whole set each time, so the last tick wins); a signed note shows the goals
it addressed, fixed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.notes import NoteView
    from practice.services.plans import GoalChoice
    from ui.context import AppContext

TITLE = "Goals addressed"
NO_GOALS = "No plan goals for this session's unit or attendees."
NONE_TICKED = "This note recorded no plan goals."
_GOAL = Qt.ItemDataRole.UserRole
_ROWS_SHOWN = 4


def goal_words(choice: GoalChoice) -> str:
    """A goal as the checklist shows it: its words, and which plan when it is someone's own."""
    return choice.text if choice.client_id is None else f"{choice.text} ({choice.plan_title})"


class GoalsPanel(QWidget):
    """Tick the goals the session addressed; read-only once the note is signed.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.note_id: int | None = None
        self.signed = False
        self.heading = QLabel(f"{TITLE}:")
        self.checklist = QListWidget()
        self.checklist.setAccessibleName(TITLE)
        self.heading.setBuddy(self.checklist)
        self.checklist.setMaximumHeight(self.checklist.sizeHintForRow(0) * _ROWS_SHOWN + 80)
        self.checklist.itemChanged.connect(lambda _item: self._ticked())
        self.message = QLabel("")
        self.message.setAccessibleName(f"{TITLE}: note")
        self.message.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.checklist)
        column.addWidget(self.message)
        self.clear()

    def show_note(self, note: NoteView) -> None:
        """Read the goals on offer for a note (with its ticks) and show them.

        Args:
            note: The note just shown in the editor.
        """
        self.clear()
        self.note_id, self.signed = note.id, note.is_signed
        note_id = note.id

        def work(sessions: sessionmaker[Session]) -> tuple[int, tuple[GoalChoice, ...]]:
            from practice.services.plans import goals_for_note

            return note_id, goals_for_note(sessions, note_id)

        self.context.read(work, on_success=self._show_choices, parent=self)

    def _show_choices(self, read: tuple[int, tuple[GoalChoice, ...]]) -> None:
        note_id, choices = read
        if note_id != self.note_id:
            return  # another note was opened meanwhile
        self.checklist.blockSignals(True)
        self.checklist.clear()
        for choice in choices:
            item = QListWidgetItem(goal_words(choice))
            item.setData(_GOAL, choice.goal_id)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if not self.signed:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Checked if choice.ticked
                               else Qt.CheckState.Unchecked)
            self.checklist.addItem(item)
        self.checklist.blockSignals(False)
        self.heading.show()
        self.checklist.setVisible(bool(choices))
        self.message.setText("" if choices else (NONE_TICKED if self.signed else NO_GOALS))
        self.message.setVisible(not choices)

    def ticked(self) -> list[int]:
        """The ids of the goals ticked now."""
        return [int(self.checklist.item(i).data(_GOAL)) for i in range(self.checklist.count())
                if self.checklist.item(i).checkState() == Qt.CheckState.Checked]

    def _ticked(self) -> None:
        note_id = self.note_id
        if note_id is None or self.signed:
            return
        chosen = self.ticked()

        def work(sessions: sessionmaker[Session]) -> int:
            from practice.services.plans import set_note_goals

            set_note_goals(sessions, note_id, chosen)
            return len(chosen)

        self.context.write(work, on_success=self._saved, parent=self)

    def _saved(self, count: int) -> None:
        self.message.setText(f"Saved: {count} goal(s) ticked." if count else "Saved.")
        self.message.show()

    def clear(self) -> None:
        """Show nothing (no note)."""
        self.note_id, self.signed = None, False
        self.checklist.blockSignals(True)
        self.checklist.clear()
        self.checklist.blockSignals(False)
        self.heading.hide()
        self.checklist.hide()
        self.message.clear()
        self.message.hide()
