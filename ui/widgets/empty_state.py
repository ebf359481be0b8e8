"""What a screen with nothing in it says: what it is for, and the first thing to do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import design, icons

#: The width the sentence wraps at: a short, readable line, however wide the window.
SENTENCE_WIDTH = 460


class EmptyState(QWidget):
    """A quiet picture, a sentence and one button, centred, shown in place of an empty list.

    Args:
        sentence: What the screen is for ("Your clients will be listed here.").
        action: The first action's button text ("New client").
        on_action: Called when the button is clicked.
        parent: The parent widget.
    """

    def __init__(self, sentence: str, action: str, on_action: Callable[[], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setAccessibleName("Empty")
        self._draw_picture()
        self.sentence = QLabel(sentence)
        self.sentence.setWordWrap(True)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sentence.setAccessibleName("Nothing here yet")
        self.sentence.setFont(design.font(design.TypeStep.SUBHEADING, self.sentence.font()))
        self.sentence.setMaximumWidth(SENTENCE_WIDTH)
        self.action = QPushButton(action)
        self.action.setAccessibleName(action)
        self.action.clicked.connect(lambda: on_action())
        layout = QVBoxLayout(self)
        design.space(layout, design.Space.XXLARGE, design.Space.MEDIUM)
        layout.addStretch(1)
        layout.addWidget(self.picture)
        # Centred between two stretches rather than by an alignment flag: a wrapped label
        # aligned in a layout is measured one line high and its other lines are cut off.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.sentence, 100)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def _draw_picture(self) -> None:
        # Drawn at the screen's own pixel density, in the muted (disabled) text colour.
        size = QSize(design.IconSize.EMPTY, design.IconSize.EMPTY)
        self.picture.setPixmap(icons.icon(icons.EMPTY).pixmap(
            size, self.devicePixelRatioF(), QIcon.Mode.Disabled))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Draw the picture again in the new palette's colours (a theme was chosen)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._draw_picture()
