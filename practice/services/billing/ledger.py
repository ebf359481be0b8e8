"""Reading the ledger inside a transaction: charges and payments with their sums, and credit.

Sums are taken by the store in one statement per list (correlated sub-selects on indexed
columns), so a chart's balance or the practice's outstanding list reads no row twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from practice.billing.allocation import Due, allocate_oldest_first
from practice.billing.money import Money
from practice.models.billing import (
    Charge,
    ChargeAdjustment,
    Payment,
    PaymentAllocation,
    Refund,
    WriteOff,
)
from practice.services.billing.model import ChargeRow, PaymentRow
from practice.services.common.shared import utcnow
from practice.store.audit import record

# A payer's charged and paid cents, and their oldest session still owing.
Sums = tuple[int, int, date | None]


def _sum(column: Any, where: ColumnElement[bool]) -> Any:
    return func.coalesce(select(func.sum(column)).where(where).scalar_subquery(), 0)


_ADJUSTED = _sum(case((ChargeAdjustment.direction == "increase", ChargeAdjustment.amount_cents),
                      else_=-ChargeAdjustment.amount_cents),
                 ChargeAdjustment.charge_id == Charge.id)
_WRITTEN_OFF = _sum(WriteOff.amount_cents, WriteOff.charge_id == Charge.id)
_PAID = _sum(PaymentAllocation.amount_cents, PaymentAllocation.charge_id == Charge.id)
_APPLIED = _sum(PaymentAllocation.amount_cents, PaymentAllocation.payment_id == Payment.id)
_REFUNDED = _sum(Refund.amount_cents, Refund.payment_id == Payment.id)


def charge_rows(s: Session, *conditions: ColumnElement[bool]) -> list[ChargeRow]:
    """Charges matching ``conditions``, oldest session first, with their sums.

    Args:
        s: An open session.
        *conditions: Filters on ``Charge`` columns.

    Returns:
        The charges.
    """
    query = (select(Charge, _ADJUSTED, _WRITTEN_OFF, _PAID).where(*conditions)
             .order_by(Charge.service_date, Charge.appointment_id, Charge.line, Charge.id))
    rows: list[ChargeRow] = []
    for charge, adjusted, written_off, paid in s.execute(query):
        due = charge.amount_cents + adjusted - written_off - paid
        rows.append(ChargeRow(
            id=charge.id, appointment_id=charge.appointment_id, unit_id=charge.unit_id,
            client_id=charge.client_id, payer_id=charge.payer_client_id,
            service_date=charge.service_date, kind=charge.kind, code=charge.code,
            modifiers=tuple(m for m in charge.modifiers.split(",") if m),
            place_of_service=charge.place_of_service, units=charge.units,
            fee=Money(charge.fee_cents), amount=Money(charge.amount_cents),
            adjusted=Money(adjusted), written_off=Money(written_off), paid=Money(paid),
            due=Money(due)))
    return rows


def payment_rows(s: Session, *conditions: ColumnElement[bool]) -> list[PaymentRow]:
    """Payments matching ``conditions``, oldest first, with what is applied and refunded.

    Args:
        s: An open session.
        *conditions: Filters on ``Payment`` columns.

    Returns:
        The payments.
    """
    query = (select(Payment, _APPLIED, _REFUNDED).where(*conditions)
             .order_by(Payment.received_on, Payment.id))
    return [PaymentRow(p.id, p.client_id, Money(p.amount_cents), p.received_on, p.method,
                       Money(applied), Money(refunded),
                       Money(p.amount_cents - applied - refunded))
            for p, applied, refunded in s.execute(query)]


def dues_of(s: Session, payer_id: int) -> list[Due]:
    """What a payer still owes, charge by charge.

    Args:
        s: An open session.
        payer_id: The payer.

    Returns:
        Charges with something owed, as ``Due`` values.
    """
    return [Due(row.id, row.service_date, row.due.cents)
            for row in charge_rows(s, Charge.payer_client_id == payer_id) if row.due.cents > 0]


def write_allocations(s: Session, payment_id: int, parts: list[tuple[int, int]]) -> None:
    """Write a payment's allocations, each audited.

    Args:
        s: An open session in the caller's transaction.
        payment_id: The payment.
        parts: (charge id, cents) pairs.
    """
    now = utcnow()
    for charge_id, cents in parts:
        part = PaymentAllocation(payment_id=payment_id, charge_id=charge_id, amount_cents=cents,
                                 created_at=now)
        s.add(part)
        s.flush()
        record(s, "payment.allocate", entity="payment", entity_id=payment_id,
               charge_id=charge_id, cents=cents)


def apply_credit(s: Session, payer_id: int) -> None:
    """Apply a payer's unapplied payments to what they owe, oldest payment and charge first.

    Args:
        s: An open session in the caller's transaction.
        payer_id: The payer.
    """
    credit = [p for p in payment_rows(s, Payment.client_id == payer_id) if p.unapplied.cents]
    if not credit:
        return
    dues = dues_of(s, payer_id)
    for payment in credit:
        if not dues:
            return
        parts = allocate_oldest_first(payment.unapplied.cents, dues)
        write_allocations(s, payment.id, [(p.charge_id, p.cents) for p in parts])
        taken = {p.charge_id: p.cents for p in parts}
        dues = [Due(d.charge_id, d.on, d.cents - taken.get(d.charge_id, 0)) for d in dues
                if d.cents - taken.get(d.charge_id, 0) > 0]


def release(s: Session, charge_id: int, cents: int) -> None:
    """Take back up to ``cents`` of what is applied to a charge, newest allocation first.

    The money goes back to its payment's credit; an adjustment down on a paid charge needs
    this before it is written.

    Args:
        s: An open session in the caller's transaction.
        charge_id: The charge.
        cents: How much to take back.
    """
    parts = s.scalars(select(PaymentAllocation).where(PaymentAllocation.charge_id == charge_id)
                      .order_by(PaymentAllocation.id.desc())).all()
    left = cents
    for part in parts:
        if left <= 0:
            break
        take = min(left, part.amount_cents)
        keep = part.amount_cents - take
        payment_id = part.payment_id
        s.delete(part)
        s.flush()
        if keep:
            s.add(PaymentAllocation(payment_id=payment_id, charge_id=charge_id,
                                    amount_cents=keep, created_at=utcnow()))
            s.flush()
        record(s, "payment.release", entity="payment", entity_id=payment_id,
               charge_id=charge_id, cents=take)
        left -= take


def balance_sums(s: Session, payer_ids: list[int] | None) -> dict[int, Sums]:
    """Charged and paid per payer, and their oldest session still owing.

    Args:
        s: An open session.
        payer_ids: The payers, or ``None`` for everyone with any charge or payment.

    Returns:
        ``{payer: (charged cents, paid cents, oldest date owing)}``.
    """
    charge_filter = [] if payer_ids is None else [Charge.payer_client_id.in_(payer_ids)]
    payment_filter = [] if payer_ids is None else [Payment.client_id.in_(payer_ids)]
    sums: dict[int, Sums] = {}
    for row in charge_rows(s, *charge_filter):
        charged, paid, oldest = sums.get(row.payer_id, (0, 0, None))
        if row.due.cents > 0 and oldest is None:
            oldest = row.service_date
        sums[row.payer_id] = (charged + row.owed.cents, paid, oldest)
    for payment in payment_rows(s, *payment_filter):
        charged, paid, oldest = sums.get(payment.client_id, (0, 0, None))
        sums[payment.client_id] = (charged, paid + payment.amount.cents
                                   - payment.refunded.cents, oldest)
    return sums
