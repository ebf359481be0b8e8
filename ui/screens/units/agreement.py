"""A unit's confidentiality agreement, and closing a unit on a date.

The agreement settles what happens to something one member tells the therapist alone: the
core's ``no_secrets`` (it may come into the joint work) or ``individual_private`` (it stays
with that member), or an agreement of their own in words. Both forms are ``RecordForm``s.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QButtonGroup, QLineEdit, QRadioButton, QVBoxLayout, QWidget

from practice.errors import PracticeError
from practice.services.common.dates import parse_day
from practice.services.units import Agreement, Confidentiality
from ui.errors import confirm
from ui.screens.units.dialogs import UnitForm, day_line, note, typed_day
from ui.widgets.record_form import Work

if TYPE_CHECKING:
    from practice.services.units import UnitView
    from ui.context import AppContext

# The core's names, the words a therapist uses for them, and what each one means.
AGREEMENTS: dict[Confidentiality, tuple[str, str]] = {
    "no_secrets": (
        "No secrets",
        "Anything one of them tells you alone may be brought into your work together. "
        "You will not keep one person's secret from the others.",
    ),
    "individual_private": (
        "Held separately",
        "What each person tells you in an individual session stays between you and that "
        "person. It comes into the joint work only if they choose to share it.",
    ),
    "other": (
        "Something else",
        "An agreement of their own: write it in your words below.",
    ),
}


def agreement_words(agreement: Agreement | None) -> str:
    """The agreement in one line: its name, the words recorded, and the day agreed."""
    if agreement is None:
        return "No confidentiality agreement recorded yet."
    words = AGREEMENTS.get(agreement.kind, (agreement.kind, ""))[0]
    if agreement.text:
        words += f": {agreement.text}"
    if agreement.agreed_on:
        words += f" (agreed {agreement.agreed_on:%d %b %Y})"
    return words


class AgreementDialog(UnitForm):
    """Record (or change) the unit's confidentiality agreement.

    Args:
        context: The application context.
        unit: The unit.
        parent: The parent widget.
    """

    routes = (("agreement", "In your words"),)

    def __init__(self, context: AppContext, unit: UnitView, parent: QWidget | None = None
                 ) -> None:
        super().__init__(context, "Confidentiality agreement", parent)
        self.setMinimumWidth(460)  # the explanations read as sentences, not a column
        self.unit = unit
        self.fields.addRow(note(f"What {unit.display_name} agreed about things one of them "
                                "tells you alone:"))
        self.choices = QButtonGroup(self)
        self.buttons_by_kind: dict[Confidentiality, QRadioButton] = {}
        for kind, (words, meaning) in AGREEMENTS.items():
            self.fields.addRow(self._choice(kind, words, meaning))
        current = unit.agreement
        chosen = self.buttons_by_kind[current.kind if current else "no_secrets"]
        chosen.setChecked(True)
        self.text = QLineEdit((current.text or "") if current else "")
        self.text.setPlaceholderText("Optional, unless Something else is chosen")
        self.agreed_on = day_line(current.agreed_on if current else date.today())
        self.add_field("In your words", self.text)
        self.add_field("Agreed on", self.agreed_on)
        self.start()
        chosen.setFocus()

    def _choice(self, kind: Confidentiality, words: str, meaning: str) -> QWidget:
        button = QRadioButton(words)
        button.setAccessibleName(words)
        button.setAccessibleDescription(meaning)
        self.choices.addButton(button)
        self.buttons_by_kind[kind] = button
        explained = note(meaning)
        explained.setIndent(24)  # under the button's words, not under its circle
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(button)
        column.addWidget(explained)
        return holder

    @property
    def kind(self) -> Confidentiality:
        """The agreement chosen."""
        return next(k for k, b in self.buttons_by_kind.items() if b.isChecked())

    def extra_state(self) -> tuple[object, ...]:
        """The choice made with the round buttons (the words and date are fields)."""
        return (self.kind,)

    def work(self) -> Work:
        """Record the agreement (the core asks for words when it is Something else)."""
        from practice.services.units import set_agreement

        agreement = Agreement(self.kind, self.text.text().strip() or None,
                              parse_day(self.agreed_on.text(), "Agreed on"))
        unit_id = self.unit.id
        return lambda sessions: set_agreement(sessions, unit_id, agreement)


class CloseUnitDialog(UnitForm):
    """Close a unit on a date, after asking: every current member leaves that day.

    Args:
        context: The application context.
        unit: The unit (open).
        parent: The parent widget.
    """

    routes = (("cannot close before", "Closed on"),)

    def __init__(self, context: AppContext, unit: UnitView, parent: QWidget | None = None
                 ) -> None:
        super().__init__(context, "Close unit", parent)
        self.unit = unit
        self.fields.addRow(note(
            f"Closing {unit.display_name} ends the work with them as a unit: every current "
            "member leaves on the day you give. Their history, notes and relationships stay "
            "on record. A closed unit cannot take new members; to work with them together "
            "again, make a new unit."))
        self.closed_on = day_line(date.today())
        self.add_field("Closed on", self.closed_on)
        self.save_button.setText("Close unit…")
        self.save_button.setAccessibleName("Close unit…")
        self.start()

    def save(self) -> None:
        """Ask first (naming the unit and the day); close it only when confirmed."""
        self.clear_problems()
        try:
            day = typed_day(self.closed_on, "Closed on")
        except PracticeError as error:  # the refusal the save would show, shown now
            self.show_problem(error.message)
            return
        question = (f"Close {self.unit.display_name} on {day:%d %b %Y}? Every current member "
                    "leaves that day, and the unit cannot be reopened.")
        confirm(self, question, "Close unit", super().save)

    def work(self) -> Work:
        """Close the unit (the core refuses a day before it opened or a member joined)."""
        from practice.services.units import close_unit

        unit_id, on = self.unit.id, typed_day(self.closed_on, "Closed on")
        return lambda sessions: close_unit(sessions, unit_id, on)
