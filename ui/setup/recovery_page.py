"""The recovery key: shown once, printed or saved if the therapist wishes, then typed back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWizardPage

from practice.errors import WrongPassphrase
from practice.store.recovery import parse_recovery_key
from ui import design
from ui.errors import show_error
from ui.setup.state import SetupState
from ui.widgets.recovery_sheet import (
    choose_recovery_file,
    print_recovery_sheet,
    write_recovery_file,
)


def same_recovery_key(typed: str, shown: str) -> bool:
    """Tell whether the typed key is the shown one (spaces, dashes and case forgiven).

    Args:
        typed: What the therapist typed.
        shown: The key as shown.

    Returns:
        True when both are the same key.
    """
    try:
        return parse_recovery_key(typed) == parse_recovery_key(shown)
    except WrongPassphrase:
        return False


class RecoveryPage(QWizardPage):
    """Shows the recovery key and waits until it has been typed back correctly."""

    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("Your recovery key")
        self.setSubTitle(
            "If you forget your passphrase, this key is the only way back into your records. "
            "Write it down, print it or save it, and keep it away from this computer."
        )
        self.code = QLabel("")
        self.code.setFont(design.font(
            design.TypeStep.DISPLAY,
            QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)))
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setAccessibleName("Recovery key")
        self.print_button = QPushButton("Print…")
        self.print_button.setAccessibleName("Print the recovery key")
        self.save_button = QPushButton("Save to a file…")
        self.save_button.setAccessibleName("Save the recovery key to a file")
        self.saved = QLabel("")
        self.saved.setWordWrap(True)
        self.saved.setAccessibleName("Where the recovery key was saved")
        self.typed = QLineEdit()
        self.typed.setAccessibleName("Type the recovery key back")
        self.match = QLabel("")
        self.match.setAccessibleName("Whether the typed key matches")
        self._lay_out()
        self.print_button.clicked.connect(self._print)
        self.save_button.clicked.connect(self._save)
        self.typed.textChanged.connect(self._typed_changed)

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addLayout(buttons)
        layout.addWidget(self.saved)
        prompt = QLabel("To be sure you have it, type it back here (dashes and spaces optional):")
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        layout.addWidget(self.typed)
        layout.addWidget(self.match)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        """Show the key the new store was given."""
        self.code.setText(self.state.recovery_code)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        """The key has been typed back correctly."""
        return self.state.recovery_confirmed

    def save_to(self, target: Path) -> None:
        """Write the recovery sheet to ``target`` (owner-only) and say where it went.

        Args:
            target: The file chosen by the therapist.
        """
        try:
            write_recovery_file(target, self.state.recovery_code, self.state.store_path,
                                date.today())
        except OSError:
            self.saved.setText("The key could not be saved there. Choose another place.")
            return
        self.saved.setText(f"Saved to {target}. Move it somewhere safe, away from this computer.")

    def _typed_changed(self, text: str) -> None:
        confirmed = same_recovery_key(text, self.state.recovery_code)
        self.state.recovery_confirmed = confirmed
        self.match.setText("That matches." if confirmed else "")
        self.completeChanged.emit()

    def _print(self) -> None:
        try:
            print_recovery_sheet(self, self.state.recovery_code, self.state.store_path)
        except Exception as error:  # printing is the platform's; show it, do not crash
            show_error(self, error)

    def _save(self) -> None:
        chosen = choose_recovery_file(self)
        if chosen is not None:
            self.save_to(chosen)
