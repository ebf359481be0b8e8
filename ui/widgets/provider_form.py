"""The form for adding or editing a provider; the core checks it (the NPI too) and says why not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from practice.errors import PracticeError
from practice.services.providers import SPECIALTIES, SPECIALTY_LABELS, ProviderDetails
from ui.errors import show_error
from ui.operations import Job
from ui.widgets.choices import choice_box

if TYPE_CHECKING:
    from practice.services.providers import OrganisationView, ProviderView
    from ui.context import AppContext


def _line(name: str, value: str | None = None) -> QLineEdit:
    field = QLineEdit(value or "")
    field.setAccessibleName(name)
    return field


class ProviderDialog(QDialog):
    """Add a provider, or edit one; Save stays open with the core's reason when refused.

    Args:
        context: The application context.
        organisations: The organisations a provider may belong to.
        provider: The provider to edit; None adds a new one.
        parent: The parent widget.
    """

    saved = Signal(object)  # the stored ProviderView

    def __init__(self, context: AppContext, organisations: tuple[OrganisationView, ...],
                 provider: ProviderView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.provider_id = None if provider is None else provider.id
        self.setWindowTitle("Add a provider" if provider is None else "Edit provider")
        self._build(organisations)
        if provider is not None:
            self._fill(provider)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Why the provider was not saved")
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _build(self, organisations: tuple[OrganisationView, ...]) -> None:
        self.name = _line("Name")
        self.credentials = _line("Credentials")
        self.specialty = choice_box("Specialty")
        for key in SPECIALTIES:
            self.specialty.addItem(SPECIALTY_LABELS[key], key)
        self.specialty_detail = _line("Specialty (when other)")
        self.organisation = choice_box("Organisation")
        self.organisation.addItem("None", None)
        for org in organisations:
            self.organisation.addItem(org.details.name, org.id)
        self.address, self.phone, self.fax = _line("Address"), _line("Phone"), _line("Fax")
        self.email, self.npi = _line("Email"), _line("NPI")
        self.form = QFormLayout()
        for label, widget in (
            ("Name:", self.name), ("Credentials:", self.credentials),
            ("Specialty:", self.specialty), ("Specialty (when other):", self.specialty_detail),
            ("Organisation:", self.organisation), ("Address:", self.address),
            ("Phone:", self.phone), ("Fax:", self.fax), ("Email:", self.email),
            ("NPI:", self.npi),
        ):
            self.form.addRow(label, widget)

    def _fill(self, provider: ProviderView) -> None:
        d = provider.details
        self.name.setText(d.name)
        self.credentials.setText(d.credentials or "")
        self.specialty.setCurrentIndex(self.specialty.findData(d.specialty))
        self.specialty_detail.setText(d.specialty_detail or "")
        found = self.organisation.findData(d.organisation_id)
        self.organisation.setCurrentIndex(max(found, 0))
        for field, value in ((self.address, d.address), (self.phone, d.phone),
                             (self.fax, d.fax), (self.email, d.email), (self.npi, d.npi)):
            field.setText(value or "")

    def details(self) -> ProviderDetails:
        """What the form holds, blanks as None (the core cleans and checks it)."""

        def text(field: QLineEdit) -> str | None:
            return field.text().strip() or None

        return ProviderDetails(
            name=self.name.text(), specialty=self.specialty.currentData(),
            credentials=text(self.credentials), specialty_detail=text(self.specialty_detail),
            organisation_id=self.organisation.currentData(), address=text(self.address),
            phone=text(self.phone), fax=text(self.fax), email=text(self.email),
            npi=text(self.npi),
        )

    def save(self) -> None:
        """Store the provider on the worker; close when stored, else say why and stay open."""
        store = self.context.store
        if store is None:
            return
        sessions, details, provider_id = store.sessions, self.details(), self.provider_id
        self.message.clear()

        def work(_job: Job) -> ProviderView:
            from practice.services.providers import create_provider, update_provider

            if provider_id is None:
                return create_provider(sessions, details)
            return update_provider(sessions, provider_id, details)

        self.context.ops.run(work, on_success=self._stored, on_failure=self._refused,
                             parent=self)

    def _stored(self, provider: ProviderView) -> None:
        self.saved.emit(provider)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, PracticeError):
            self.message.setText(error.message)
        else:
            show_error(self, error)
