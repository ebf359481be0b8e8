"""The new-session dialog: unit, who is expected, kind, time, place, CPT and repeat."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QWidget,
)

from practice.errors import PracticeError, ValidationError
from practice.schedule.model import (
    MAX_DURATION_MINUTES,
    Appointment,
    LocationKind,
    Series,
    SessionKind,
)
from practice.schedule.rules import FORTNIGHTLY, MONTHLY, WEEKLY
from practice.schedule.timezones import wall_to_utc
from practice.services.common.dates import parse_day
from ui.models.choices import ChoiceModel
from ui.models.whom import Whom, choices, individual_of, unit_for
from ui.screens.schedule.checked import CheckedDialog
from ui.widgets.choices import choice_box
from ui.widgets.record_form import ask_to_discard, widget_state
from ui.widgets.type_ahead import type_ahead
from ui.widgets.wall_time import wall_of, wall_time_edit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.schedule.checks import BookingPreview
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
MAX_SERIES_COUNT = 520  # ten years of weekly sessions


CLIENTS_FIRST = ("Clients come first: there is nobody to book a session for yet. Add a client "
                 "on the Clients screen with \u201cNew client\u201d, then book their sessions "
                 "here.")


class _TypedChoices(ChoiceModel[Whom]):
    """The choices of an editable drop-down: what the box shows once one is chosen is its label.

    (An editable QComboBox reads a chosen entry's words from the edit role.)
    """

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The label for display and editing, the key for ``UserRole``; None otherwise."""
        if role == Qt.ItemDataRole.EditRole:
            role = Qt.ItemDataRole.DisplayRole
        return super().data(index, role)


def whom_box(name: str, found: tuple[Whom, ...]) -> QComboBox:
    """A drop-down of clients and units that also takes typing: "ana" finds "Ana Lee".

    Args:
        name: The accessible name ("Client or unit").
        found: The choices, in name order.

    Returns:
        The box, with nothing chosen yet.
    """
    box = QComboBox()
    box.setAccessibleName(name)
    box.view().setAccessibleName(f"{name}: choices")
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    edit = box.lineEdit()
    assert edit is not None
    edit.setAccessibleName(name)
    # A model over the choices already read: a large practice's thousands of names are not
    # copied into items one by one (see ui/models/choices.py).
    choices_model = _TypedChoices(lambda w: w.label, lambda w: w.key, box)
    choices_model.set_values(found)
    box.setModel(choices_model)
    box.setCurrentIndex(-1)  # nobody is booked by default: the therapist names whom
    type_ahead(box, name)  # "dyspar" finds F52.6; "ben" finds "Ana Lee & Ben Cole"
    return box


class BookingDialog(CheckedDialog):
    """Book a session or a recurring series for a client or a care unit.

    A client with no individual unit yet is offered by name too; their unit is opened when
    the booking is saved. On an empty store the dialog says clients come first and offers
    the way to the Clients screen (``clients_wanted``) instead of empty lists.

    Args:
        context: The application context.
        directory: The practice's clients and units.
        zone: The therapist's zone (the start is typed on that clock).
        start: The suggested local start.
        parent: The parent widget.
    """

    clients_wanted = Signal()

    def __init__(self, context: AppContext, directory: Directory, zone: str, start: datetime,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "New session", parent)
        self.zone = zone
        self.directory = directory
        self.units: tuple[UnitView, ...] = tuple(u for u in directory.units
                                                 if u.closed_on is None)
        self.whom: tuple[Whom, ...] = choices(directory)
        self._shown: Whom | None = None
        self._baseline: tuple[object, ...] | None = None
        self.unit = whom_box("Client or unit", self.whom)
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
        self.count = QSpinBox()
        self.count.setAccessibleName("Number of sessions")
        self.count.setRange(0, MAX_SERIES_COUNT)
        self.count.setSpecialValueText("No limit")
        self.until = QLineEdit()
        self.until.setAccessibleName("Last session on")
        self.until.setPlaceholderText("YYYY-MM-DD (optional)")
        if self.whom:
            self._lay_out()
            self._unit_chosen()
        else:
            self._clients_first()

    def _lay_out(self) -> None:
        form = QFormLayout()
        for label, widget in (
            ("Client or unit:", self.unit), ("Expected:", self.expected), ("Kind:", self.kind),
            (f"Start ({self.zone}):", self.start), ("Length:", self.duration),
            ("Location:", self.location), ("Video link:", self.video_link),
            ("CPT code:", self.cpt), ("Repeat:", self.repeat),
            ("Number of sessions:", self.count), ("Last session on:", self.until),
        ):
            form.addRow(label, widget)  # the label is made the field's buddy
        self.form_area.addLayout(form)
        # Typing a whole name chooses it as picking it from the list does.
        self.unit.currentTextChanged.connect(self._unit_typed)
        self.location.currentIndexChanged.connect(self._location_chosen)
        self.repeat.currentIndexChanged.connect(self._repeat_chosen)
        self._location_chosen()
        self._repeat_chosen()
        for signal in (self.kind.currentIndexChanged, self.start.dateTimeChanged,
                       self.duration.valueChanged, self.video_link.textChanged,
                       self.cpt.textChanged, self.repeat.currentIndexChanged,
                       self.expected.itemChanged, self.count.valueChanged,
                       self.until.textChanged):
            signal.connect(self.fields_changed)

    def _clients_first(self) -> None:
        """An empty store: say what to do first, and offer the way there."""
        words = QLabel(CLIENTS_FIRST)
        words.setWordWrap(True)
        words.setAccessibleName("Clients come first")
        go = QPushButton("Open Clients")
        go.setAccessibleName("Open Clients")
        go.clicked.connect(self._to_clients)
        self.form_area.addWidget(words)
        self.form_area.addWidget(go)
        self.save_button.hide()
        for field in self.fields():  # not shown, but owned by the dialog and gone with it
            field.setParent(self)
            field.hide()
        go.setDefault(True)
        go.setFocus()

    def _to_clients(self) -> None:
        self.reject()
        self.clients_wanted.emit()

    # --- like every form: asks before discarding, and survives a lock ---------------------

    def start_form(self) -> None:
        """Remember what the dialog holds as "unchanged", register it as a form, open it.

        (``start`` is the start-time field; RecordForm's ``start()`` is this.)
        """
        self._baseline = self.state()
        self.context.forms.opened(self)
        self.finished.connect(lambda _result: self.context.forms.closed(self))
        self.open()
        if self.whom:
            self.unit.setFocus()

    def fields(self) -> tuple[QWidget, ...]:
        """Every field, in reading order."""
        return (self.unit, self.expected, self.kind, self.start, self.duration, self.location,
                self.video_link, self.cpt, self.repeat, self.count, self.until)

    def state(self) -> tuple[object, ...]:
        """Everything chosen or typed, for telling whether the dialog changed."""
        return tuple(widget_state(w) for w in self.fields())

    @property
    def changed(self) -> bool:
        """Whether anything was typed or chosen since the dialog opened."""
        return self._baseline is not None and self.state() != self._baseline

    def reject(self) -> None:
        """Cancel, Esc or the close button: ask first when something chosen would be lost."""
        if self.changed:
            ask_to_discard(self, self._discard)
            return
        super().reject()

    def _discard(self) -> None:
        self._baseline = self.state()
        super().reject()

    def shelve(self) -> None:
        """Hide while locked, keeping what was chosen."""
        self.hide()

    def unshelve(self) -> None:
        """Show again after the unlock, as it was."""
        self.open()

    def _unit_typed(self) -> None:
        if self.chosen() != self._shown:
            self._unit_chosen()

    def _unit_chosen(self) -> None:
        self.expected.clear()
        whom = self._shown = self.chosen()
        if whom is None:
            self.fields_changed()
            return
        unit = self.chosen_unit()
        members = ([(m.client_id, m.display_name) for m in unit.current_members]
                   if unit is not None else
                   [(whom.client_id or 0, self.directory.client_name(whom.client_id or 0))])
        for client_id, name in members:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, client_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.expected.addItem(item)
        kind = _UNIT_KIND[unit.kind] if unit is not None else SessionKind.INDIVIDUAL
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.fields_changed()

    def _location_chosen(self) -> None:
        video = LocationKind(self.location.currentData()) is LocationKind.TELEHEALTH
        self.video_link.setEnabled(video)
        self.fields_changed()

    def _repeat_chosen(self) -> None:
        repeats = self.repeat.currentData() is not None
        self.count.setEnabled(repeats)
        self.until.setEnabled(repeats)

    def chosen(self) -> Whom | None:
        """The client or unit chosen (by the list or by typing its whole name), if any."""
        index = self.unit.findText(self.unit.currentText().strip(),
                                   Qt.MatchFlag.MatchFixedString)
        return self.whom[index] if 0 <= index < len(self.whom) else None

    def chosen_unit(self) -> UnitView | None:
        """The unit chosen, if any (None also for a client whose unit is not open yet)."""
        whom = self.chosen()
        if whom is None:
            return None
        if whom.unit_id is None:
            return individual_of(self.units, whom.client_id or 0)
        return next((u for u in self.units if u.id == whom.unit_id), None)

    def expected_ids(self) -> frozenset[int]:
        """The clients ticked as expected."""
        items = (self.expected.item(i) for i in range(self.expected.count()))
        return frozenset(int(i.data(Qt.ItemDataRole.UserRole)) for i in items
                         if i.checkState() == Qt.CheckState.Checked)

    def check_and_save(self) -> None:
        """Open a chosen client's individual unit first, if they have none, then check."""
        whom = self.chosen()
        if whom is None or whom.unit_id is not None or self.chosen_unit() is not None:
            super().check_and_save()
            return
        try:  # every other field first: a refused booking must not leave a unit behind
            self._describe(0)
        except PracticeError as error:
            self.message.setText(error.message)
            return
        on = wall_of(self.start).date()
        # A write: a client booked on their own gets their individual unit opened first.
        self._run(lambda sessions: _opened(sessions, whom, on), self._unit_opened, writes=True)

    def _unit_opened(self, unit: UnitView) -> None:
        self.units = (*self.units, unit)
        super().check_and_save()

    def candidate(self) -> Appointment | Series:
        """The session or series the fields describe.

        Raises:
            ValidationError: No client or unit, nobody expected, or a field the core refuses.
        """
        unit = self.chosen_unit()
        if unit is None:
            raise ValidationError("Choose a client or unit from the list first.")
        return self._describe(unit.id)

    def _describe(self, unit_id: int) -> Appointment | Series:
        """The session or series for a unit, from every other field (a field refused raises)."""
        expected = self.expected_ids()
        if not expected:
            raise ValidationError("Tick at least one expected client.")
        wall = wall_of(self.start)
        location = LocationKind(self.location.currentData())
        link = self.video_link.text().strip() if location is LocationKind.TELEHEALTH else None
        fields: dict[str, Any] = {
            "unit_id": unit_id, "kind": SessionKind(self.kind.currentData()), "zone": self.zone,
            "duration_minutes": self.duration.value(), "location": location,
            "expected_client_ids": expected, "video_link": link,
            "cpt_code": self.cpt.text().strip().upper() or None,
        }
        rule = self.repeat.currentData()
        if rule is None:
            return Appointment(start_utc=wall_to_utc(wall, self.zone), **fields)
        return self._ends(Series(rule=rule, dtstart_local=wall, **fields))

    def _ends(self, series: Series) -> Series:
        """A series ending after a number of sessions or on a last date, or not at all."""
        last = parse_day(self.until.text(), "Last session on")
        count = self.count.value()
        if last is not None and count:
            raise ValidationError("Give a number of sessions or a last date, not both.")
        if count:
            return replace(series, rule=f"{series.rule};COUNT={count}")
        if last is not None:
            if last < series.dtstart_local.date():
                raise ValidationError("Last session on is before the first session.")
            after = last + timedelta(days=1)
            return replace(series, ends_before_local=datetime(after.year, after.month,
                                                              after.day))
        return series

    def preview(self, sessions: sessionmaker[Session], value: Any) -> BookingPreview:
        """What the booking would run into (worker)."""
        from practice.services.schedule import preview_booking

        return preview_booking(sessions, value)

    def save(self, sessions: sessionmaker[Session], value: Any, allow_overlap: bool) -> object:
        """Book the session or create the series (worker)."""
        from practice.services.schedule import book
        from practice.services.schedule.series import create_series

        if isinstance(value, Series):
            return create_series(sessions, value, allow_overlap=allow_overlap)
        return book(sessions, value, allow_overlap=allow_overlap)


def _opened(sessions: sessionmaker[Session], whom: Whom, on: date) -> UnitView:
    """Open (or find) a client's individual unit and read it (worker)."""
    from practice.services.units import get_unit

    return get_unit(sessions, unit_for(sessions, whom, on))


def default_start(now_local: datetime) -> datetime:
    """The next whole hour on the therapist's clock, a sensible first suggestion."""
    return now_local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
