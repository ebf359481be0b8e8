"""The practice's details as one form: names, licences, certifications, contact, images."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.image_picker import ImagePicker

if TYPE_CHECKING:
    from practice.services.settings import Licence, PracticeProfile

_NO_EXPIRY = QDate(2000, 1, 1)  # the date edit's minimum, shown as "No expiry"


def _line(name: str, placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setAccessibleName(name)
    field.setPlaceholderText(placeholder)
    return field


def _lines(name: str) -> QPlainTextEdit:
    field = QPlainTextEdit()
    field.setAccessibleName(name)
    field.setTabChangesFocus(True)
    field.setFixedHeight(field.fontMetrics().lineSpacing() * 4 + 12)
    return field


def _split(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class LicenceEditor(QWidget):
    """The licences held: state, number, type and expiry, added one at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.licences: list[Licence] = []
        self.state = _line("Licence state", "State")
        self.state.setMaxLength(2)
        self.number = _line("Licence number", "Number")
        self.kind = _line("Licence type", "Type (LMFT)")
        self.expiry = QDateEdit()
        self.expiry.setAccessibleName("Licence expiry date")
        self.expiry.setCalendarPopup(True)
        self.expiry.setMinimumDate(_NO_EXPIRY)
        self.expiry.setSpecialValueText("No expiry")
        self.expiry.setDate(_NO_EXPIRY)
        self.add = QPushButton("Add licence")
        self.add.setAccessibleName("Add licence")
        self.listing = QListWidget()
        self.listing.setAccessibleName("Licences")
        self.listing.setMaximumHeight(90)
        self.remove = QPushButton("Remove selected licence")
        self.remove.setAccessibleName("Remove selected licence")
        self.message = QLabel("")
        self.message.setAccessibleName("Licence message")
        entry = QHBoxLayout()
        for widget in (self.state, self.number, self.kind, self.expiry, self.add):
            entry.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(entry)
        layout.addWidget(self.message)
        layout.addWidget(self.listing)
        layout.addWidget(self.remove)
        self.add.clicked.connect(self.add_typed)
        self.remove.clicked.connect(self._remove_selected)

    def add_typed(self) -> bool:
        """Add the licence typed in the entry row, or say what is missing.

        Returns:
            True when it was added.
        """
        from practice.services.settings import Licence

        state = self.state.text().strip().upper()
        number = self.number.text().strip()
        if len(state) != 2 or not state.isalpha() or not number:
            self.message.setText("A licence needs a two-letter state and a number.")
            return False
        expiry = None if self.expiry.date() == _NO_EXPIRY else self.expiry.date().toPython()
        assert expiry is None or isinstance(expiry, date)
        self.set_licences([*self.licences, Licence(state, number, self.kind.text().strip(),
                                                   expiry)])
        for field in (self.state, self.number, self.kind):
            field.clear()
        self.expiry.setDate(_NO_EXPIRY)
        self.message.clear()
        self.state.setFocus()
        return True

    def set_licences(self, licences: list[Licence]) -> None:
        """Show these licences.

        Args:
            licences: The licences, in order.
        """
        self.licences = list(licences)
        self.listing.clear()
        for lic in self.licences:
            until = f", until {lic.expires_on.isoformat()}" if lic.expires_on else ""
            kind = f" {lic.kind}" if lic.kind else ""
            self.listing.addItem(f"{lic.state}{kind} licence {lic.number}{until}")

    def _remove_selected(self) -> None:
        row = self.listing.currentRow()
        if 0 <= row < len(self.licences):
            self.set_licences(self.licences[:row] + self.licences[row + 1:])


class ProfileForm(QWidget):
    """Every detail of the practice that letters and licensure checks need."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base: PracticeProfile | None = None
        self.practice_name = _line("Practice name")
        self.therapist_name = _line("Your name, as it appears on letters")
        self.credentials = _line("Credentials", "e.g. PhD, LMFT, CST")
        self.licences = LicenceEditor()
        self.certifications = _lines("Certifications, one per line")
        self.address = _lines("Practice address")
        self.phone = _line("Phone")
        self.fax = _line("Fax")
        self.email = _line("Email")
        self.logo = ImagePicker("letterhead logo")
        self.signature = ImagePicker("signature")
        form = QFormLayout(self)
        for label, widget in (
            ("Practice name:", self.practice_name), ("Your name:", self.therapist_name),
            ("Credentials:", self.credentials), ("Licences:", self.licences),
            ("Certifications (one per line):", self.certifications),
            ("Address:", self.address), ("Phone:", self.phone), ("Fax:", self.fax),
            ("Email:", self.email), ("Letterhead logo:", self.logo),
            ("Signature image:", self.signature),
        ):
            form.addRow(label, widget)

    def profile(self) -> PracticeProfile:
        """The details as typed (fields this form does not show are kept as they were)."""
        from practice.services.settings import PracticeProfile

        return replace(
            self._base or PracticeProfile(),
            practice_name=self.practice_name.text().strip(),
            therapist_name=self.therapist_name.text().strip(),
            credentials=self.credentials.text().strip(),
            licences=tuple(self.licences.licences),
            certifications=_split(self.certifications.toPlainText()),
            address_lines=_split(self.address.toPlainText()),
            phone=self.phone.text().strip(),
            fax=self.fax.text().strip(),
            email=self.email.text().strip(),
        )

    def set_profile(self, profile: PracticeProfile) -> None:
        """Fill the form from saved details.

        Args:
            profile: The details to show.
        """
        self._base = profile
        self.practice_name.setText(profile.practice_name)
        self.therapist_name.setText(profile.therapist_name)
        self.credentials.setText(profile.credentials)
        self.licences.set_licences(list(profile.licences))
        self.certifications.setPlainText("\n".join(profile.certifications))
        self.address.setPlainText("\n".join(profile.address_lines))
        self.phone.setText(profile.phone)
        self.fax.setText(profile.fax)
        self.email.setText(profile.email)
