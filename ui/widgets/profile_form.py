"""The practice's details as one form: names, licences, certifications, contact, images."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
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

from practice.errors import ValidationError
from practice.services.common.dates import parse_day
from ui.widgets.image_picker import ImagePicker

if TYPE_CHECKING:
    from practice.services.settings import Licence, PracticeProfile

NAME_NEEDED = ("Needed to sign notes and letters, which carry your name and credentials. "
               "It is kept in Settings → Practice details.")


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
    """The licences held: state, number, type and expiry, added, changed or removed one by one.

    "Edit selected licence" puts the chosen licence back in the entry row, and the add button
    then saves the changes over it ("Update licence"), so a renewal keeps its place.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.licences: list[Licence] = []
        self.editing: int | None = None  # the row being changed, if any
        self.state = _line("Licence state", "State")
        self.state.setMaxLength(2)
        self.number = _line("Licence number", "Number")
        self.kind = _line("Licence type", "Type (LMFT)")
        # Typed as every other date is; blank means the licence does not expire.
        self.expiry = _line("Licence expiry date", "Expires YYYY-MM-DD")
        self.expiry.setToolTip("Leave blank for a licence that does not expire.")
        self.add = QPushButton("Add licence")
        self.add.setAccessibleName("Add licence")
        self.listing = QListWidget()
        self.listing.setAccessibleName("Licences")
        self.listing.setMaximumHeight(90)
        self.remove = QPushButton("Remove selected licence")
        self.remove.setAccessibleName("Remove selected licence")
        self.edit = QPushButton("Edit selected licence")
        self.edit.setAccessibleName("Edit selected licence")
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
        actions = QHBoxLayout()
        actions.addWidget(self.edit)
        actions.addWidget(self.remove)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.add.clicked.connect(self.add_typed)
        self.remove.clicked.connect(self._remove_selected)
        self.edit.clicked.connect(self._edit_selected)

    def add_typed(self) -> bool:
        """Add the licence typed in the entry row (or update the one being edited).

        Returns:
            True when it was added or updated; False when something is missing (said).
        """
        from practice.services.settings import Licence

        state = self.state.text().strip().upper()
        number = self.number.text().strip()
        if len(state) != 2 or not state.isalpha() or not number:
            self.message.setText("A licence needs a two-letter state and a number.")
            return False
        try:
            expiry = parse_day(self.expiry.text(), "Licence expiry date")
        except ValidationError as error:
            self.message.setText(error.message)
            return False
        typed = Licence(state, number, self.kind.text().strip(), expiry)
        held = list(self.licences)
        if self.editing is not None and self.editing < len(held):
            held[self.editing] = typed
        else:
            held.append(typed)
        self.set_licences(held)
        for field in (self.state, self.number, self.kind):
            field.clear()
        self.expiry.clear()
        self.message.clear()
        self.state.setFocus()
        return True

    def take_pending(self) -> bool:
        """Add (or update) a licence typed in the entry row but not yet added.

        Saving the details calls this first, so a licence typed is never silently left out.

        Returns:
            True when nothing was pending or it was added; False when it is incomplete (said).
        """
        typed = any(field.text().strip()
                    for field in (self.state, self.number, self.kind, self.expiry))
        return (not typed and self.editing is None) or self.add_typed()

    def set_licences(self, licences: list[Licence]) -> None:
        """Show these licences.

        Args:
            licences: The licences, in order.
        """
        self.licences = list(licences)
        self._stop_editing()
        self.listing.clear()
        for lic in self.licences:
            until = f", until {lic.expires_on.isoformat()}" if lic.expires_on else ""
            kind = f" {lic.kind}" if lic.kind else ""
            self.listing.addItem(f"{lic.state}{kind} licence {lic.number}{until}")

    def _remove_selected(self) -> None:
        row = self.listing.currentRow()
        if 0 <= row < len(self.licences):
            self.set_licences(self.licences[:row] + self.licences[row + 1:])

    def _edit_selected(self) -> None:
        row = self.listing.currentRow()
        if not 0 <= row < len(self.licences):
            self.message.setText("Choose a licence in the list to edit it.")
            return
        lic = self.licences[row]
        self.state.setText(lic.state)
        self.number.setText(lic.number)
        self.kind.setText(lic.kind)
        self.expiry.setText(lic.expires_on.isoformat() if lic.expires_on else "")
        self.editing = row
        self.add.setText("Update licence")
        self.add.setAccessibleName("Update licence")
        self.message.setText("Change the licence above, then Update licence.")
        self.state.setFocus()

    def _stop_editing(self) -> None:
        self.editing = None
        self.add.setText("Add licence")
        self.add.setAccessibleName("Add licence")


class ProfileForm(QWidget):
    """Every detail of the practice that letters and licensure checks need."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base: PracticeProfile | None = None
        self.practice_name = _line("Practice name")
        self.therapist_name = _line("Your name, as it appears on letters")
        self.name_note = QLabel(NAME_NEEDED)
        self.name_note.setWordWrap(True)
        self.name_note.setAccessibleName("What your name is for")
        self.credentials = _line("Credentials", "e.g. PhD, LMFT, CST")
        self.licences = LicenceEditor()
        # Printed on superbills and estimates: the therapist's own NPI (type 1), and the
        # practice's EIN, never a social security number (the core refuses one).
        self.npi = _line("Individual NPI", "10 digits")
        self.tax_id = _line("Tax ID (EIN)", "e.g. 12-3456789")
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
            ("", self.name_note),
            ("Credentials:", self.credentials), ("Licences:", self.licences),
            ("Individual NPI:", self.npi), ("Tax ID (EIN):", self.tax_id),
            ("Certifications (one per line):", self.certifications),
            ("Address:", self.address), ("Phone:", self.phone), ("Fax:", self.fax),
            ("Email:", self.email), ("Letterhead logo:", self.logo),
            ("Signature image:", self.signature),
        ):
            form.addRow(label, widget)

    def profile(self) -> PracticeProfile:
        """The details as typed (fields this form does not show are kept as they were)."""
        from practice.services.settings import NPI_KEY, TAX_ID_KEY, PracticeProfile

        base = self._base or PracticeProfile()
        extra = {key: value for key, value in base.extra.items()
                 if key not in (NPI_KEY, TAX_ID_KEY)}
        for key, field in ((NPI_KEY, self.npi), (TAX_ID_KEY, self.tax_id)):
            if field.text().strip():
                extra[key] = field.text().strip()
        return replace(
            base,
            extra=extra,
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
        from practice.services.settings import NPI_KEY, TAX_ID_KEY

        self.npi.setText(profile.extra.get(NPI_KEY, ""))
        self.tax_id.setText(profile.extra.get(TAX_ID_KEY, ""))
