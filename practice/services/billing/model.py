"""What the billing services hand back: frozen values, never live rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from practice.billing.money import Money


@dataclass(frozen=True, slots=True)
class FeeRow:
    """A fee from a date on: the practice's, or a sliding scale's.

    Attributes:
        id: The row.
        service: A CPT code or policy key.
        fee: The fee; ``None`` on a sliding row that ends its scale.
        effective_from: The first day it applies.
        client_id: For a client's sliding scale, the client.
        unit_id: For a unit's sliding scale, the unit.
    """

    id: int
    service: str
    fee: Money | None
    effective_from: date
    client_id: int | None = None
    unit_id: int | None = None


@dataclass(frozen=True, slots=True)
class ChargeRow:
    """One payer's part of one line of a session's bill, with what became of it.

    Attributes:
        id: The charge.
        appointment_id: The session.
        unit_id: The care unit.
        client_id: The identified client (whose care it bills).
        payer_id: Who owes it.
        service_date: The session's date on its own clock.
        kind: ``service``, ``late_cancel`` or ``no_show``.
        code: The CPT code, or the policy key.
        modifiers: Such as ``("95",)``.
        place_of_service: ``11``, ``10`` or ``02``; ``None`` for a policy fee.
        units: Units of the code.
        fee: The line's whole fee (what a superbill prints).
        amount: This payer's part of it as charged.
        adjusted: Adjustments since, up (positive) or down (negative).
        written_off: Written off since.
        paid: Payments applied to it.
        due: Still owed: amount + adjusted - written off - paid (never negative).
    """

    id: int
    appointment_id: int
    unit_id: int
    client_id: int
    payer_id: int
    service_date: date
    kind: str
    code: str
    modifiers: tuple[str, ...]
    place_of_service: str | None
    units: int
    fee: Money
    amount: Money
    adjusted: Money
    written_off: Money
    paid: Money
    due: Money

    @property
    def owed(self) -> Money:
        """What the charge comes to after adjustments and write-offs."""
        return self.amount + self.adjusted - self.written_off


@dataclass(frozen=True, slots=True)
class PaymentRow:
    """A payment received, with how much of it is applied, refunded and left as credit.

    Attributes:
        id: The payment.
        client_id: Who paid.
        amount: How much.
        received_on: When.
        method: ``cash``, ``cheque``, ``card`` or ``transfer``.
        applied: Applied to charges.
        refunded: Given back.
        unapplied: Credit: amount - applied - refunded.
    """

    id: int
    client_id: int
    amount: Money
    received_on: date
    method: str
    applied: Money
    refunded: Money
    unapplied: Money


@dataclass(frozen=True, slots=True)
class Balance:
    """A payer's account.

    Attributes:
        client_id: The payer.
        name: Their chosen name, else their legal name.
        charged: Charges after adjustments and write-offs.
        paid: Payments less refunds.
        balance: charged - paid; negative is credit in the client's favour.
        oldest_due: The oldest session with something still owed, if any.
    """

    client_id: int
    name: str
    charged: Money
    paid: Money
    balance: Money
    oldest_due: date | None = None
