"""The ledger's forms: a payment, a refund, a write-off, an adjustment, a fee from a date.

Each form sends what was typed to the core as typed: the core reads the amount (at most
two decimals, never negative) and the rules, and its refusal is shown under the field it is
about. Money records are never edited: a charge is corrected by an adjusting entry or a
write-off, a payment by a refund, a fee by a new fee from a later date.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from practice.billing.catalogue import FEE_KEYS, label_of
from ui.models.billing import METHOD_WORDS
from ui.screens.billing.allocation import (
    APPLY_LABEL,
    BY_HAND,
    CHOSEN_LABEL,
    OLDEST,
    REFUSALS,
    ChargeChooser,
)
from ui.widgets.organisation_form import line
from ui.widgets.record_form import FieldRow, RecordForm, Work

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.billing import ChargeRow, PaymentRow
    from practice.services.billing.payments import Allocate
    from ui.context import AppContext

DATE_HINT = "YYYY-MM-DD"
PAYMENT_TITLE = "Record payment"
REFUND_TITLE = "Refund payment"
WRITE_OFF_TITLE = "Write off charge"
ADJUST_TITLE = "Adjust charge"
FEE_TITLE = "Set fee"
# The core's messages about amounts begin with these words rather than the field's label.
_AMOUNT_WORDS = ("Amounts", "An amount", "The payment", "A payment of", "The refund",
                 "Only the part", "The write-off", "Only what is still owed",
                 "The corrected amount", "The charge already", "The fee")
_DATE_WORDS = ("A payment cannot be dated", "A refund cannot be dated",
               "A correction cannot be dated", "Sessions from", "A fee for")


class LedgerForm(RecordForm):
    """A form with an amount, a date and (but for a fee) a reason or method.

    The core names an amount as "The payment" or "The refund" and a date by its rule, so
    those messages are shown under the amount or the date field all the same.

    Args:
        context: The application context.
        title: The form's title.
        amount_label: The amount field's words.
        date_label: The date field's words.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, title: str, amount_label: str, date_label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, title, parent)
        self.amount_label, self.date_label = amount_label, date_label
        self.amount = line(amount_label, placeholder="150.00")
        self.day = line(date_label, date.today().isoformat(), placeholder=DATE_HINT)

    def read_day(self) -> date:
        """The date typed (required)."""
        # Here, not at the top: the services package loads the ORM, and Today, the first
        # screen, builds these forms' panel before its first paint (bench/bench_app.py).
        from practice.services.common.dates import parse_day

        day = parse_day(self.day.text(), self.date_label, required=True)
        assert day is not None  # required above
        return day

    def row_for(self, message: str) -> FieldRow | None:
        """The field named by the message, else the amount or date field its rule is about."""
        named = super().row_for(message)
        if named is not None:
            return named
        label = self.amount_label if message.startswith(_AMOUNT_WORDS) else \
            self.date_label if message.startswith(_DATE_WORDS) else \
            "Reason" if message.startswith("Give a reason") else None
        return next((row for row in self.rows if row.label == label), None)


def charge_words(charge: ChargeRow) -> str:
    """A charge as a form names it: "2026-03-02 · 90834 · owes $150.00"."""
    return f"{charge.service_date.isoformat()} · {charge.code} · owes {charge.due.display()}"


class PaymentForm(LedgerForm):
    """Record money a client paid: amount, date, method; applied oldest first or by hand.

    Args:
        context: The application context.
        client_id: Who paid.
        parent: The parent widget.
        open_charges: The client's charges still owing, offered when applying by hand.
    """

    def __init__(self, context: AppContext, client_id: int,
                 parent: QWidget | None = None, *,
                 open_charges: Sequence[ChargeRow] = ()) -> None:
        super().__init__(context, PAYMENT_TITLE, "Amount", "Date received", parent)
        self.client_id = client_id
        self.method = QComboBox()
        self.method.setAccessibleName("Method")
        self.method.view().setAccessibleName("Methods to choose from")
        for key, words in METHOD_WORDS.items():
            self.method.addItem(words, key)
        self.apply = QComboBox()
        self.apply.view().setAccessibleName("Ways to apply the payment")
        self.apply.addItem(OLDEST, "oldest")
        self.apply.addItem(BY_HAND, "chosen")
        self.chooser = ChargeChooser(open_charges, charge_words)
        self.add_field("Amount", self.amount)
        self.add_field("Date received", self.day)
        self.add_field("Method", self.method)
        self.add_field(APPLY_LABEL, self.apply)
        self.add_field(CHOSEN_LABEL, self.chooser)
        # The list is shown only when the therapist chooses to apply the payment by hand.
        self._chosen_row = self.fields.rowCount() - 1
        self.fields.setRowVisible(self._chosen_row, False)
        self.apply.currentIndexChanged.connect(self._applying)
        self.start()

    def _applying(self) -> None:
        self.fields.setRowVisible(self._chosen_row, self.by_hand)
        self.adjustSize()

    @property
    def by_hand(self) -> bool:
        """Whether the payment goes to the charges the therapist ticks."""
        return bool(self.apply.currentData() == "chosen")

    def extra_state(self) -> tuple[object, ...]:
        """The ticks and amounts of the charges list."""
        return self.chooser.state()

    def row_for(self, message: str) -> FieldRow | None:
        """The core's refusals of the parts applied go under the charges list."""
        if message in REFUSALS:
            return next(row for row in self.rows if row.label == CHOSEN_LABEL)
        return super().row_for(message)

    def work(self) -> Work:
        """Read the date and the parts chosen, then record the payment on the worker."""
        from practice.services.billing import record_payment

        client_id, amount, on = self.client_id, self.amount.text(), self.read_day()
        method = str(self.method.currentData())
        allocate: Allocate = self.chooser.chosen() if self.by_hand else "oldest"
        return lambda sessions: record_payment(sessions, client_id, amount, on, method,
                                               allocate)


Record = Callable[["sessionmaker[Session]", int, str, date, str], object]


def _refund(sessions: sessionmaker[Session], payment_id: int, amount: str, on: date,
            reason: str) -> PaymentRow:
    from practice.services.billing import refund

    return refund(sessions, payment_id, amount, on=on, reason=reason)


def _write_off(sessions: sessionmaker[Session], charge_id: int, amount: str, on: date,
               reason: str) -> ChargeRow:
    from practice.services.billing import write_off

    return write_off(sessions, charge_id, amount, on=on, reason=reason)


def _adjust(sessions: sessionmaker[Session], charge_id: int, to: str, on: date,
            reason: str) -> ChargeRow:
    from practice.services.billing import adjust_charge

    return adjust_charge(sessions, charge_id, to, on=on, reason=reason)


@dataclass(frozen=True)
class Correction:
    """What a correcting form is about and how it is stored.

    Attributes:
        title: The form's title.
        amount_label: The amount field's words.
        date_label: The date field's words.
        what: What it corrects ("Payment", "Charge") and how that reads.
        target_id: The payment or charge.
        amount: What the amount field holds to begin with.
        record: The core call, run on the worker.
    """

    title: str
    amount_label: str
    date_label: str
    what: tuple[str, str]
    target_id: int
    amount: str
    record: Record


class CorrectionForm(LedgerForm):
    """A refund, a write-off or an adjustment: an amount, a date and a reason, never an edit.

    Args:
        context: The application context.
        correction: What it corrects and how.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, correction: Correction,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, correction.title, correction.amount_label,
                         correction.date_label, parent)
        self.correction = correction
        shown = QLabel(correction.what[1])
        shown.setWordWrap(True)
        shown.setAccessibleName(correction.what[0])
        self.fields.addRow(f"{correction.what[0]}:", shown)
        self.amount.setText(correction.amount)
        self.add_field(correction.amount_label, self.amount)
        self.add_field(correction.date_label, self.day)
        self.reason = line("Reason")
        self.add_field("Reason", self.reason)
        self.start()

    def work(self) -> Work:
        """Read the date, then store the correction on the worker."""
        record, target = self.correction.record, self.correction.target_id
        amount, on, reason = self.amount.text(), self.read_day(), self.reason.text()
        return lambda sessions: record(sessions, target, amount, on, reason)


def refund_form(context: AppContext, payment: PaymentRow,
                parent: QWidget | None = None) -> CorrectionForm:
    """Give back part of a payment not applied to any charge (its whole credit by default)."""
    words = (f"{payment.received_on.isoformat()} · {payment.amount.display()} · "
             f"credit {payment.unapplied.display()}")
    return CorrectionForm(context, Correction(
        REFUND_TITLE, "Amount", "Refund date", ("Payment", words), payment.id,
        str(payment.unapplied) if payment.unapplied else "", _refund), parent)


def write_off_form(context: AppContext, charge: ChargeRow,
                   parent: QWidget | None = None) -> CorrectionForm:
    """Decide not to collect some or all of what a charge still owes (all of it by default)."""
    return CorrectionForm(context, Correction(
        WRITE_OFF_TITLE, "Amount", "Write-off date", ("Charge", charge_words(charge)),
        charge.id, str(charge.due), _write_off), parent)


def adjust_form(context: AppContext, charge: ChargeRow,
                parent: QWidget | None = None) -> CorrectionForm:
    """Correct what a charge comes to by an adjusting entry (the charge stays as it was)."""
    return CorrectionForm(context, Correction(
        ADJUST_TITLE, "Corrected amount", "Adjustment date", ("Charge", charge_words(charge)),
        charge.id, str(charge.amount + charge.adjusted), _adjust), parent)


class FeeForm(LedgerForm):
    """Set the practice's fee for a service from a date on (never backwards).

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, FEE_TITLE, "Fee", "Effective from", parent)
        self.service = QComboBox()
        self.service.setAccessibleName("Service")
        self.service.view().setAccessibleName("Services to choose from")
        for key in FEE_KEYS:
            self.service.addItem(service_words(key), key)
        self.add_field("Service", self.service)
        self.add_field("Fee", self.amount)
        self.add_field("Effective from", self.day)
        self.start()

    def work(self) -> Work:
        """Read the date, then set the fee on the worker."""
        from practice.services.billing import set_fee

        service, fee, on = str(self.service.currentData()), self.amount.text(), self.read_day()
        return lambda sessions: set_fee(sessions, service, fee, on)


def service_words(key: str) -> str:
    """A service as the fee chooser shows it: "90834 — Psychotherapy, 45 minutes"."""
    return f"{key} — {label_of(key)}" if key[0].isdigit() else label_of(key)
