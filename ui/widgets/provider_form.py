"""The form for adding or editing a provider; the core checks it (the NPI too) and says why not.

An organisation missing from the list can be made from inside the form ("New organisation…")
without losing what was typed: the new one is then chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QComboBox, QWidget

from practice.services.providers import SPECIALTIES, SPECIALTY_LABELS, ProviderDetails
from ui.widgets.choices import choice_box
from ui.widgets.organisation_form import OrganisationForm, blank_to_none, line
from ui.widgets.record_form import RecordForm, Work
from ui.widgets.row_table import named_button

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.providers import OrganisationView, ProviderView
    from ui.context import AppContext

NEW_TITLE = "Add a provider"
EDIT_TITLE = "Edit provider"


@dataclass(frozen=True)
class ProviderDirectory:
    """Every provider and organisation, read on the worker."""

    providers: tuple[ProviderView, ...]
    organisations: tuple[OrganisationView, ...]


def read_directory(sessions: sessionmaker[Session]) -> ProviderDirectory:
    """Read every provider and organisation (for a directory or a form's drop-downs)."""
    from practice.services.providers import list_organisations, list_providers

    return ProviderDirectory(list_providers(sessions), list_organisations(sessions))


class DirectoryForm(RecordForm):
    """A form whose drop-downs offer the providers and organisations, read once it is open.

    Choices arriving after the form opened do not count as typing: an untouched form still
    closes without asking.
    """

    directory: ProviderDirectory = ProviderDirectory((), ())

    def read_directory(self) -> None:
        """Read the providers and organisations on the worker, then offer them."""
        self.context.read(read_directory, on_success=self._directory_read, parent=self)

    def _directory_read(self, directory: ProviderDirectory) -> None:
        if not shiboken6.isValid(self):  # closed (and deleted) before the list arrived
            return
        untouched = not self.changed
        self.directory = directory
        self.fill_directory(directory)
        if untouched:
            self._baseline = self.state()

    def fill_directory(self, directory: ProviderDirectory) -> None:
        """Put the providers and organisations in the form's drop-downs."""
        raise NotImplementedError


def choose_new(box: QComboBox, text: str, value: object) -> None:
    """Add a just-made record to a drop-down and choose it.

    Args:
        box: The drop-down.
        text: The words it is shown by.
        value: The value kept for it.
    """
    box.addItem(text, value)
    box.setCurrentIndex(box.count() - 1)


class ProviderDialog(RecordForm):
    """Add a provider, or edit one; Save stays open with the core's reason beside the field.

    The form opens itself; ``saved`` carries the stored ``ProviderView``.

    Args:
        context: The application context.
        organisations: The organisations a provider may belong to.
        provider: The provider to edit; None adds a new one.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, organisations: tuple[OrganisationView, ...],
                 provider: ProviderView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(context, NEW_TITLE if provider is None else EDIT_TITLE, parent)
        self.provider_id = None if provider is None else provider.id
        self.organisation_form: OrganisationForm | None = None
        self._build(organisations)
        if provider is not None:
            self._fill(provider)
        self.start()

    def _build(self, organisations: tuple[OrganisationView, ...]) -> None:
        self.name = line("Provider name")
        self.credentials = line("Credentials")
        self.specialty = choice_box("Specialty", ((SPECIALTY_LABELS[key], key)
                                                  for key in SPECIALTIES))
        self.specialty_detail = line("Specialty detail")
        self.specialty_detail.setPlaceholderText("When the specialty is other")
        self.organisation = choice_box("Organisation", [("None", None)] + [
            (org.details.name, org.id) for org in organisations])
        self.new_organisation = named_button("New organisation…", "New organisation…")
        self.new_organisation.clicked.connect(self.open_organisation_form)
        self.address, self.phone, self.fax = line("Address"), line("Phone"), line("Fax")
        self.email, self.npi = line("Email"), line("NPI")
        self.npi.setPlaceholderText("10 digits")
        for label, widget in (
            ("Provider name", self.name), ("Credentials", self.credentials),
            ("Specialty", self.specialty), ("Specialty detail", self.specialty_detail),
            ("Organisation", self.organisation),
        ):
            self.add_field(label, widget)
        self.fields.addRow("", self.new_organisation)
        for label, widget in (("Address", self.address), ("Phone", self.phone),
                              ("Fax", self.fax), ("Email", self.email), ("NPI", self.npi)):
            self.add_field(label, widget)

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

    def open_organisation_form(self) -> OrganisationForm:
        """Make a new organisation on top of this form; once saved it is the one chosen."""
        form = OrganisationForm(self.context, self)
        self.organisation_form = form
        form.saved.connect(
            lambda org: choose_new(self.organisation, org.details.name, org.id))
        return form

    def details(self) -> ProviderDetails:
        """What the form holds, blanks as None (the core cleans and checks it)."""
        return ProviderDetails(
            name=self.name.text(), specialty=self.specialty.currentData(),
            credentials=blank_to_none(self.credentials),
            specialty_detail=blank_to_none(self.specialty_detail),
            organisation_id=self.organisation.currentData(),
            address=blank_to_none(self.address), phone=blank_to_none(self.phone),
            fax=blank_to_none(self.fax), email=blank_to_none(self.email),
            npi=blank_to_none(self.npi),
        )

    def work(self) -> Work:
        """Store the provider (new or edited) on the worker."""
        from practice.services.providers import create_provider, update_provider

        details, provider_id = self.details(), self.provider_id
        if provider_id is None:
            return lambda sessions: create_provider(sessions, details)
        return lambda sessions: update_provider(sessions, provider_id, details)
