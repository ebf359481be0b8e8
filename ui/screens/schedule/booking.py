"""The new-session dialog: unit, who is expected, kind, time, place, CPT and repeat."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from practice.errors import ValidationError
from practice.schedule.model import (
    MAX_DURATION_MINUTES,
    Appointment,
    LocationKind,
    Series,
    SessionKind,
)
from practice.schedule.rules import FORTNIGHTLY, MONTHLY, WEEKLY
from practice.schedule.timezones import wall_to_utc
from ui.screens.schedule.checked import CheckedDialog
from ui.widgets.choices import choice_box
from ui.widgets.wall_time import wall_of, wall_time_edit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.schedule_checks import BookingPreview
    from practice.services.units import UnitView
    from ui.context import AppContext
    from ui.models.directory import Directory

REPEATS: tuple[tuple[str, str | None], ...] = (
    ("Does not repeat", None), ("Weekly", WEEKLY), ("Fortnightly", FORTNIGHTLY),
    ("Monthly", MONTHLY),
)
_KIND_WORDS = {
    SessionKind.INTAKE: "Intake", SessionKind.INDIVIDUAL: "Individual",
    SessionKind.COUPLE: "Couple", SessionKind.POLYCULE: "Polycule",
    SessionKind.FAMILY: "Family",
}
_UNIT_KIND = {"individual": SessionKind.INDIVIDUAL, "couple": SessionKind.COUPLE,
              "polycule": SessionKind.POLYCULE}


class BookingDialog(CheckedDialog):
    """Book a session or a recurring series for a care unit.

    Args:
        context: The application context.
        directory: The practice's clients and units.
        zone: The therapist's zone (the start is typed on that clock).
        start: The suggested local start.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, directory: Directory, zone: str, start: datetime,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "New session", parent)
        self.zone = zone
        self.units: tuple[UnitView, ...] = tuple(u for u in directory.units
                                                 if u.closed_on is None)
        self.unit = choice_box("Care unit", [(u.display_name, u.id) for u in self.units])
        self.expected = QListWidget()
        self.expected.setAccessibleName("Expected clients")
        self.expected.setMaximumHeight(100)
        self.kind = choice_box("Kind of session", [(w, k) for k, w in _KIND_WORDS.items()])
        self.start = wall_time_edit("Start", start)
        self.duration = QSpinBox()
        self.duration.setAccessibleName("Length in minutes")
        self.duration.setRange(5, MAX_DURATION_MINUTES)
        self.duration.setSingleStep(5)
        self.duration.setValue(50)
        self.duration.setSuffix(" min")
        self.location = choice_box("Location", [("Office", LocationKind.OFFICE),
                                            ("Telehealth", LocationKind.TELEHEALTH)])
        self.video_link = QLineEdit()
        self.video_link.setAccessibleName("Video link")
        self.cpt = QLineEdit()
        self.cpt.setAccessibleName("CPT code")
        self.cpt.setPlaceholderText("e.g. 90834")
        self.repeat = choice_box("Repeat", list(REPEATS))
        self._lay_out()
        self._unit_chosen()

    def _lay_out(self) -> None:
        form = QFormLayout()
        for label, widget in (
            ("Care unit:", self.unit), ("Expected:", self.expected), ("Kind:", self.kind),
            (f"Start ({self.zone}):", self.start), ("Length:", self.duration),
            ("Location:", self.location), ("Video link:", self.video_link),
            ("CPT code:", self.cpt), ("Repeat:", self.repeat),
        ):
            form.addRow(label, widget)
        self.form_area.addLayout(form)
        self.unit.currentIndexChanged.connect(self._unit_chosen)
        self.location.currentIndexChanged.connect(self._location_chosen)
        self._location_chosen()
        for signal in (self.kind.currentIndexChanged, self.start.dateTimeChanged,
                       self.duration.valueChanged, self.video_link.textChanged,
                       self.cpt.textChanged, self.repeat.currentIndexChanged,
                       self.expected.itemChanged):
            signal.connect(self.fields_changed)

    def _unit_chosen(self) -> None:
        self.expected.clear()
        unit = self.chosen_unit()
        if unit is None:
            return
        for member in unit.current_members:
            item = QListWidgetItem(member.display_name)
            item.setData(Qt.ItemDataRole.UserRole, member.client_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.expected.addItem(item)
        self.kind.setCurrentIndex(self.kind.findData(_UNIT_KIND[unit.kind]))
        self.fields_changed()

    def _location_chosen(self) -> None:
        video = LocationKind(self.location.currentData()) is LocationKind.TELEHEALTH
        self.video_link.setEnabled(video)
        self.fields_changed()

    def chosen_unit(self) -> UnitView | None:
        """The unit chosen, if any."""
        index = self.unit.currentIndex()
        return self.units[index] if 0 <= index < len(self.units) else None

    def expected_ids(self) -> frozenset[int]:
        """The clients ticked as expected."""
        items = (self.expected.item(i) for i in range(self.expected.count()))
        return frozenset(int(i.data(Qt.ItemDataRole.UserRole)) for i in items
                         if i.checkState() == Qt.CheckState.Checked)

    def candidate(self) -> Appointment | Series:
        """The session or series the fields describe.

        Raises:
            ValidationError: No unit, nobody expected, or a field the core refuses.
        """
        unit = self.chosen_unit()
        if unit is None:
            raise ValidationError("Choose a care unit first.")
        expected = self.expected_ids()
        if not expected:
            raise ValidationError("Tick at least one expected client.")
        wall = wall_of(self.start)
        location = LocationKind(self.location.currentData())
        link = self.video_link.text().strip() if location is LocationKind.TELEHEALTH else None
        fields: dict[str, Any] = {
            "unit_id": unit.id, "kind": SessionKind(self.kind.currentData()), "zone": self.zone,
            "duration_minutes": self.duration.value(), "location": location,
            "expected_client_ids": expected, "video_link": link,
            "cpt_code": self.cpt.text().strip().upper() or None,
        }
        rule = self.repeat.currentData()
        if rule is None:
            return Appointment(start_utc=wall_to_utc(wall, self.zone), **fields)
        return Series(rule=rule, dtstart_local=wall, **fields)

    def preview(self, sessions: sessionmaker[Session], value: Any) -> BookingPreview:
        """What the booking would run into (worker)."""
        from practice.services.schedule import preview_booking

        return preview_booking(sessions, value)

    def save(self, sessions: sessionmaker[Session], value: Any, allow_overlap: bool) -> object:
        """Book the session or create the series (worker)."""
        from practice.services.schedule import book
        from practice.services.schedule_series import create_series

        if isinstance(value, Series):
            return create_series(sessions, value, allow_overlap=allow_overlap)
        return book(sessions, value, allow_overlap=allow_overlap)


def default_start(now_local: datetime) -> datetime:
    """The next whole hour on the therapist's clock, a sensible first suggestion."""
    return now_local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
