"""The chart's Care team tab: who treats the client alongside the therapist, and since when.

Links are ended on a date, never deleted. A provider (or their clinic) missing from the list
is made from inside the "Add to care team" form, which keeps what was typed in it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from practice.errors import ValidationError
from practice.services.common.dates import parse_day
from ui.models.providers import CareTeamModel
from ui.screens.chart.record_tab import DATE_HINT, RecordTab
from ui.widgets.choices import choice_box
from ui.widgets.organisation_form import line
from ui.widgets.provider_form import DirectoryForm, ProviderDialog, ProviderDirectory, choose_new
from ui.widgets.record_form import RecordForm, Work
from ui.widgets.row_table import named_button as button

if TYPE_CHECKING:
    from practice.services.providers import CareTeamLink, ProviderView
    from ui.context import AppContext

ADD_TITLE = "Add to care team"
END_TITLE = "End care team link"


class CareTeamForm(DirectoryForm):
    """Put a provider on the client's care team in a role, from a date.

    Args:
        context: The application context.
        client_id: The client.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, client_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, ADD_TITLE, parent)
        self.client_id = client_id
        self.provider_form: ProviderDialog | None = None
        self.provider = choice_box("Provider")
        self.new_provider = button("New provider…", "New provider…")
        self.new_provider.clicked.connect(self.open_provider_form)
        self.role = line("Role", placeholder="Urologist, primary care, psychiatrist…")
        self.since = line("Start date", date.today().isoformat(), placeholder=DATE_HINT)
        self.add_field("Provider", self.provider)
        self.fields.addRow("", self.new_provider)
        self.add_field("Role", self.role)
        self.add_field("Start date", self.since)
        self.start()
        self.read_directory()

    def fill_directory(self, directory: ProviderDirectory) -> None:
        """Offer every provider by name."""
        self.provider.clear()
        for provider in directory.providers:
            self.provider.addItem(provider.details.name, provider.id)

    def open_provider_form(self) -> ProviderDialog:
        """Make a new provider on top of this form; once saved they are the one chosen."""
        form = ProviderDialog(self.context, self.directory.organisations, None, self)
        self.provider_form = form
        form.saved.connect(self._provider_made)
        return form

    def _provider_made(self, provider: ProviderView) -> None:
        choose_new(self.provider, provider.details.name, provider.id)

    def work(self) -> Work:
        """Check the choices here, then put the provider on the team on the worker."""
        from practice.services.providers import add_to_care_team

        provider_id = self.provider.currentData()
        if provider_id is None:
            raise ValidationError("Provider is required: choose one, or make a new provider.")
        since = parse_day(self.since.text(), "Start date")
        client_id, role = self.client_id, self.role.text()
        return lambda sessions: add_to_care_team(sessions, client_id, provider_id, role,
                                                 since=since)


class EndLinkForm(RecordForm):
    """End a provider's place on the care team on a date (the link stays in the record).

    Args:
        context: The application context.
        link: The link to end.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, link: CareTeamLink,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, END_TITLE, parent)
        self.link_id = link.id
        which = QLabel(f"{link.provider_name}, {link.role}")
        which.setAccessibleName("Care team link")
        self.fields.addRow("Link:", which)
        self.until = line("End date", date.today().isoformat(), placeholder=DATE_HINT)
        self.add_field("End date", self.until)
        self.start()

    def work(self) -> Work:
        """Read the date, then end the link on the worker."""
        from practice.services.providers import end_care_team_link

        until = parse_day(self.until.text(), "End date", required=True)
        link_id = self.link_id
        assert until is not None  # required above
        return lambda sessions: end_care_team_link(sessions, link_id, until)


class CareTeamTab(RecordTab):
    """The client's care team as a table, with adding and ending links.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        self.today = date.today()
        self.model = CareTeamModel()
        self.add_button = button("Add to care team…", "Add to care team")
        self.end_button = button("End link…", "End link")
        super().__init__(
            context, "Care team", self.model, (self.add_button, self.end_button),
            "No one is on this client's care team yet. Add the doctors and therapists you "
            "work with for them, to write to them and keep track of who treats them.",
            ("Add to care team…", self.add_link), parent)
        self.model.setParent(self)
        self.add_button.clicked.connect(self.add_link)
        self.end_button.clicked.connect(self.end_selected)
        self.enable()

    def show_team(self, client_id: int, links: tuple[CareTeamLink, ...], today: date) -> None:
        """Show a client's care team, keeping the selected link selected.

        Args:
            client_id: The client.
            links: Everyone ever on the team.
            today: The day "ended" is judged on.
        """
        selected = self.selected()
        self.today = today
        self.model.set_links(links, today)
        self.shown(client_id, [lk.id for lk in links], None if selected is None else selected.id)

    def selected(self) -> CareTeamLink | None:
        """The link selected in the table, if any."""
        row = self.selected_row()
        return None if row is None else self.model.link(row)

    def add_link(self) -> None:
        """Open the form that puts a provider on the care team."""
        if self.client_id is not None and self.can_act():
            self.opened(CareTeamForm(self.context, self.client_id, self))

    def end_selected(self) -> None:
        """Open the form that ends the selected link on a date."""
        link = self.selected()
        if link is not None and link.until is None and self.can_act():
            self.opened(EndLinkForm(self.context, link, self))

    def enable(self) -> None:
        """End link… only for a link that has not ended."""
        link = self.selected()
        self.end_button.setEnabled(link is not None and link.until is None)

    def clear(self) -> None:
        """Show nothing (an open form stays: a lock shelves it with what was typed)."""
        self.model.set_links((), self.today)
        self.cleared()
