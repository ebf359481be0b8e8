"""Small pieces the Letters screen and its batch dialog share: buttons, timers, refusals."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from practice.errors import PracticeError
from practice.letters.errors import MissingField
from ui.errors import show_error
from ui.screens.letters.compose import missing_in_words


def action_button(text: str, slot: object) -> QPushButton:
    """A push button named for screen readers by its text (without the ellipsis)."""
    button = QPushButton(text)
    button.setAccessibleName(text.rstrip("…"))
    button.clicked.connect(slot)
    return button


def delay_timer(parent: QObject, delay_ms: int, slot: object) -> QTimer:
    """A single-shot timer that runs ``slot`` once the typing has paused for ``delay_ms``."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(slot)
    return timer


def password_field(text: str) -> QLineEdit:
    """An optional password for exported PDFs, hidden as it is typed."""
    field = QLineEdit()
    field.setAccessibleName(f"{text} (optional)")
    field.setPlaceholderText(f"{text} (optional)")
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def tell_refusal(parent: QWidget, message: QLabel, error: BaseException, *,
                 joint_included: bool = True) -> None:
    """Say in ``message`` why the core refused; anything else is a bug, shown as one.

    Args:
        parent: The widget an unexpected error's dialog belongs to.
        message: The status line that says it.
        error: What the worker raised.
        joint_included: Whether the letter drew on joint sessions (see ``missing_in_words``).
    """
    if isinstance(error, MissingField):
        message.setText(missing_in_words(error.fields, joint_included=joint_included))
    elif isinstance(error, PracticeError):
        message.setText(error.message)
    else:
        message.clear()
        show_error(parent, error)
