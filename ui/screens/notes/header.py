"""A progress note's header: session date, format, risk, who attended, and its codes.

A draft's header is edited here and every change goes straight to the core, which has the
last word (no future dates, only members of the unit on that day, well-formed codes).
When the core refuses, its reason is shown and the controls go back to what is stored.
A signed note's header is shown with the same controls, read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from practice.services.notes import NOTE_FORMATS, RISK_LEVELS
from ui import design, icons
from ui.context import AppContext
from ui.errors import show_error
from ui.screens.chart.sections import FORMAT_NAMES
from ui.screens.notes.codes import CodesPanel, DiagnosisPair
from ui.screens.units.dialogs import date_field, day_of
from ui.widgets.choices import choice_box

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.notes import NoteHeader, NoteView
    from practice.services.units import UnitView

Change = Callable[["sessionmaker[Session]"], "NoteView"]

RISK_NAMES = {None: "Not recorded", "none": "None", "low": "Low", "moderate": "Moderate",
              "high": "High"}


def show_risk_levels(box: QComboBox) -> None:
    """Give each risk level its colours, and the higher two a warning sign, in the list.

    The words stay the same; colour and sign only help the eye (ui.design.risk_tone).

    Args:
        box: The risk level choice.
    """
    for index in range(box.count()):
        level = box.itemData(index)
        if level not in design.RISK_LEVELS:
            continue
        tone = design.risk_tone(level)
        box.setItemData(index, tone.background, Qt.ItemDataRole.BackgroundRole)
        box.setItemData(index, tone.text, Qt.ItemDataRole.ForegroundRole)
        if level in ("moderate", "high"):
            box.setItemIcon(index, icons.icon(icons.RISK))


class NoteHeaderPanel(QWidget):
    """The header, attendees and codes of one note.

    Args:
        context: The application context.
        before_write: Called before any change is written (the editor saves typed text, so
            a change of format is checked against what is really there); what it raises
            stops the change.
        parent: The parent widget.
    """

    changed = Signal(object)  # the NoteView after a change was saved

    def __init__(self, context: AppContext, before_write: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._before_write = before_write
        self.note: NoteView | None = None
        self.unit: UnitView | None = None
        self._wanted: NoteHeader | None = None
        self.session_date = date_field("Session date", date.today())
        self.session_date.setDisplayFormat("d MMM yyyy")
        self.format_choice = choice_box("Note format", [(FORMAT_NAMES[f], f) for f in NOTE_FORMATS])
        self.risk_choice = choice_box("Risk level",
                                   [(RISK_NAMES[r], r) for r in (None, *RISK_LEVELS)])
        show_risk_levels(self.risk_choice)
        self.attendees: dict[int, QCheckBox] = {}
        self.attendee_names = QLabel("")
        self.attendee_names.setAccessibleName("Attendees")
        self.attendee_host = QWidget()
        self.attendee_row = QHBoxLayout(self.attendee_host)
        self.attendee_row.setContentsMargins(0, 0, 0, 0)
        self.attendee_row.addWidget(self.attendee_names)
        self.attendee_row.addStretch(1)
        self.codes = CodesPanel(self)
        self._connect()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Session date:", self.session_date)
        form.addRow("Format:", self.format_choice)
        form.addRow("Risk:", self.risk_choice)
        form.addRow("Present:", self.attendee_host)
        form.addRow(self.codes)
        self.clear()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Colour the risk levels again for the new palette (a theme was chosen)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            show_risk_levels(self.risk_choice)

    def _connect(self) -> None:
        # A date is written once the therapist is done with it, not at every keystroke.
        self.session_date.editingFinished.connect(self._header_edited)
        self.session_date.calendarWidget().clicked.connect(lambda _day: self._header_edited())
        self.format_choice.currentIndexChanged.connect(lambda _i: self._header_edited())
        self.risk_choice.currentIndexChanged.connect(lambda _i: self._header_edited())
        self.codes.edited.connect(self._codes_edited)

    # --- showing --------------------------------------------------------------------------

    def show_note(self, note: NoteView) -> None:
        """Show a note just opened, then read its unit to offer the members as attendees.

        Args:
            note: The note as the store holds it.
        """
        self.note, self.unit = note, None
        self._show(note)
        unit_id = note.unit_id

        def work(sessions: sessionmaker[Session]) -> UnitView:
            from practice.services.units import get_unit

            return get_unit(sessions, unit_id)

        self.context.read(work, on_success=self._unit_read, parent=self)

    def _unit_read(self, unit: UnitView) -> None:
        if self.note is not None and self.note.unit_id == unit.id:
            self.unit = unit
            self._show_attendees(self.note)

    def _show(self, note: NoteView) -> None:
        """Put the stored values in every control, writing nothing."""
        self._wanted = note.header
        header = note.header
        for widget in (self.session_date, self.format_choice, self.risk_choice):
            widget.blockSignals(True)
        day = header.session_date
        self.session_date.setDate(QDate(day.year, day.month, day.day))
        self.format_choice.setCurrentIndex(self.format_choice.findData(header.format))
        self.risk_choice.setCurrentIndex(self.risk_choice.findData(header.risk_level))
        for widget in (self.session_date, self.format_choice, self.risk_choice):
            widget.blockSignals(False)
        self._set_read_only(note.is_signed)
        self._show_attendees(note)
        self.codes.show_codes(note)

    def _set_read_only(self, read_only: bool) -> None:
        self.session_date.setReadOnly(read_only)
        self.session_date.setCalendarPopup(not read_only)
        self.session_date.setButtonSymbols(
            QAbstractSpinBox.ButtonSymbols.NoButtons if read_only
            else QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.format_choice.setEnabled(not read_only)
        self.risk_choice.setEnabled(not read_only)
        self.codes.set_read_only(read_only)

    def _people(self, note: NoteView) -> list[tuple[int, str]]:
        """Who could have attended: the unit's members on the session date (and whoever did)."""
        people = {a.client_id: a.display_name for a in note.attendees}
        if self.unit is not None:
            for member in self.unit.members_on(note.header.session_date):
                people.setdefault(member.client_id, member.display_name)
        return sorted(people.items(), key=lambda p: (p[1].casefold(), p[0]))

    def _show_attendees(self, note: NoteView) -> None:
        people = self._people(note)
        present = {a.client_id for a in note.attendees}
        # An individual note's attendee is its client: there is nothing to choose.
        joint = len(people) > 1
        self.attendee_names.setVisible(not joint)
        self.attendee_names.setText(", ".join(name for _id, name in people))
        if [p for p, _n in people] != list(self.attendees) or not joint:
            self._rebuild_boxes(people if joint else [])
        for client_id, box in self.attendees.items():
            box.blockSignals(True)
            box.setChecked(client_id in present)
            box.setEnabled(not note.is_signed)
            box.blockSignals(False)

    def _rebuild_boxes(self, people: list[tuple[int, str]]) -> None:
        for box in self.attendees.values():
            self.attendee_row.removeWidget(box)
            box.deleteLater()
        self.attendees = {}
        for position, (client_id, name) in enumerate(people):
            box = QCheckBox(name)
            box.setAccessibleName(f"{name} attended")
            box.toggled.connect(lambda _on: self._attendees_edited())
            self.attendee_row.insertWidget(position, box)
            self.attendees[client_id] = box
        self._order_tabs()

    def _order_tabs(self) -> None:
        chain: list[QWidget] = [self.session_date, self.format_choice, self.risk_choice,
                                *self.attendees.values(), *self.codes.focus_order()]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def clear(self) -> None:
        """Forget the note: nothing shown, nothing editable."""
        self.note, self.unit, self._wanted = None, None, None
        self._rebuild_boxes([])
        self.attendee_names.clear()
        self.codes.clear()
        self._set_read_only(True)

    # --- writing --------------------------------------------------------------------------

    def _header_edited(self) -> None:
        from practice.services.notes import NoteHeader

        note = self.note
        if note is None or note.is_signed:
            return
        header = NoteHeader(day_of(self.session_date), self.format_choice.currentData(),
                            self.risk_choice.currentData(), note.header.appointment_id)
        if header == self._wanted:
            return  # already stored, or already on its way (Enter, then leaving the field)
        self._wanted = header
        note_id = note.id

        def change(sessions: sessionmaker[Session]) -> NoteView:
            from practice.services.notes import update_header

            return update_header(sessions, note_id, header)

        self._write(change)

    def _attendees_edited(self) -> None:
        if self.note is None:
            return
        note_id = self.note.id
        present = [client_id for client_id, box in self.attendees.items() if box.isChecked()]

        def change(sessions: sessionmaker[Session]) -> NoteView:
            from practice.services.notes import set_attendees

            return set_attendees(sessions, note_id, present)

        self._write(change)

    def _codes_edited(self, diagnoses: tuple[DiagnosisPair, ...],
                      procedures: tuple[str, ...]) -> None:
        if self.note is None:
            return
        note_id = self.note.id

        def change(sessions: sessionmaker[Session]) -> NoteView:
            from practice.services.notes import set_codes

            return set_codes(sessions, note_id, diagnoses=diagnoses, procedures=procedures)

        self._write(change, after=self.codes.forget_typed)

    def _write(self, change: Change, after: Callable[[], None] | None = None) -> None:
        """Write one change through the worker; show the result, or the refusal and revert."""
        store, note = self.context.store, self.note
        if store is None or note is None or note.is_signed:
            return
        try:
            self._before_write()
        except Exception as error:  # typed text failed to save: change nothing under it
            self._refused(error)
            return
        def saved(view: NoteView) -> None:
            if self.note is None or self.note.id != view.id:
                return  # another note was opened meanwhile
            self.note = view
            self._show(view)
            if after is not None:
                after()
            self.changed.emit(view)

        self.context.write(change, on_success=saved, on_failure=self._refused, parent=self)

    def _refused(self, error: BaseException) -> None:
        show_error(self, error)
        if self.note is not None:
            self._show(self.note)
