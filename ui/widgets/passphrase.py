"""Choosing a passphrase: two fields, a plain strength hint, and the one rule that is enforced."""

from __future__ import annotations

import string
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

MIN_LENGTH = 10
HINT_CAVEAT = (
    "This hint only counts length and kinds of characters; it cannot tell whether a "
    "passphrase is easy to guess. Several unrelated words make a strong one."
)


@dataclass(frozen=True)
class Strength:
    """A rough judgement of a passphrase, by length and variety only.

    Attributes:
        level: 0 too short, 1 fair, 2 good, 3 strong.
        words: The judgement in plain words.
    """

    level: int
    words: str


def strength(text: str) -> Strength:
    """Judge a passphrase by its length and the kinds of characters in it.

    Args:
        text: The passphrase.

    Returns:
        The judgement; it says nothing about guessability (a famous quote scores well).
    """
    if len(text) < MIN_LENGTH:
        return Strength(0, f"Too short: use at least {MIN_LENGTH} characters.")
    kinds = sum(
        any(c in group for c in text)
        for group in (string.ascii_lowercase, string.ascii_uppercase, string.digits)
    ) + any(not c.isalnum() for c in text)
    if len(text) >= 20 or (len(text) >= 14 and kinds >= 3):
        return Strength(3, "Strong: long, or long and varied.")
    if len(text) >= 12 and kinds >= 2:
        return Strength(2, "Good. Longer is stronger.")
    return Strength(1, "Fair. Add a word or two, or mix in digits and symbols.")


def passphrase_problem(new: str, confirm: str) -> str | None:
    """Say what stops a passphrase from being used, or None when it can be.

    Args:
        new: The passphrase.
        confirm: The same, typed again.

    Returns:
        A plain sentence, or None.
    """
    if len(new) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if new != confirm:
        return "The two passphrases do not match yet."
    return None


class PassphraseFields(QWidget):
    """A new passphrase typed twice, with a live strength hint and what is still missing."""

    changed = Signal()

    def __init__(self, label: str = "New passphrase", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new = secret_field(label)
        self.confirm = secret_field("Type it again")
        self.hint = QLabel(strength("").words)
        self.hint.setAccessibleName("Passphrase strength")
        self.problem_label = QLabel("")
        self.problem_label.setWordWrap(True)
        self.problem_label.setAccessibleName("What the passphrase still needs")
        caveat = QLabel(HINT_CAVEAT)
        caveat.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(f"{label}:", self.new)
        form.addRow("Type it again:", self.confirm)
        form.addRow("Strength:", self.hint)
        form.addRow(caveat)
        form.addRow(self.problem_label)
        self.new.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        QWidget.setTabOrder(self.new, self.confirm)

    def text(self) -> str:
        """The passphrase as typed."""
        return self.new.text()

    def problem(self) -> str | None:
        """What stops the passphrase from being used, or None."""
        return passphrase_problem(self.new.text(), self.confirm.text())

    def clear(self) -> None:
        """Empty both fields."""
        self.new.clear()
        self.confirm.clear()

    def _update(self) -> None:
        self.hint.setText(strength(self.new.text()).words)
        # Nag about a mismatch only once the second field has been started.
        problem = self.problem() if self.confirm.text() else None
        self.problem_label.setText(problem or "")
        self.changed.emit()


def secret_field(name: str) -> QLineEdit:
    """Build a masked line edit with an accessible name.

    Args:
        name: What screen readers call the field.

    Returns:
        The field.
    """
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field
