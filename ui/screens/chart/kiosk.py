"""Hand the laptop to the client: a full-screen questionnaire that shows nothing of the practice.

The window covers the screen and blocks the rest of the app while it is open. It shows the
instrument's own words (or, where its licence does not allow reproducing them, the item's
number and a neutral label to read beside the paper form), one item at a time, and no
name at all: not the client's, not a partner's, nothing read from the store. It is worked
with the keyboard alone: the number of an answer chooses it, Enter goes on, Backspace goes
back, Esc (or closing the window) offers to stop.

When the last item is answered the answers are stored through the core, the window closes
and the practice locks, so the laptop comes back to the therapist at the unlock screen.
Stopping early stores nothing (a questionnaire half answered cannot be scored) and locks
too. A lock from elsewhere (the idle timer) closes the window unanswered.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from practice.errors import PracticeError
from ui import design
from ui.errors import confirm

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.measures import Instrument, Item
    from practice.services.measures import MeasureResult
    from ui.context import AppContext

TITLE = "Questionnaire"
KEYS_HINT = ("Press the number of your answer (or use the arrow keys), Enter for the next "
             "question, Backspace to go back.")
ON_PAPER = ("Your therapist has given you this questionnaire's wording on paper. For each "
            "item, choose the number you would circle there.")
ABOUT_PARTNER = "These questions are about the relationship your therapist named."
STOP_QUESTION = ("Stop without finishing? Your answers so far will not be kept, and the "
                 "laptop will lock for your therapist.")
NOT_SAVED = ("Your answers could not be saved. Please hand the laptop back to your "
             "therapist.")


def choice_words(item: Item) -> list[tuple[int, str]]:
    """An item's answers as the client sees them: "1 — Several days", or the bare numbers."""
    if item.choices:
        return [(c.value, f"{c.value} — {c.label}") for c in item.choices]
    return [(value, str(value)) for value in range(item.low, item.high + 1)]


class QuestionnaireWindow(QDialog):
    """The client's own questionnaire, full screen; stores the answers, then locks the app.

    Args:
        context: The application context.
        client_id: Who answers (never shown).
        instrument: The instrument to answer.
        partner_id: For a per-relationship instrument, the partner it is about (never shown).
        lock: Locks the app (called once the window has closed, saved or not).
        parent: The widget it is opened from.
    """

    def __init__(self, context: AppContext, client_id: int, instrument: Instrument,
                 partner_id: int | None, lock: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.client_id, self.partner_id = client_id, partner_id
        self.instrument = instrument
        self._lock = lock
        self.answers: list[int | None] = [None] * len(instrument.items)
        self.position = 0
        self._saving = False
        self._closing = False  # set once the window may really close
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setModal(True)
        # Read at arm's length by someone who may not know the app: a step up the scale.
        self.big = design.font(design.TypeStep.SUBHEADING)
        self._build()
        self._show_item()

    def _build(self) -> None:
        heading = QLabel(self.instrument.title)
        heading.setFont(design.font(design.TypeStep.DISPLAY, bold=True))
        heading.setAccessibleName("Questionnaire title")
        heading.setWordWrap(True)
        guide = " ".join(part for part in (
            self.instrument.instructions if self.instrument.reproducible else ON_PAPER,
            ABOUT_PARTNER if self.instrument.per_relationship else "") if part)
        self.guide = QLabel(guide)
        self.guide.setWordWrap(True)
        self.guide.setAccessibleName("Instructions")
        self.progress = QLabel("")
        self.progress.setAccessibleName("Progress")
        self.question = QLabel("")
        self.question.setWordWrap(True)
        self.question.setFont(design.font(design.TypeStep.HEADING))
        self.question.setAccessibleName("Question")
        self.choices = QButtonGroup(self)
        self.choices.idToggled.connect(self._chosen)
        self.choice_box = QVBoxLayout()
        self.message = QLabel(KEYS_HINT)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Keys")
        self.back = self._button("Back", self.go_back)
        self.next = self._button("Next", self.go_on)
        self.stop = self._button("Stop", self.ask_to_stop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.stop)
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        column = QVBoxLayout()
        for widget in (heading, self.guide, self.progress, self.question):
            column.addWidget(widget)
        column.addLayout(self.choice_box)
        column.addStretch(1)
        column.addWidget(self.message)
        column.addLayout(buttons)
        page = QHBoxLayout(self)  # a readable column in the middle of a wide screen
        page.addStretch(1)
        page.addLayout(column, 4)
        page.addStretch(1)

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text)
        button.setFont(self.big)
        # Enter always means "next question", whichever button has the focus.
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # --- one item at a time ------------------------------------------------------------

    @property
    def item(self) -> Item:
        """The item on show."""
        return self.instrument.items[self.position]

    def _show_item(self) -> None:
        item, count = self.item, len(self.instrument.items)
        self.progress.setText(f"Question {self.position + 1} of {count}")
        self.question.setText(item.text or f"Item {item.number}: {item.label}")
        for button in self.choices.buttons():
            self.choices.removeButton(button)
            self.choice_box.removeWidget(button)
            button.deleteLater()
        chosen = self.answers[self.position]
        for value, words in choice_words(item):
            radio = QRadioButton(words)
            radio.setAccessibleName(words)
            radio.setFont(self.big)
            self.choices.addButton(radio, value)
            self.choice_box.addWidget(radio)
            if value == chosen:
                radio.setChecked(True)
        first = self.choices.buttons()[0] if self.choices.buttons() else None
        focus = self.choices.checkedButton() or first
        if focus is not None:
            focus.setFocus()
        self.back.setEnabled(self.position > 0)
        self.next.setText("Finish" if self.position == count - 1 else "Next")
        self.next.setAccessibleName(self.next.text())
        self._enable()

    def _chosen(self, value: int, checked: bool) -> None:
        if checked:
            self.answers[self.position] = value
            self._enable()

    def _enable(self) -> None:
        self.next.setEnabled(self.answers[self.position] is not None and not self._saving)

    def choose(self, value: int) -> None:
        """Choose an answer of the item on show, as pressing its number does."""
        button = self.choices.button(value)
        if button is not None:
            button.setChecked(True)
            button.setFocus()

    def go_on(self) -> None:
        """The next item, or, after the last, store the answers."""
        if self.answers[self.position] is None or self._saving:
            return
        if self.position < len(self.instrument.items) - 1:
            self.position += 1
            self._show_item()
        else:
            self._save()

    def go_back(self) -> None:
        """The item before, with its answer still chosen."""
        if self.position > 0 and not self._saving:
            self.position -= 1
            self._show_item()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Numbers answer, Enter goes on, Backspace goes back, Esc offers to stop."""
        key, text = event.key(), event.text()
        if text.isdigit() and len(text) == 1:
            self.choose(int(text))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.go_on()
        elif key == Qt.Key.Key_Backspace:
            self.go_back()
        elif key == Qt.Key.Key_Escape:
            self.ask_to_stop()
        else:
            super().keyPressEvent(event)

    # --- ending: stored, stopped or locked ---------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing the window (Alt+F4) is stopping: asked first, and it ends locked."""
        if self._closing:
            super().closeEvent(event)
            return
        event.ignore()  # never back to the practice unlocked
        self.ask_to_stop()

    def reject(self) -> None:
        """Close unanswered at once: only the lock calls this (Esc and Stop ask first)."""
        self._closing = True
        super().reject()

    def ask_to_stop(self) -> None:
        """Ask before stopping; stopping stores nothing and locks the app."""
        if not self._saving:
            confirm(self, STOP_QUESTION, "Stop", lambda: QTimer.singleShot(0, self, self._end))

    def _save(self) -> None:
        from practice.services.measures import record_measure

        answers = [a for a in self.answers if a is not None]
        client_id, partner_id, key = self.client_id, self.partner_id, self.instrument.key
        day = date.today()

        def work(sessions: sessionmaker[Session]) -> MeasureResult:
            return record_measure(sessions, client_id, key, answers, on=day,
                                  partner_id=partner_id)

        self._saving = True
        self._enable()
        job = self.context.write(work, on_success=lambda _stored: self._end(),
                                on_failure=self._not_saved, parent=self)
        if job is None:  # the practice locked meanwhile: nothing can be stored
            self._not_saved(PracticeError(NOT_SAVED))

    def _not_saved(self, _error: BaseException) -> None:
        # The client is at the keyboard: no error details, only what to do now. The
        # therapist enters the paper copy or asks again after unlocking.
        self._saving = False
        self.message.setText(NOT_SAVED)
        self.next.hide()
        self.back.hide()
        self.stop.setText("Hand back")
        self.stop.setAccessibleName("Hand back")
        self.stop.clicked.disconnect()
        self.stop.clicked.connect(self._end)

    def _end(self) -> None:
        """Close the window, then lock the app (it ends at the unlock screen)."""
        self._closing = True
        self.done(QDialog.DialogCode.Accepted)
        self._lock()
