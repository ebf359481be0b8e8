"""The form for a release of information the client has signed.

The recipient is a provider or an organisation; one missing from the list is made from inside
the form without losing what was typed. The letter composer opens this same form when a letter
is refused for want of a release, with the recipient already chosen.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from practice.errors import ValidationError
from practice.letters.model import SCOPE_LABELS
from practice.services.common.dates import parse_day
from practice.services.releases import SCOPES, ReleaseDetails
from ui.widgets.choices import choice_box
from ui.widgets.organisation_form import OrganisationForm, line
from ui.widgets.provider_form import DirectoryForm, ProviderDialog, ProviderDirectory, choose_new
from ui.widgets.row_table import named_button

if TYPE_CHECKING:
    from practice.services.providers import OrganisationView, ProviderView
    from practice.services.releases import Scope
    from ui.context import AppContext
    from ui.widgets.record_form import Work

TITLE = "Record a release of information"
DATE_HINT = "YYYY-MM-DD"
ORGANISATION_SUFFIX = " (organisation)"


def scope_label(scope: str) -> str:
    """A scope as its tick box reads ("Treatment summary")."""
    return SCOPE_LABELS[scope].capitalize()


def recipient_key(kind: str, record_id: int) -> str:
    """How a recipient is kept in the drop-down ("provider:12", "organisation:3")."""
    return f"{kind}:{record_id}"


def recipient_text(name: str, organisation: bool) -> str:
    """How a recipient is offered: a provider by name, an organisation marked as one."""
    return name + (ORGANISATION_SUFFIX if organisation else "")


class ReleaseForm(DirectoryForm):
    """Record a signed release; ``saved`` carries the stored ``ReleaseView``.

    The form opens itself.

    Args:
        context: The application context.
        client_id: Whose release it is.
        provider_id: A provider to choose as the recipient once the list is read.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, client_id: int, provider_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, TITLE, parent)
        self.client_id = client_id
        self.wanted_provider = provider_id
        self.nested: ProviderDialog | OrganisationForm | None = None
        self.recipient = choice_box("Recipient")
        self.new_provider = named_button("New provider…", "New provider…")
        self.new_provider.clicked.connect(self.open_provider_form)
        self.new_organisation = named_button("New organisation…", "New organisation…")
        self.new_organisation.clicked.connect(self.open_organisation_form)
        self.purpose = line("Purpose", placeholder="Coordinating care with the urologist")
        self.scope_boxes: dict[str, QCheckBox] = {}
        self.signed_on = line("Date signed", date.today().isoformat(), placeholder=DATE_HINT)
        self.expires_on = line("Expiry date", placeholder=DATE_HINT)
        self.add_field("Recipient", self.recipient)
        makers = QWidget()
        row = QHBoxLayout(makers)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.new_provider)
        row.addWidget(self.new_organisation)
        row.addStretch(1)
        self.fields.addRow("", makers)
        self.add_field("Purpose", self.purpose)
        self.add_field("Scope", self._scopes())
        self.add_field("Date signed", self.signed_on)
        self.add_field("Expiry date", self.expires_on)
        self.start()
        self.read_directory()

    def _scopes(self) -> QWidget:
        holder = QWidget()
        holder.setAccessibleName("Scope")
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        for scope in SCOPES:
            box = QCheckBox(scope_label(scope))
            box.setAccessibleName(scope_label(scope))
            self.scope_boxes[scope] = box
            column.addWidget(box)
        return holder

    def extra_state(self) -> tuple[object, ...]:
        """The ticked scopes (outside the labelled fields' own state)."""
        return tuple(box.isChecked() for box in self.scope_boxes.values())

    def fill_directory(self, directory: ProviderDirectory) -> None:
        """Offer every provider, then every organisation; choose the one asked for."""
        chosen = self.recipient.currentData()
        self.recipient.clear()
        self.recipient.addItem("Choose a provider or organisation", None)
        for provider in directory.providers:
            self.recipient.addItem(provider.details.name, recipient_key("provider", provider.id))
        for org in directory.organisations:
            self.recipient.addItem(recipient_text(org.details.name, True),
                                   recipient_key("organisation", org.id))
        wanted = chosen or (None if self.wanted_provider is None
                            else recipient_key("provider", self.wanted_provider))
        self.recipient.setCurrentIndex(max(self.recipient.findData(wanted), 0))

    def open_provider_form(self) -> ProviderDialog:
        """Make a new provider on top of this form; once saved they are the recipient."""
        form = ProviderDialog(self.context, self.directory.organisations, None, self)
        self.nested = form
        form.saved.connect(self._provider_made)
        return form

    def open_organisation_form(self) -> OrganisationForm:
        """Make a new organisation on top of this form; once saved it is the recipient."""
        form = OrganisationForm(self.context, self)
        self.nested = form
        form.saved.connect(self._organisation_made)
        return form

    def _provider_made(self, provider: ProviderView) -> None:
        choose_new(self.recipient, provider.details.name,
                   recipient_key("provider", provider.id))

    def _organisation_made(self, org: OrganisationView) -> None:
        choose_new(self.recipient, recipient_text(org.details.name, True),
                   recipient_key("organisation", org.id))

    def details(self) -> ReleaseDetails:
        """What the form holds as the core's release details.

        Raises:
            ValidationError: No recipient chosen, or a date that is not one.
        """
        recipient = self.recipient.currentData()
        if recipient is None:
            raise ValidationError(
                "Recipient is required: choose a provider or an organisation, or make one.")
        kind, _colon, number = str(recipient).partition(":")
        recipient_id = int(number)
        signed = parse_day(self.signed_on.text(), "Date signed", required=True)
        expires = parse_day(self.expires_on.text(), "Expiry date", required=True)
        assert signed is not None and expires is not None  # required above
        scopes: frozenset[Scope] = frozenset(
            scope for scope in SCOPES if self.scope_boxes[scope].isChecked())
        return ReleaseDetails(
            client_id=self.client_id, purpose=self.purpose.text(), signed_on=signed,
            expires_on=expires, scopes=scopes,
            provider_id=recipient_id if kind == "provider" else None,
            organisation_id=recipient_id if kind == "organisation" else None)

    def work(self) -> Work:
        """Read the form, then record the release on the worker."""
        from practice.services.releases import record_release

        details = self.details()
        return lambda sessions: record_release(sessions, details)
