"""What a receipt and a statement say: one payment, or one payer's account over a period.

A receipt acknowledges one payment: who paid (by their legal name, as a receipt kept for
taxes or a health savings account must), when, how, how much, and which sessions it paid.
A statement is a payer's account over a period: the balance carried in, every charge,
adjustment, write-off, payment and refund dated within it with the running balance, and
the balance at the end. Both read the ledger of ``practice.services.billing`` and add
nothing to it; neither names a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.billing.catalogue import label_of
from practice.billing.money import Money
from practice.errors import NotFound, ValidationError
from practice.models.billing import (
    Charge,
    ChargeAdjustment,
    Payment,
    PaymentAllocation,
    Refund,
    WriteOff,
)
from practice.services.billing.ledger import payment_rows
from practice.services.billing_documents.model import Patient
from practice.services.billing_documents.sources import patient_in

NO_PAYMENT = "No payment with number {payment_id} is recorded; check the receipt's payment."
OUT_OF_ORDER = "The statement's period ends ({end}) before it starts ({start}); swap the dates."
NOTHING_TO_STATE = ("Nothing was charged to or paid by this client up to {end}, so there is "
                    "nothing to put on a statement. Nothing was issued.")
METHODS = {"cash": "Cash", "cheque": "Cheque", "card": "Card", "transfer": "Bank transfer"}
# Same-day entries read as a bill does: what was charged, then what corrected or paid it.
_ORDER = {"charge": 0, "adjustment": 1, "write_off": 2, "payment": 3, "refund": 4}


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """The part of a payment applied to one charge.

    Attributes:
        service_date: The session's date.
        code: The CPT code or policy key.
        label: The service in words.
        applied: How much of the payment went to it.
    """

    service_date: date
    code: str
    label: str
    applied: Money


@dataclass(frozen=True, slots=True)
class Receipt:
    """One payment as acknowledged to the payer.

    Attributes:
        payment_id: The payment (the receipt's number).
        patient: The payer by legal name, birth date and address.
        received_on: When it was received.
        method: The method in words ("Card").
        amount: How much was received.
        lines: What it paid, oldest session first.
        refunded: How much of it was given back.
        credit: What is left as credit on the account.
        issued_on: The day the receipt is given.
    """

    payment_id: int
    patient: Patient
    received_on: date
    method: str
    amount: Money
    lines: tuple[ReceiptLine, ...]
    refunded: Money
    credit: Money
    issued_on: date


@dataclass(frozen=True, slots=True)
class StatementEntry:
    """One dated line of a statement.

    Attributes:
        on: Its date.
        kind: ``charge``, ``adjustment``, ``write_off``, ``payment`` or ``refund``.
        description: In words, with no clinical detail beyond the service's code.
        amount: Positive adds to what is owed, negative takes from it.
        balance: The running balance after it.
    """

    on: date
    kind: str
    description: str
    amount: Money
    balance: Money


@dataclass(frozen=True, slots=True)
class Statement:
    """A payer's account over a period.

    Attributes:
        patient: The payer by legal name, birth date and address.
        start: The first day.
        end: The last day.
        issued_on: The day it is given.
        opening: The balance carried in from before ``start``.
        entries: The period's entries with their running balance, oldest first.
    """

    patient: Patient
    start: date
    end: date
    issued_on: date
    opening: Money
    entries: tuple[StatementEntry, ...]

    @property
    def closing(self) -> Money:
        """The balance at the end of the period; negative is credit in the client's favour."""
        return self.entries[-1].balance if self.entries else self.opening

    @property
    def charged(self) -> Money:
        """Everything added to the account within the period."""
        return Money(sum(e.amount.cents for e in self.entries if e.amount.cents > 0))

    @property
    def credited(self) -> Money:
        """Everything taken off the account within the period (payments, write-offs, ...)."""
        return Money(-sum(e.amount.cents for e in self.entries if e.amount.cents < 0))


def gather_receipt(sessions: sessionmaker[Session], payment_id: int, *,
                   today: date) -> Receipt:
    """Read what a payment's receipt prints.

    Args:
        sessions: The store's sessionmaker.
        payment_id: The payment.
        today: The day the receipt is given.

    Returns:
        The receipt's contents.

    Raises:
        NotFound: No such payment.
    """
    with sessions.begin() as s:
        found = payment_rows(s, Payment.id == payment_id)
        if not found:
            raise NotFound(NO_PAYMENT.format(payment_id=payment_id))
        payment = found[0]
        patient = patient_in(s, payment.client_id)
        parts = s.execute(
            select(Charge.service_date, Charge.code, PaymentAllocation.amount_cents)
            .join(Charge, Charge.id == PaymentAllocation.charge_id)
            .where(PaymentAllocation.payment_id == payment_id)
            .order_by(Charge.service_date, Charge.id, PaymentAllocation.id)).all()
    lines: list[ReceiptLine] = []
    for day, code, cents in parts:
        # A charge paid in two parts (an adjustment released and re-applied) is one line.
        if lines and (lines[-1].service_date, lines[-1].code) == (day, code):
            lines[-1] = ReceiptLine(day, code, lines[-1].label, lines[-1].applied + Money(cents))
        else:
            lines.append(ReceiptLine(day, code, label_of(code), Money(cents)))
    return Receipt(payment_id=payment.id, patient=patient, received_on=payment.received_on,
                   method=METHODS.get(payment.method, payment.method), amount=payment.amount,
                   lines=tuple(lines), refunded=payment.refunded, credit=payment.unapplied,
                   issued_on=today)


def check_statement_period(start: date, end: date) -> None:
    """Refuse a statement period that ends before it starts, before the store is read.

    Args:
        start: The first day.
        end: The last day.

    Raises:
        ValidationError: ``end`` is before ``start``.
    """
    if end < start:
        raise ValidationError(OUT_OF_ORDER.format(start=start.isoformat(), end=end.isoformat()))


def _words(code: str) -> str:
    label = label_of(code)
    return f"{label} ({code})" if label != code else code


def _service(code: str, day: date) -> str:
    return f"{_words(code)} of {day.isoformat()}"


def _entries(s: Session, client_id: int, end: date) -> list[tuple[date, str, int, str]]:
    """Every entry on the payer's account up to ``end``: (date, kind, cents, words)."""
    found: list[tuple[date, str, int, str]] = []
    charges = s.execute(select(Charge.service_date, Charge.code, Charge.amount_cents).where(
        Charge.payer_client_id == client_id, Charge.service_date <= end))
    found += [(day, "charge", cents, _words(code)) for day, code, cents in charges]
    adjustments = s.execute(
        select(ChargeAdjustment.adjusted_on, ChargeAdjustment.direction,
               ChargeAdjustment.amount_cents, Charge.code, Charge.service_date)
        .join(Charge, Charge.id == ChargeAdjustment.charge_id)
        .where(Charge.payer_client_id == client_id, ChargeAdjustment.adjusted_on <= end))
    found += [(on, "adjustment", cents if direction == "increase" else -cents,
               f"Adjustment to {_service(code, day)}")
              for on, direction, cents, code, day in adjustments]
    write_offs = s.execute(
        select(WriteOff.written_off_on, WriteOff.amount_cents, Charge.code, Charge.service_date)
        .join(Charge, Charge.id == WriteOff.charge_id)
        .where(Charge.payer_client_id == client_id, WriteOff.written_off_on <= end))
    found += [(on, "write_off", -cents, f"Written off: {_service(code, day)}")
              for on, cents, code, day in write_offs]
    payments = s.execute(select(Payment.received_on, Payment.amount_cents, Payment.method).where(
        Payment.client_id == client_id, Payment.received_on <= end))
    found += [(on, "payment", -cents, f"Payment received, {METHODS.get(method, method).lower()}")
              for on, cents, method in payments]
    refunds = s.execute(
        select(Refund.refunded_on, Refund.amount_cents, Payment.received_on)
        .join(Payment, Payment.id == Refund.payment_id)
        .where(Payment.client_id == client_id, Refund.refunded_on <= end))
    found += [(on, "refund", cents, f"Refund of the payment of {paid.isoformat()}")
              for on, cents, paid in refunds]
    return sorted(found, key=lambda e: (e[0], _ORDER[e[1]]))


def gather_statement(sessions: sessionmaker[Session], client_id: int, *, start: date,
                     end: date, today: date) -> Statement:
    """Read a payer's account over a period, with the balance carried in and a running one.

    Args:
        sessions: The store's sessionmaker.
        client_id: The payer (for a couple's split session, each member is their own).
        start: The first day.
        end: The last day.
        today: The day it is given.

    Returns:
        The statement's contents.

    Raises:
        ValidationError: Dates out of order, or nothing on the account up to ``end``.
        NotFound: No such client.
    """
    check_statement_period(start, end)
    with sessions.begin() as s:
        patient = patient_in(s, client_id)
        found = _entries(s, client_id, end)
    if not found:
        raise ValidationError(NOTHING_TO_STATE.format(end=end.isoformat()))
    opening = sum(cents for on, _, cents, _ in found if on < start)
    balance = opening
    entries: list[StatementEntry] = []
    for on, kind, cents, words in found:
        if on < start:
            continue
        balance += cents
        entries.append(StatementEntry(on, kind, words, Money(cents), Money(balance)))
    return Statement(patient=patient, start=start, end=end, issued_on=today,
                     opening=Money(opening), entries=tuple(entries))
