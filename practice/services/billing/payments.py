"""Payments recorded (never processed), applied to charges, refunded; balances and outstanding.

A payment is the amount, the date and the method's label: no card number, no bank
details. It is applied to the payer's charges oldest first, or as the therapist chooses;
whatever is left is credit, applied to the payer's next charges as they are made.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.billing.allocation import allocate_by_hand, allocate_oldest_first
from practice.billing.money import Money, money_of
from practice.errors import NotFound, ValidationError
from practice.models.billing import PAYMENT_METHODS, Payment, Refund
from practice.models.clients import Client
from practice.services.billing.ledger import (
    apply_credit,
    balance_sums,
    dues_of,
    payment_rows,
    write_allocations,
)
from practice.services.billing.model import Balance, PaymentRow
from practice.services.common.shared import load, utcnow
from practice.store.audit import record
from practice.text.keys import clean_line

CLOSED_ACCOUNT = ("This client was discharged and their account is closed with nothing "
                  "owed, so no payment can be recorded. Nothing was saved.")
UNKNOWN_METHOD = "The method is one of: cash, cheque, card, transfer."
NOTHING_PAID = "A payment of 0.00 cannot be recorded."
IN_THE_FUTURE = "A payment cannot be dated after today."
REFUND_BEFORE = "A refund cannot be dated before the payment it returns."
REFUND_OVER = ("Only the part of the payment not applied to a charge ({credit}) can be "
               "refunded; correct the charge first to free the rest.")

Allocate = Literal["oldest"] | Mapping[int, Money | str | int]


def _method(method: str) -> str:
    key = (method or "").strip().lower()
    if key not in PAYMENT_METHODS:
        raise ValidationError(UNKNOWN_METHOD)
    return key


def _closed(s: Session, client: Client) -> bool:
    if client.status != "discharged":
        return False
    charged, paid, _ = balance_sums(s, [client.id]).get(client.id, (0, 0, None))
    return charged - paid <= 0


def record_payment(sessions: sessionmaker[Session], client_id: int, amount: Money | str | int,
                   on: date, method: str, allocate: Allocate = "oldest", *,
                   today: date | None = None) -> PaymentRow:
    """Record money received from a payer and apply it to what they owe.

    Args:
        sessions: The store's sessionmaker.
        client_id: The payer.
        amount: How much (``Money``, typed text such as ``"150.00"``, or cents).
        on: The day it was received (not after today).
        method: ``cash``, ``cheque``, ``card`` or ``transfer``.
        allocate: ``"oldest"`` (oldest charge first), or amounts by charge id.
        today: The present day (for tests).

    Returns:
        The payment, with what was applied and what is left as credit.

    Raises:
        ValidationError: A bad or zero amount, an unknown method, a date after today,
            a hand allocation that does not fit, or a discharged client's closed account.
        NotFound: No such client.
    """
    money = money_of(amount, "The payment")
    if money.cents == 0:
        raise ValidationError(NOTHING_PAID)
    label = _method(method)
    if on > (today or date.today()):
        raise ValidationError(IN_THE_FUTURE)
    with sessions.begin() as s:
        client = load(s, Client, client_id, "client")
        if _closed(s, client):
            raise ValidationError(CLOSED_ACCOUNT)
        dues = dues_of(s, client_id)
        if allocate == "oldest":
            parts = allocate_oldest_first(money.cents, dues)
        elif isinstance(allocate, Mapping):
            chosen = {charge: money_of(cents, "An amount applied").cents
                      for charge, cents in allocate.items()}
            parts = allocate_by_hand(money.cents, dues, chosen)
        else:
            raise ValidationError("Apply a payment oldest first or charge by charge.")
        payment = Payment(client_id=client_id, amount_cents=money.cents, received_on=on,
                          method=label, created_at=utcnow())
        s.add(payment)
        s.flush()
        record(s, "payment.record", entity="payment", entity_id=payment.id,
               client_id=client_id, cents=money.cents, method=label)
        write_allocations(s, payment.id, [(p.charge_id, p.cents) for p in parts])
        return payment_rows(s, Payment.id == payment.id)[0]


def refund(sessions: sessionmaker[Session], payment_id: int, amount: Money | str | int, *,
           on: date, reason: str) -> PaymentRow:
    """Give back part of a payment not applied to any charge.

    Args:
        sessions: The store's sessionmaker.
        payment_id: The payment.
        amount: How much.
        on: The day of the refund (not before the payment).
        reason: Why.

    Returns:
        The payment with its refund.

    Raises:
        ValidationError: A bad amount, more than the unapplied part, no reason, or a
            date before the payment.
        NotFound: No such payment.
    """
    money = money_of(amount, "The refund")
    why = clean_line(reason, "The reason", max_len=500)
    if why is None:
        raise ValidationError("Give a reason for the refund; it stays with the ledger.")
    with sessions.begin() as s:
        found = payment_rows(s, Payment.id == payment_id)
        if not found:
            raise NotFound(f"No payment with id {payment_id} exists.")
        payment = found[0]
        if on < payment.received_on:
            raise ValidationError(REFUND_BEFORE)
        if money.cents <= 0 or money.cents > payment.unapplied.cents:
            raise ValidationError(REFUND_OVER.format(credit=payment.unapplied.display()))
        row = Refund(payment_id=payment_id, amount_cents=money.cents, refunded_on=on,
                     reason=why, created_at=utcnow())
        s.add(row)
        s.flush()
        record(s, "payment.refund", entity="payment", entity_id=payment_id, refund_id=row.id,
               cents=money.cents)
        return payment_rows(s, Payment.id == payment_id)[0]


def apply_payer_credit(sessions: sessionmaker[Session], client_id: int) -> None:
    """Apply a payer's unapplied payments to what they owe, oldest first.

    Args:
        sessions: The store's sessionmaker.
        client_id: The payer.
    """
    with sessions.begin() as s:
        apply_credit(s, client_id)


def payments_for(sessions: sessionmaker[Session], client_id: int, *,
                 start: date | None = None, end: date | None = None) -> list[PaymentRow]:
    """A payer's payments over a period, oldest first.

    Args:
        sessions: The store's sessionmaker.
        client_id: The payer.
        start: First day to include.
        end: Last day to include.

    Returns:
        The payments.

    Raises:
        ValidationError: ``end`` before ``start``.
    """
    if start is not None and end is not None and end < start:
        raise ValidationError("The period ends before it starts.")
    conditions = [Payment.client_id == client_id]
    if start is not None:
        conditions.append(Payment.received_on >= start)
    if end is not None:
        conditions.append(Payment.received_on <= end)
    with sessions.begin() as s:
        return payment_rows(s, *conditions)


def _rows(s: Session, payer_ids: list[int] | None) -> list[Balance]:
    sums = balance_sums(s, payer_ids)
    if payer_ids is not None:
        for payer in payer_ids:
            sums.setdefault(payer, (0, 0, None))
    if not sums:
        return []
    clients = s.execute(select(Client.id, Client.chosen_name, Client.legal_name, Client.sort_key)
                        .where(Client.id.in_(list(sums)))).all()
    ordered = sorted(clients, key=lambda c: (c.sort_key, c.id))
    return [Balance(c.id, c.chosen_name or c.legal_name, Money(sums[c.id][0]),
                    Money(sums[c.id][1]), Money(sums[c.id][0] - sums[c.id][1]), sums[c.id][2])
            for c in ordered]


def balances(sessions: sessionmaker[Session], client_id: int | None = None) -> list[Balance]:
    """Each payer's account: charged, paid and the balance (negative is credit).

    Args:
        sessions: The store's sessionmaker.
        client_id: One client; everyone with a charge or payment when omitted.

    Returns:
        Rows by name.

    Raises:
        NotFound: No such client.
    """
    with sessions.begin() as s:
        if client_id is not None:
            load(s, Client, client_id, "client")
            return _rows(s, [client_id])
        return _rows(s, None)


def outstanding(sessions: sessionmaker[Session]) -> list[Balance]:
    """The practice-wide list of payers who owe something, oldest debt first.

    Args:
        sessions: The store's sessionmaker.

    Returns:
        Rows with a balance above zero, by the oldest session still owing, then by name.
    """
    with sessions.begin() as s:
        owing = [row for row in _rows(s, None) if row.balance.cents > 0]
    return sorted(owing, key=lambda r: (r.oldest_due or date.max))
