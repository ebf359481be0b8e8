"""A note's codes: diagnoses (ICD-10-CM, each given to one attendee) and procedures (CPT).

The panel only gathers what the therapist adds or removes and hands the whole new list on
(``edited``); the core checks every code and the header panel writes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ui.widgets.type_ahead import type_ahead

if TYPE_CHECKING:
    from practice.services.notes import Attendee, NoteView
    from practice.services.notes.codes import CodeInfo

DiagnosisPair = tuple[int, str]  # (client id, ICD-10-CM code)
_LIST_ROWS = 4


def code_choice(name: str, listed: tuple[CodeInfo, ...],
                on_enter: Callable[[], None]) -> QComboBox:
    """An editable code box offering the practice's list; any other code may be typed.

    Args:
        name: The accessible name.
        listed: The practice's codes, shown as "code: description".
        on_enter: Called when Enter is pressed in the box.

    Returns:
        The box, empty, whose completer finds a code by any part of its description.
    """
    box = QComboBox()
    box.setAccessibleName(name)
    box.view().setAccessibleName(f"{name} choices")
    edit = QLineEdit(box)
    edit.setAccessibleName(name)
    box.setLineEdit(edit)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for info in listed:
        box.addItem(f"{info.code}: {info.description}", info.code)
    completer = type_ahead(box, name)  # "dyspar" finds F52.6; "ben" finds "Ana Lee & Ben Cole"
    popup = completer.popup()

    def enter_pressed() -> None:
        # Enter that chooses a suggestion reaches the box too, before the choice is in it:
        # only an Enter with no list open adds the code.
        if popup is None or not popup.isVisible():
            on_enter()

    edit.returnPressed.connect(enter_pressed)
    box.setCurrentIndex(-1)
    box.setEditText("")
    return box


def chosen_code(box: QComboBox) -> str:
    """The code a code box holds: a listed entry's code, or the text as typed."""
    text = box.currentText().strip()
    index = box.findText(text)
    if index >= 0:
        return str(box.itemData(index))
    # A suggestion from the whole bundled list reads "F52.6: Dyspareunia…": the code leads.
    code, colon, _description = text.partition(":")
    return code.strip() if colon else text


def _code_list(name: str) -> QListWidget:
    listing = QListWidget()
    listing.setAccessibleName(name)
    listing.setMaximumHeight(listing.fontMetrics().lineSpacing() * (_LIST_ROWS + 1))
    return listing


class CodesPanel(QWidget):
    """Diagnosis and procedure codes of one note, with add and remove for a draft.

    Args:
        parent: The parent widget.
    """

    edited = Signal(object, object)  # (diagnosis pairs, procedure codes): the lists wanted

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from practice.services.notes.codes import diagnosis_codes, procedure_codes

        self.diagnoses = _code_list("Diagnoses")
        self.procedures = _code_list("Procedures")
        self.diagnosis_for = QComboBox()
        self.diagnosis_for.setAccessibleName("Diagnosis for")
        self.diagnosis_for.view().setAccessibleName("Diagnosis for choices")
        self.diagnosis_code = code_choice("Diagnosis code", diagnosis_codes(),
                                          self._add_diagnosis)
        self.procedure_code = code_choice("Procedure code", procedure_codes(),
                                          self._add_procedure)
        self.add_diagnosis = QPushButton("Add diagnosis")
        self.remove_diagnosis = QPushButton("Remove diagnosis")
        self.add_procedure = QPushButton("Add procedure")
        self.remove_procedure = QPushButton("Remove procedure")
        self.add_diagnosis.clicked.connect(self._add_diagnosis)
        self.remove_diagnosis.clicked.connect(self._remove_diagnosis)
        self.add_procedure.clicked.connect(self._add_procedure)
        self.remove_procedure.clicked.connect(self._remove_procedure)
        self._lay_out()
        self._pairs: tuple[DiagnosisPair, ...] = ()
        self._codes: tuple[str, ...] = ()
        self.set_read_only(True)

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        placed = (  # (widget, row, column, rows, columns): diagnoses left, procedures right
            (QLabel("<b>Diagnoses</b> (ICD-10-CM)"), 0, 0, 1, 3), (self.diagnoses, 1, 0, 1, 3),
            (self.diagnosis_for, 2, 0, 1, 1), (self.diagnosis_code, 2, 1, 1, 1),
            (self.add_diagnosis, 2, 2, 1, 1), (self.remove_diagnosis, 3, 2, 1, 1),
            (QLabel("<b>Procedures</b> (CPT)"), 0, 3, 1, 2), (self.procedures, 1, 3, 1, 2),
            (self.procedure_code, 2, 3, 1, 1), (self.add_procedure, 2, 4, 1, 1),
            (self.remove_procedure, 3, 4, 1, 1),
        )
        for widget, row, column, rows, columns in placed:
            grid.addWidget(widget, row, column, rows, columns)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def focus_order(self) -> list[QWidget]:
        """The panel's controls in the order Tab should visit them."""
        return [self.diagnoses, self.diagnosis_for, self.diagnosis_code, self.add_diagnosis,
                self.remove_diagnosis, self.procedures, self.procedure_code,
                self.add_procedure, self.remove_procedure]

    def show_codes(self, note: NoteView) -> None:
        """Show a note's codes (nothing is written).

        Args:
            note: The note as the store holds it.
        """
        names = {a.client_id: a.display_name for a in note.attendees}
        self._pairs = tuple((d.client_id, d.code) for d in note.diagnoses)
        self._codes = tuple(p.code for p in note.procedures)
        self.diagnoses.clear()
        for d in note.diagnoses:
            # In a joint note each diagnosis says whose it is; in an individual one it is plain.
            whose = f" ({names.get(d.client_id, '')})" if len(names) > 1 else ""
            self._add_row(self.diagnoses, f"{d.code}: {d.description or 'not on the list'}"
                          f"{whose}", (d.client_id, d.code))
        self.procedures.clear()
        for p in note.procedures:
            self._add_row(self.procedures, f"{p.code}: {p.description or 'not on the list'}",
                          p.code)
        self._show_people(note.attendees)

    @staticmethod
    def _add_row(listing: QListWidget, text: str, value: object) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        listing.addItem(item)

    def _show_people(self, attendees: tuple[Attendee, ...]) -> None:
        current = self.diagnosis_for.currentData()
        self.diagnosis_for.clear()
        for person in attendees:
            self.diagnosis_for.addItem(person.display_name, person.client_id)
        kept = self.diagnosis_for.findData(current)
        self.diagnosis_for.setCurrentIndex(max(kept, 0))
        # Only a joint note needs to say whose a diagnosis is.
        self.diagnosis_for.setVisible(len(attendees) > 1 and not self._read_only)

    def set_read_only(self, read_only: bool) -> None:
        """Show the codes only (a signed note), or offer add and remove (a draft)."""
        self._read_only = read_only
        for widget in (self.diagnosis_code, self.add_diagnosis, self.remove_diagnosis,
                       self.procedure_code, self.add_procedure, self.remove_procedure):
            widget.setVisible(not read_only)
        self.diagnosis_for.setVisible(not read_only and self.diagnosis_for.count() > 1)

    def clear(self) -> None:
        """Forget the note's codes."""
        self._pairs, self._codes = (), ()
        self.diagnoses.clear()
        self.procedures.clear()
        self.diagnosis_for.clear()
        self.forget_typed()
        self.set_read_only(True)

    # --- asking for changes ---------------------------------------------------------------

    def _add_diagnosis(self) -> None:
        code, person = chosen_code(self.diagnosis_code), self.diagnosis_for.currentData()
        if self._read_only or not code or person is None:
            return
        self.edited.emit((*self._pairs, (int(person), code)), self._codes)

    def _remove_diagnosis(self) -> None:
        item = self.diagnoses.currentItem()
        if self._read_only or item is None:
            return
        gone = tuple(item.data(Qt.ItemDataRole.UserRole))
        self.edited.emit(tuple(p for p in self._pairs if p != gone), self._codes)

    def _add_procedure(self) -> None:
        code = chosen_code(self.procedure_code)
        if self._read_only or not code:
            return
        self.edited.emit(self._pairs, (*self._codes, code))

    def _remove_procedure(self) -> None:
        item = self.procedures.currentItem()
        if self._read_only or item is None:
            return
        gone = str(item.data(Qt.ItemDataRole.UserRole))
        self.edited.emit(self._pairs, tuple(c for c in self._codes if c != gone))

    def forget_typed(self) -> None:
        """Empty the code boxes (after a code they held was saved)."""
        for box in (self.diagnosis_code, self.procedure_code):
            box.setCurrentIndex(-1)
            box.setEditText("")
