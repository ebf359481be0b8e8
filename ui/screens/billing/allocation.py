"""Applying a payment by hand: the client's open charges, each with a tick and an amount.

A payment is applied to the oldest charges first unless the therapist says otherwise (a
client paying for one session on purpose, a receipt that must match a claim). Ticking a
charge fills its amount with what it still owes; the amount can be lowered to pay part of
it. The form hands the core ``{charge id: cents}``; the core refuses a total over the
payment or an amount over what a charge owes, and its words are shown under the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QWidget

from practice.billing.allocation import NEGATIVE_PART, OVER_CHARGE, OVER_PAYMENT, UNKNOWN_CHARGE
from practice.billing.money import money_of
from practice.errors import ValidationError

if TYPE_CHECKING:
    from practice.services.billing import ChargeRow

APPLY_LABEL = "Apply"
CHOSEN_LABEL = "Applied to"
OLDEST = "Oldest first"
BY_HAND = "To the charges I choose"
NOTHING_OWED = "No charge is owing: the whole payment is kept as credit."
NONE_CHOSEN = ("Applied to: tick at least one charge, or apply the payment oldest first. "
               "Nothing was saved.")
# The core's refusals about the parts: shown under the list, not under the payment's amount.
REFUSALS = (OVER_PAYMENT, OVER_CHARGE, UNKNOWN_CHARGE, NEGATIVE_PART)


@dataclass
class _Line:
    charge: ChargeRow
    tick: QCheckBox
    amount: QLineEdit


class ChargeChooser(QWidget):
    """The client's open charges, oldest first, each with a tick and the amount to apply.

    Args:
        charges: The charges the client still owes on.
        words: How a charge is named ("2026-03-02 · 90834 · owes $150.00").
        parent: The parent widget.
    """

    def __init__(self, charges: Sequence[ChargeRow], words: Callable[[ChargeRow], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Charges to apply the payment to")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.lines: list[_Line] = []
        if not charges:
            nothing = QLabel(NOTHING_OWED)
            nothing.setWordWrap(True)
            nothing.setAccessibleName("Nothing owing")
            grid.addWidget(nothing, 0, 0)
        for row, charge in enumerate(sorted(charges, key=lambda c: (c.service_date, c.id))):
            tick = QCheckBox(words(charge))
            amount = QLineEdit()
            amount.setPlaceholderText(str(charge.due))
            amount.setAccessibleName(f"Amount applied to {_short(charge)}")
            amount.setEnabled(False)
            tick.toggled.connect(lambda on, a=amount, c=charge: self._ticked(on, a, c))
            grid.addWidget(tick, row, 0)
            grid.addWidget(amount, row, 1)
            self.lines.append(_Line(charge, tick, amount))

    @staticmethod
    def _ticked(on: bool, amount: QLineEdit, charge: ChargeRow) -> None:
        # Ticked: what the charge still owes, to lower by hand; unticked: nothing applied.
        amount.setEnabled(on)
        amount.setText(str(charge.due) if on else "")

    def state(self) -> tuple[object, ...]:
        """What is ticked and typed, for telling whether the form changed."""
        return tuple((line.tick.isChecked(), line.amount.text()) for line in self.lines)

    def chosen(self) -> dict[int, int]:
        """Cents to apply by charge id, as typed against the ticked charges.

        Raises:
            ValidationError: Nothing ticked, or an amount that is not one (naming the charge
                by its date only).
        """
        parts: dict[int, int] = {}
        for line in self.lines:
            if not line.tick.isChecked():
                continue
            try:
                parts[line.charge.id] = money_of(line.amount.text(), "The amount").cents
            except ValidationError as error:
                raise ValidationError(f"{CHOSEN_LABEL} the charge of "
                                      f"{line.charge.service_date.isoformat()}: "
                                      f"{error.message}") from None
        if not parts:
            raise ValidationError(NONE_CHOSEN)
        return parts


def _short(charge: ChargeRow) -> str:
    return f"{charge.service_date.isoformat()} · {charge.code}"
