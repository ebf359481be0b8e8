"""The intake form: a new client, or an existing client's details and contact safety.

Every field is checked by the core (``practice.services.clients``); its refusal is shown
beside the field it names. State and time zone start as the practice's own, since most
clients live where the therapist is licensed. Contact safety is asked per channel: until the
therapist says otherwise no channel is safe, because a voicemail or an envelope can out a
client to their household.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from practice.services.clients import (
    CHANNELS,
    NAME_STYLES,
    Channel,
    ChannelSafety,
    ClientDetails,
    ClientView,
    NameStyle,
    check_channel,
    create_client,
    update_client,
)
from practice.services.common.dates import parse_day
from ui import design
from ui.widgets.record_form import FieldRow, RecordForm, Work

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from ui.context import AppContext

# The zones most US practices meet, east to west, offered before the full IANA list.
COMMON_ZONES = (
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
    "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico",
)
CHANNEL_WORDS: dict[Channel, str] = {"phone": "Phone", "voicemail": "Voicemail",
                                     "text": "Text", "email": "Email", "post": "Post"}
NAME_STYLE_WORDS: dict[NameStyle, str] = {
    "chosen": "Chosen name", "legal": "Legal name", "initials": "Initials only",
    "none": "No name", "custom": "Custom name",
}


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name, the common US ones first (read once: it scans the zone data)."""
    from zoneinfo import available_timezones

    rest = sorted(available_timezones() - set(COMMON_ZONES))
    return COMMON_ZONES + tuple(rest)


def zone_box(name: str = "Time zone") -> QComboBox:
    """An editable drop-down of IANA zones, blank first (no zone), typed names accepted.

    Args:
        name: The accessible name of the box and of its text field.

    Returns:
        The combo box.
    """
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.setAccessibleName(name)
    box.view().setAccessibleName(f"{name}: choices")
    line = box.lineEdit()
    if line is not None:
        line.setAccessibleName(name)
    box.addItem("")
    box.addItems(list(zone_names()))
    return box


@dataclass(frozen=True)
class PracticeDefaults:
    """What a new client's form starts with, read from the practice's own details."""

    state: str | None
    time_zone: str


def practice_defaults(sessions: sessionmaker[Session]) -> PracticeDefaults:
    """The first state the therapist is licensed in today, and the practice's zone.

    Args:
        sessions: The store's sessionmaker (call on the worker).

    Returns:
        The defaults.
    """
    from practice.services.settings import load_profile

    profile = load_profile(sessions)
    today = date.today()
    states = [lic.state for lic in profile.licences if lic.active_on(today)]
    return PracticeDefaults(states[0] if states else None, profile.time_zone)


class ChannelRow:
    """One channel's controls: safe or not, which name may show, and a custom name."""

    def __init__(self, channel: Channel) -> None:
        words = CHANNEL_WORDS[channel]
        self.channel = channel
        self.caption = QLabel(words)
        self.safe = QCheckBox("Safe to use")
        self.safe.setAccessibleName(f"{words}: safe to use")
        self.style = QComboBox()
        self.style.setAccessibleName(f"{words}: name shown")
        self.style.view().setAccessibleName(f"{words}: name shown: choices")
        for style in NAME_STYLES:
            self.style.addItem(NAME_STYLE_WORDS[style], style)
        self.custom = QLineEdit()
        self.custom.setAccessibleName(f"{words}: custom name")
        self.custom.setPlaceholderText("Custom name")
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(f"{words}: custom name: problem")
        design.show_as_problem(self.problem)
        self.problem.hide()
        self.safe.toggled.connect(self._enable)
        self.style.currentIndexChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        # The name only matters on a safe channel; the custom words only for that style.
        self.style.setEnabled(self.safe.isChecked())
        self.custom.setEnabled(self.safe.isChecked() and self.style.currentData() == "custom")

    def fill(self, safety: ChannelSafety) -> None:
        """Show a stored setting."""
        self.safe.setChecked(safety.safe)
        self.style.setCurrentIndex(max(0, self.style.findData(safety.name_style)))
        self.custom.setText(safety.custom_name or "")

    def value(self) -> ChannelSafety:
        """The setting as chosen (not yet checked)."""
        style: NameStyle = self.style.currentData()
        custom = self.custom.text().strip() or None
        return ChannelSafety(self.channel, self.safe.isChecked(), style,
                             custom if style == "custom" else None)

    def state(self) -> tuple[object, ...]:
        """What the row holds, for telling whether the form changed."""
        return (self.safe.isChecked(), self.style.currentIndex(), self.custom.text())


class ClientForm(RecordForm):
    """New client, or edit client: the intake fields, then contact safety per channel.

    The form opens itself (non-blocking) when built; ``saved`` carries the stored
    ``ClientView`` once the core has accepted everything in one transaction.

    Args:
        context: The application context.
        client: The client to edit; None for a new client.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, client: ClientView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "New client" if client is None else "Edit client", parent)
        self.client_id = None if client is None else client.id
        self._checking: Channel | None = None
        self._build()
        if client is not None:
            self._fill(client)
        self._awaiting_defaults = self._save_asked = False
        self.start()
        if client is None:
            self._ask_defaults()

    # --- building ----------------------------------------------------------------------

    def _line(self, label: str, layout: QFormLayout | None = None,
              placeholder: str = "") -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(placeholder)
        self.add_field(label, field, layout=layout)
        return field

    def _build(self) -> None:
        self.legal_name = self._line("Legal name")
        self.chosen_name = self._line("Chosen name", placeholder="The name used everywhere")
        self.pronouns = self._line("Pronouns", placeholder="e.g. she/her, they/them")
        self.gender_identity = self._line("Gender identity",
                                          placeholder="In the client's own words")
        self.date_of_birth = self._line("Date of birth", placeholder="YYYY-MM-DD")
        self.state_field = self._line("State", placeholder="Two letters, e.g. TX")
        self.time_zone = zone_box()
        self.add_field("Time zone", self.time_zone)
        reach = QFormLayout()
        self.phone = self._line("Phone", reach)
        self.email = self._line("Email", reach)
        self.address = self._line("Address", reach)
        self.emergency_name = self._line("Emergency contact", reach, "Name")
        self.emergency_phone = self._line("Emergency contact phone", reach)
        self.emergency_relationship = self._line("Emergency contact relationship", reach)
        self.channels = {channel: ChannelRow(channel) for channel in CHANNELS}
        right = QWidget()
        right_column = QFormLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addRow(reach)
        right_column.addRow(self._safety_box())
        # The intake column on the left, how to reach the client on the right.
        self.body.removeItem(self.fields)
        columns = QHBoxLayout()
        columns.addLayout(self.fields, 1)
        columns.addWidget(right, 1)
        self.body.insertLayout(0, columns)
        for channel in self.channels.values():
            # The custom name is the field the core's "Name shown ..." refusals are about.
            self.rows.append(FieldRow(f"{CHANNEL_WORDS[channel.channel]}: custom name",
                                      channel.custom, channel.problem))

    def _safety_box(self) -> QGroupBox:
        box = QGroupBox("Contact safety")
        box.setAccessibleName("Contact safety")
        grid = QGridLayout(box)
        hint = QLabel("May this channel be used, and how may the client be named on it?")
        hint.setWordWrap(True)
        grid.addWidget(hint, 0, 0, 1, 4)
        for row, channel in enumerate(self.channels.values(), start=1):
            grid.addWidget(channel.caption, row * 2 - 1, 0)
            grid.addWidget(channel.safe, row * 2 - 1, 1)
            grid.addWidget(channel.style, row * 2 - 1, 2)
            grid.addWidget(channel.custom, row * 2 - 1, 3)
            grid.addWidget(channel.problem, row * 2, 1, 1, 3)
            self.setTabOrder(channel.safe, channel.style)
            self.setTabOrder(channel.style, channel.custom)
        return box

    def _fill(self, client: ClientView) -> None:
        d = client.details
        for field, value in (
            (self.legal_name, d.legal_name), (self.chosen_name, d.chosen_name),
            (self.pronouns, d.pronouns), (self.gender_identity, d.gender_identity),
            (self.date_of_birth, d.date_of_birth.isoformat() if d.date_of_birth else None),
            (self.state_field, d.state), (self.phone, d.phone), (self.email, d.email),
            (self.address, d.address), (self.emergency_name, d.emergency_name),
            (self.emergency_phone, d.emergency_phone),
            (self.emergency_relationship, d.emergency_relationship),
        ):
            field.setText(value or "")
        self._set_zone(d.time_zone or "")
        for safety in client.channels:
            self.channels[safety.channel].fill(safety)

    def _set_zone(self, zone: str) -> None:
        index = self.time_zone.findText(zone)
        if index >= 0:
            self.time_zone.setCurrentIndex(index)
        else:
            self.time_zone.setEditText(zone)

    def _ask_defaults(self) -> None:
        # Save waits for the defaults, so a quick save never stores a client without them.
        self._awaiting_defaults = self.context.read(
            practice_defaults, on_success=self._prefill,
            on_failure=lambda _error: self._defaults_arrived(), parent=self) is not None
        self.save_button.setEnabled(not self._awaiting_defaults)

    def unshelve(self) -> None:
        """Show again after the unlock; ask again for defaults a lock cut off."""
        if self._awaiting_defaults:
            self._ask_defaults()
        super().unshelve()

    def _defaults_arrived(self) -> None:
        self._awaiting_defaults = False
        self.save_button.setEnabled(True)
        if self._save_asked:  # Ctrl+S pressed before they came: save now, with them
            self._save_asked = False
            self.save()

    def _prefill(self, defaults: PracticeDefaults) -> None:
        untouched = not self.changed
        if not self.state_field.text() and defaults.state:
            self.state_field.setText(defaults.state)
        if not self.time_zone.currentText():
            self._set_zone(defaults.time_zone)
        if untouched:
            self._baseline = self.state()  # the practice's defaults are not the user's typing
        self._defaults_arrived()

    def extra_state(self) -> tuple[object, ...]:
        """The channels' checkboxes and name choices (their custom names are fields)."""
        return tuple(channel.state() for channel in self.channels.values())

    # --- saving ------------------------------------------------------------------------

    def details(self) -> ClientDetails:
        """The details as typed (the core checks them).

        Raises:
            ValidationError: The date of birth is not a date.
        """
        def text(field: QLineEdit) -> str | None:
            return field.text().strip() or None

        return ClientDetails(
            legal_name=self.legal_name.text(), chosen_name=text(self.chosen_name),
            pronouns=text(self.pronouns), gender_identity=text(self.gender_identity),
            date_of_birth=parse_day(self.date_of_birth.text(), "Date of birth"),
            state=text(self.state_field), time_zone=self.time_zone.currentText().strip() or None,
            phone=text(self.phone), email=text(self.email), address=text(self.address),
            emergency_name=text(self.emergency_name),
            emergency_phone=text(self.emergency_phone),
            emergency_relationship=text(self.emergency_relationship),
        )

    def channel_settings(self) -> tuple[ChannelSafety, ...]:
        """Every channel's setting, each checked by the core.

        Raises:
            ValidationError: A channel's setting is refused (shown beside that channel).
        """
        checked = []
        for channel, row in self.channels.items():
            self._checking = channel
            checked.append(check_channel(row.value()))
        self._checking = None
        return tuple(checked)

    def save(self) -> None:
        """Store the form, once the practice's defaults have been filled in."""
        if self._awaiting_defaults:
            self._save_asked = True
        else:
            super().save()

    def work(self) -> Work:
        """Read the form into one create or update of the client and their channels."""
        details = self.details()
        channels = self.channel_settings()
        client_id = self.client_id
        if client_id is None:
            return lambda sessions: create_client(sessions, details, channels=channels)
        return lambda sessions: update_client(sessions, client_id, details, channels=channels)

    def row_for(self, message: str) -> FieldRow | None:
        """The channel being checked, for the core's "Name shown ..." refusals."""
        if self._checking is not None and message.casefold().startswith("name shown"):
            checking, self._checking = self._checking, None
            words = CHANNEL_WORDS[checking]
            return next(r for r in self.rows if r.label == f"{words}: custom name")
        return super().row_for(message)

