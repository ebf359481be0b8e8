"""What a screen with nothing in it says: what it is for, and the first thing to do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """A sentence and one button, centred, shown in place of an empty list.

    Args:
        sentence: What the screen is for ("Your clients will be listed here.").
        action: The first action's button text ("New client").
        on_action: Called when the button is clicked.
        parent: The parent widget.
    """

    def __init__(self, sentence: str, action: str, on_action: Callable[[], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sentence = QLabel(sentence)
        self.sentence.setWordWrap(True)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sentence.setAccessibleName("Nothing here yet")
        self.action = QPushButton(action)
        self.action.setAccessibleName(action)
        self.action.clicked.connect(lambda: on_action())
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.sentence)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
