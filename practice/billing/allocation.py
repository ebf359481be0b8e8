"""Applying a payment to what is owed: oldest charge first, or as the therapist says.

Whatever the way, a payment never covers more than was paid, a charge is never paid
beyond what it owes (no negative balance on a charge), and what is left over stays as
the payer's credit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from practice.errors import ValidationError

OVER_PAYMENT = "The amounts applied add up to more than the payment."
OVER_CHARGE = "More is applied to a charge than it still owes."
UNKNOWN_CHARGE = "A payment can only be applied to a charge this payer still owes."
NEGATIVE_PART = "An amount applied to a charge cannot be negative."


@dataclass(frozen=True, slots=True)
class Due:
    """A charge with something still owed on it.

    Attributes:
        charge_id: The charge.
        on: Its service date (oldest is paid first).
        cents: What is still owed, in cents (more than zero).
    """

    charge_id: int
    on: date
    cents: int


@dataclass(frozen=True, slots=True)
class Allocation:
    """Part of a payment applied to one charge.

    Attributes:
        charge_id: The charge.
        cents: The amount applied (more than zero).
    """

    charge_id: int
    cents: int


def allocate_oldest_first(amount_cents: int, dues: Iterable[Due]) -> tuple[Allocation, ...]:
    """Apply a payment to the oldest charges first (by date, then by charge).

    Args:
        amount_cents: The payment (zero or more).
        dues: What the payer still owes.

    Returns:
        The parts applied; what they leave of the payment is credit.
    """
    if amount_cents < 0:
        raise ValidationError(NEGATIVE_PART)
    left = amount_cents
    parts: list[Allocation] = []
    for due in sorted(dues, key=lambda d: (d.on, d.charge_id)):
        if left <= 0:
            break
        take = min(left, due.cents)
        if take > 0:
            parts.append(Allocation(due.charge_id, take))
            left -= take
    return tuple(parts)


def allocate_by_hand(amount_cents: int, dues: Iterable[Due],
                     chosen: Mapping[int, int]) -> tuple[Allocation, ...]:
    """Apply a payment as the therapist chose, charge by charge.

    Args:
        amount_cents: The payment.
        dues: What the payer still owes.
        chosen: Cents to apply, by charge id; zero amounts are skipped.

    Returns:
        The parts applied, oldest charge first.

    Raises:
        ValidationError: A charge not owed by this payer, a negative part, a part over
            what a charge owes, or parts adding up to more than the payment.
    """
    owed = {due.charge_id: due for due in dues}
    parts: list[Allocation] = []
    for charge_id, cents in chosen.items():
        if cents < 0:
            raise ValidationError(NEGATIVE_PART)
        if cents == 0:
            continue
        due = owed.get(charge_id)
        if due is None:
            raise ValidationError(UNKNOWN_CHARGE)
        if cents > due.cents:
            raise ValidationError(OVER_CHARGE)
        parts.append(Allocation(charge_id, cents))
    if sum(part.cents for part in parts) > amount_cents:
        raise ValidationError(OVER_PAYMENT)
    parts.sort(key=lambda p: (owed[p.charge_id].on, p.charge_id))
    return tuple(parts)


def unapplied(amount_cents: int, parts: Iterable[Allocation]) -> int:
    """What a payment leaves as credit after its parts.

    Args:
        amount_cents: The payment.
        parts: Its allocations.

    Returns:
        Cents not applied to any charge.
    """
    return amount_cents - sum(part.cents for part in parts)
