"""The form for a new organisation (a clinic, a hospital, a group practice)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QWidget

from ui.widgets.record_form import RecordForm, Work

if TYPE_CHECKING:
    from ui.context import AppContext

TITLE = "New organisation"


def line(name: str, value: str | None = None, *, placeholder: str = "") -> QLineEdit:
    """A one-line field with its accessible name (and a hint of what to type, if any).

    Args:
        name: The field's accessible name.
        value: What it holds to begin with.
        placeholder: Grey text shown while it is empty ("YYYY-MM-DD").

    Returns:
        The field.
    """
    field = QLineEdit(value or "")
    field.setAccessibleName(name)
    field.setPlaceholderText(placeholder)
    return field


def blank_to_none(field: QLineEdit) -> str | None:
    """What a field holds, or None when it holds only spaces."""
    return field.text().strip() or None


class OrganisationForm(RecordForm):
    """Record a clinic or hospital; ``saved`` carries the stored ``OrganisationView``.

    Args:
        context: The application context.
        parent: The parent widget (the form it was opened from, if any).
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, TITLE, parent)
        self.name = line("Organisation name")
        self.address, self.phone = line("Address"), line("Phone")
        self.fax, self.email = line("Fax"), line("Email")
        for label, field in (("Organisation name", self.name), ("Address", self.address),
                             ("Phone", self.phone), ("Fax", self.fax), ("Email", self.email)):
            self.add_field(label, field)
        self.start()

    def work(self) -> Work:
        """Store the organisation on the worker."""
        # Here, not at the top: the services load the ORM, which the billing forms that
        # borrow ``line`` (on Today, the first screen) must not pull in before it paints.
        from practice.services.providers import OrganisationDetails, create_organisation

        details = OrganisationDetails(
            name=self.name.text(), address=blank_to_none(self.address),
            phone=blank_to_none(self.phone), fax=blank_to_none(self.fax),
            email=blank_to_none(self.email))
        return lambda sessions: create_organisation(sessions, details)
