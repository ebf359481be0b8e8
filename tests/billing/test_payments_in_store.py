"""Payments recorded, applied oldest first or by hand, refunded; balances and what is owed."""

from __future__ import annotations

from datetime import date

import pytest

from practice.billing import Money
from practice.errors import ValidationError
from practice.services import billing
from practice.services.clients import set_status
from tests.billing.conftest import Practice

PAID_ON = date(2026, 4, 1)


@pytest.fixture
def ana_with_three_sessions(practice: Practice) -> tuple[int, list[int]]:
    ana = practice.client("Ana Ruiz")
    unit = practice.unit("individual", ana)
    held = [practice.hold(unit) for _ in range(3)]
    charges = [c.id for c in billing.charges_for(practice.sessions, payer_id=ana)]
    assert len(charges) == len(held) == 3
    return ana, charges


def test_a_payment_pays_the_oldest_session_first(
        practice: Practice, ana_with_three_sessions: tuple[int, list[int]]) -> None:
    ana, charges = ana_with_three_sessions
    payment = billing.record_payment(practice.sessions, ana, "200.00", PAID_ON, "card")
    assert (payment.applied, payment.unapplied, payment.method) == (Money(20000), Money(0),
                                                                    "card")
    due = {c.id: str(c.due) for c in billing.charges_for(practice.sessions, payer_id=ana)}
    assert due == {charges[0]: "0.00", charges[1]: "100.00", charges[2]: "150.00"}
    (row,) = billing.balances(practice.sessions, ana)
    assert (row.name, str(row.charged), str(row.paid), str(row.balance)) == (
        "Ana Ruiz", "450.00", "200.00", "250.00")


def test_a_payment_applied_by_hand_pays_the_charges_chosen(
        practice: Practice, ana_with_three_sessions: tuple[int, list[int]]) -> None:
    ana, charges = ana_with_three_sessions
    billing.record_payment(practice.sessions, ana, "150.00", PAID_ON, "cash",
                           {charges[2]: "150.00"})
    due = [str(c.due) for c in billing.charges_for(practice.sessions, payer_id=ana)]
    assert due == ["150.00", "150.00", "0.00"]
    with pytest.raises(ValidationError, match="more than the payment"):
        billing.record_payment(practice.sessions, ana, "100.00", PAID_ON, "cash",
                               {charges[0]: "60.00", charges[1]: "60.00"})
    with pytest.raises(ValidationError, match="than it still owes"):
        billing.record_payment(practice.sessions, ana, "500.00", PAID_ON, "cash",
                               {charges[0]: "150.01"})
    with pytest.raises(ValidationError, match="a charge this payer still owes"):
        billing.record_payment(practice.sessions, ana, "500.00", PAID_ON, "cash",
                               {charges[2]: "1.00"})
    assert len(billing.payments_for(practice.sessions, ana)) == 1


def test_an_overpayment_is_credit_used_by_the_next_session_then_refundable(
        practice: Practice) -> None:
    ana = practice.client("Ana Ruiz")
    unit = practice.unit("individual", ana)
    payment = billing.record_payment(practice.sessions, ana, "400.00", date(2026, 3, 1),
                                     "transfer")
    assert payment.unapplied == Money(40000)
    practice.hold(unit)
    (charge,) = billing.charges_for(practice.sessions, payer_id=ana)
    assert charge.due == Money(0)
    (row,) = billing.payments_for(practice.sessions, ana)
    assert row.unapplied == Money(25000)
    with pytest.raises(ValidationError, match=r"not applied to a charge \(\$250\.00\)"):
        billing.refund(practice.sessions, row.id, "250.01", on=PAID_ON, reason="Moved away")
    with pytest.raises(ValidationError, match="before the payment"):
        billing.refund(practice.sessions, row.id, "10.00", on=date(2026, 2, 28), reason="x")
    with pytest.raises(ValidationError, match="Give a reason"):
        billing.refund(practice.sessions, row.id, "10.00", on=PAID_ON, reason="  ")
    refunded = billing.refund(practice.sessions, row.id, "250.00", on=PAID_ON,
                              reason="Ending therapy")
    assert (refunded.refunded, refunded.unapplied) == (Money(25000), Money(0))
    (balance,) = billing.balances(practice.sessions, ana)
    assert balance.balance == Money(0)


@pytest.mark.parametrize(("amount", "method", "on", "words"), [
    ("-150.00", "card", PAID_ON, "cannot be negative"),
    ("150.005", "card", PAID_ON, "Amounts have at most two decimals"),
    ("0.00", "card", PAID_ON, "payment of 0.00"),
    ("abc", "card", PAID_ON, "must be an amount of money"),
    ("150.00", "bitcoin", PAID_ON, "cash, cheque, card, transfer"),
    ("150.00", "card", date(2027, 1, 1), "after today"),
])
def test_a_bad_payment_is_refused_in_plain_words_and_nothing_is_saved(
        practice: Practice, amount: str, method: str, on: date, words: str) -> None:
    ana = practice.client("Ana Ruiz")
    with pytest.raises(ValidationError, match=words):
        billing.record_payment(practice.sessions, ana, amount, on, method,
                               today=date(2026, 12, 4))
    assert billing.payments_for(practice.sessions, ana) == []


def test_a_discharged_clients_closed_account_takes_no_payment(
        practice: Practice, ana_with_three_sessions: tuple[int, list[int]]) -> None:
    ana, _charges = ana_with_three_sessions
    set_status(practice.sessions, ana, "discharged", date(2026, 5, 1))
    # Still owing: the payment that settles the account is welcome.
    billing.record_payment(practice.sessions, ana, "450.00", PAID_ON, "cheque")
    with pytest.raises(ValidationError, match="discharged and their account is closed"):
        billing.record_payment(practice.sessions, ana, "10.00", PAID_ON, "cheque")
    assert len(billing.payments_for(practice.sessions, ana)) == 1


def test_the_outstanding_list_holds_who_owes_oldest_debt_first(practice: Practice) -> None:
    ana, ben, cy = (practice.client(n) for n in ("Ana Ruiz", "Ben Okafor", "Cy Lind"))
    for person in (ben, ana, cy):
        practice.hold(practice.unit("individual", person))
    billing.record_payment(practice.sessions, cy, "150.00", PAID_ON, "card")
    rows = billing.outstanding(practice.sessions)
    assert [(r.client_id, str(r.balance), r.oldest_due) for r in rows] == [
        (ben, "150.00", date(2026, 3, 2)), (ana, "150.00", date(2026, 3, 9))]
    everyone = billing.balances(practice.sessions)
    assert [r.name for r in everyone] == ["Ana Ruiz", "Ben Okafor", "Cy Lind"]


def test_the_period_of_a_listing_must_be_in_order(practice: Practice) -> None:
    ana = practice.client("Ana Ruiz")
    with pytest.raises(ValidationError, match="ends before it starts"):
        billing.charges_for(practice.sessions, client_id=ana, start=date(2026, 5, 1),
                            end=date(2026, 4, 1))
    with pytest.raises(ValidationError, match="ends before it starts"):
        billing.payments_for(practice.sessions, ana, start=date(2026, 5, 1),
                             end=date(2026, 4, 1))
