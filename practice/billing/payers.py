"""Who pays for a unit's sessions: one member, a split by percentage, or each their own.

A couple or polycule decides this once, on the unit. "Each their own" means every member
who attended a joint session pays an equal share of it. Shares are whole cents and always
add up to the fee exactly: the cents left by rounding go to the largest remainders first
(then to the lowest client id), so nothing is lost or invented.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from practice.errors import ValidationError

PERCENTS_MUST_ADD_UP = "The shares of a split must add up to 100 percent."
PERCENT_RANGE = "Each share of a split is a whole percentage from 1 to 100."
ONE_PAYER_NEEDED = "Choose which member pays."
NOBODY_ATTENDED = "Nobody is recorded as attending the session, so nobody can be charged for it."
PAYER_NOT_MEMBER = "Whoever pays must be a member of the unit."


class Arrangement(StrEnum):
    """How a unit's sessions are paid for."""

    ONE_PAYS = "one_pays"
    SPLIT = "split"
    EACH_OWN = "each_own"


@dataclass(frozen=True, slots=True)
class PayerPlan:
    """A unit's payer arrangement.

    Attributes:
        arrangement: One member pays, a split, or each their own.
        payer_id: For ``ONE_PAYS``, the member who pays.
        shares: For ``SPLIT``, (client id, whole percent) pairs adding up to 100.
    """

    arrangement: Arrangement
    payer_id: int | None = None
    shares: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        """Refuse a plan that cannot decide who pays."""
        if self.arrangement is Arrangement.ONE_PAYS and self.payer_id is None:
            raise ValidationError(ONE_PAYER_NEEDED)
        if self.arrangement is Arrangement.SPLIT:
            check_percentages(self.shares)

    def check_members(self, members: Iterable[int]) -> None:
        """Refuse a plan naming someone who is not a member.

        Args:
            members: The unit's current members.

        Raises:
            ValidationError: A payer or share holder outside the unit.
        """
        current = set(members)
        named = {self.payer_id} if self.payer_id is not None else set()
        named |= {client for client, _ in self.shares}
        if not named <= current:
            raise ValidationError(PAYER_NOT_MEMBER)


def check_percentages(shares: Sequence[tuple[int, int]]) -> None:
    """Refuse a split that is not whole percentages adding up to 100 over distinct people.

    Args:
        shares: (client id, percent) pairs.

    Raises:
        ValidationError: A share out of range, a person twice, or a total other than 100.
    """
    if any(not 1 <= percent <= 100 for _, percent in shares):
        raise ValidationError(PERCENT_RANGE)
    if len({client for client, _ in shares}) != len(shares) or \
            sum(percent for _, percent in shares) != 100:
        raise ValidationError(PERCENTS_MUST_ADD_UP)


def split_cents(total: int, weights: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Divide whole cents by weights, exactly (largest remainder).

    Args:
        total: Cents to divide (zero or more).
        weights: (client id, weight) pairs with positive weights.

    Returns:
        (client id, cents) pairs in the order given, adding up to ``total``.
    """
    whole = sum(weight for _, weight in weights)
    if whole <= 0:
        raise ValueError("weights must add up to more than zero")
    floors = [(client, total * weight // whole, total * weight % whole)
              for client, weight in weights]
    left = total - sum(cents for _, cents, _ in floors)
    order = sorted(range(len(floors)), key=lambda i: (-floors[i][2], floors[i][0]))
    extra = set(order[:left])
    return tuple((client, cents + (1 if i in extra else 0))
                 for i, (client, cents, _) in enumerate(floors))


def shares_for_session(total: int, plan: PayerPlan,
                       attendees: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """Who owes what of one session's fee under a unit's plan.

    Args:
        total: The session's fee in cents.
        plan: The unit's arrangement.
        attendees: The members who attended (for "each their own").

    Returns:
        (client id, cents) pairs adding up to ``total``, no payer twice.

    Raises:
        ValidationError: "Each their own" for a session nobody is recorded as attending.
    """
    if plan.arrangement is Arrangement.ONE_PAYS:
        assert plan.payer_id is not None
        return ((plan.payer_id, total),)
    if plan.arrangement is Arrangement.SPLIT:
        return split_cents(total, plan.shares)
    present = sorted(set(attendees))
    if not present:
        raise ValidationError(NOBODY_ATTENDED)
    return split_cents(total, [(client, 1) for client in present])
