"""Who signs: the therapist's name and credentials from the practice profile.

A store made by ``practice init`` (or a wizard whose details were skipped) has no name to
sign with. ``ask_to_sign`` finds that out before the sign question and asks for the name
right there (saved to the practice's details), or sends the therapist to where it lives:
Settings → Practice details.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from practice.errors import ValidationError
from ui.errors import confirm
from ui.widgets.record_form import RecordForm

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from ui.context import AppContext
    from ui.widgets.record_form import Work

NAME_MISSING = ("Your name is needed to sign: it is kept in Settings → Practice details, and "
                "nothing is filled in there yet.")
NAME_TITLE = "Your name for signing"
NAME_WHY = ("Notes and letters are signed with your name and credentials. Type them here and "
            "they are saved in Settings → Practice details, where you can change them later.")


def signer(sessions: sessionmaker[Session]) -> str:
    """The signature line, e.g. "Dr. Ada Rivera, PhD".

    Args:
        sessions: The store's sessionmaker.

    Returns:
        The therapist's name and credentials.

    Raises:
        ValidationError: No name is saved yet (the message says where it lives).
    """
    line = signature_line(sessions)
    if not line:
        raise ValidationError(NAME_MISSING)
    return line


def signature_line(sessions: sessionmaker[Session]) -> str:
    """The therapist's name and credentials, or "" when no name is saved."""
    from practice.services.settings import load_profile

    profile = load_profile(sessions)
    name = profile.therapist_name.strip()
    return ", ".join(p for p in (name, profile.credentials.strip()) if p) if name else ""


def save_signing_name(sessions: sessionmaker[Session], name: str, credentials: str) -> str:
    """Keep the signing name (and credentials) in the practice's details.

    Args:
        sessions: The store's sessionmaker.
        name: The therapist's name, as notes and letters are signed.
        credentials: E.g. "PhD, LMFT" (blank keeps any saved).

    Returns:
        The signature line now saved.
    """
    from practice.services.settings import load_profile, save_profile

    profile = load_profile(sessions)
    save_profile(sessions, replace(profile, therapist_name=name,
                                   credentials=credentials or profile.credentials))
    return signature_line(sessions)


def ask_to_sign(parent: QWidget, context: AppContext, question: str,
                sign: Callable[[], object]) -> None:
    """Ask the sign question; first ask for the signing name if there is none yet.

    Args:
        parent: The editor asking (dialogs belong to it).
        context: The application context.
        question: The sign question ("Sign this note? …").
        sign: What signing does, once the therapist answers "Sign".
    """
    def decide(line: str) -> None:
        if line:
            confirm(parent, question, "Sign", sign)
        else:
            form = SigningNameForm(context, parent)
            form.saved.connect(lambda _line: confirm(parent, question, "Sign", sign))
            form.start()

    context.read(signature_line, on_success=decide, parent=parent)


class SigningNameForm(RecordForm):
    """Asks for the name notes are signed with, saving it to the practice's details.

    Args:
        context: The application context.
        parent: The editor that asked to sign.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, NAME_TITLE, parent)
        why = QLabel(NAME_WHY)
        why.setWordWrap(True)
        why.setAccessibleName("Why your name is asked")
        self.fields.addRow(why)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Dr. Morgan Ellis")
        self.credentials = QLineEdit()
        self.credentials.setPlaceholderText("e.g. PhD, LMFT, CST")
        self.add_field("Your name", self.name)
        self.add_field("Credentials", self.credentials)
        self.settings_button = QPushButton("Open Settings → Practice details")
        self.settings_button.setAccessibleName("Open Settings → Practice details")
        self.settings_button.clicked.connect(self.open_settings)
        self.body.insertWidget(self.body.count() - 1, self.settings_button)

    def work(self) -> Work:
        """Save the name typed (a name is required; credentials are optional)."""
        name, credentials = self.name.text().strip(), self.credentials.text().strip()
        if not name:
            raise ValidationError("Your name is required to sign.")
        return lambda sessions: save_signing_name(sessions, name, credentials)

    def open_settings(self) -> None:
        """Close (nothing is signed) and show Settings with the cursor in "Your name"."""
        from ui.navigation import go_to
        from ui.screens.settings import SettingsScreen

        owner = self.parentWidget()
        self._forget_typed()
        self.reject()
        screen = go_to(owner, SettingsScreen)
        if screen is not None:
            # After the dialog has given focus back to the editor it covered.
            QTimer.singleShot(0, screen.practice, screen.practice.focus_name)

    def _forget_typed(self) -> None:
        """Going to Settings is not discarding by mistake: the name is typed there instead."""
        self.name.clear()
        self.credentials.clear()
