"""Money as whole cents: what the therapist types, what the store keeps, what is printed.

Amounts are never floats. A typed amount is read digit by digit into cents, refusing a
minus sign (money going back is a refund or an adjustment, never a negative payment),
more than two decimals, and anything that is not a plain amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from practice.errors import ValidationError

# A million dollars in one entry is a typing mistake in a solo practice, not a fee.
MAX_CENTS = 100_000_000

NEGATIVE = "An amount cannot be negative; record a refund or an adjustment instead."
TOO_PRECISE = "Amounts have at most two decimals, such as 150.00."
NOT_AN_AMOUNT = "{field} must be an amount of money, such as 150.00."
MISSING = "{field} is missing; enter an amount such as 150.00."
TOO_LARGE = "{field} is more than 1,000,000.00; check the amount."

# "$1,500.5", "1500", ".50": optional dollar sign, digits (commas only between groups of
# three), an optional point and decimals (checked for count separately, for a clear message).
_AMOUNT = re.compile(r"\$?\s*(?P<whole>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<frac>\d*))?", re.ASCII)


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """A sum of money in whole cents; negative only for a balance in the client's favour.

    Attributes:
        cents: The amount in cents.
    """

    cents: int

    def __post_init__(self) -> None:
        """Refuse anything but a whole number of cents."""
        if isinstance(self.cents, bool) or not isinstance(self.cents, int):
            raise TypeError("Money is a whole number of cents")

    @classmethod
    def zero(cls) -> Money:
        """No money."""
        return cls(0)

    def __add__(self, other: Money) -> Money:
        """The sum of two amounts."""
        return Money(self.cents + other.cents)

    def __sub__(self, other: Money) -> Money:
        """The difference of two amounts (may be negative)."""
        return Money(self.cents - other.cents)

    def __neg__(self) -> Money:
        """The same amount the other way."""
        return Money(-self.cents)

    def __bool__(self) -> bool:
        """Whether this is not zero."""
        return self.cents != 0

    @property
    def decimal(self) -> Decimal:
        """The amount as an exact ``Decimal`` of dollars."""
        return Decimal(self.cents).scaleb(-2)

    def __str__(self) -> str:
        """Plain text as the command line and CSV files write it: ``150.00``, ``-20.50``."""
        sign = "-" if self.cents < 0 else ""
        whole, part = divmod(abs(self.cents), 100)
        return f"{sign}{whole}.{part:02d}"

    def display(self) -> str:
        """With a dollar sign and thousands separators: ``$1,500.00``, ``-$20.50``."""
        sign = "-" if self.cents < 0 else ""
        whole, part = divmod(abs(self.cents), 100)
        return f"{sign}${whole:,}.{part:02d}"


def parse_money(text: str | None, field: str = "The amount") -> Money:
    """Read an amount the therapist typed.

    Args:
        text: Such as ``150``, ``150.00``, ``$1,500.50`` or ``.50``.
        field: What the amount is, for the message (``"The payment"``).

    Returns:
        The amount (zero or more).

    Raises:
        ValidationError: Empty, negative, more than two decimals, too large, or not an amount.
    """
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValidationError(MISSING.format(field=field))
    if cleaned.startswith(("-", "−", "(")) or cleaned.startswith("$-"):
        raise ValidationError(NEGATIVE)
    if cleaned.startswith("+"):
        cleaned = cleaned[1:].lstrip()
    match = _AMOUNT.fullmatch(cleaned)
    if match is None or not (match["whole"] or match["frac"]):
        raise ValidationError(NOT_AN_AMOUNT.format(field=field))
    frac = match["frac"] or ""
    if len(frac) > 2:
        raise ValidationError(TOO_PRECISE)
    whole = int(match["whole"].replace(",", "") or "0")
    cents = whole * 100 + int(frac.ljust(2, "0"))
    if cents > MAX_CENTS:
        raise ValidationError(TOO_LARGE.format(field=field))
    return Money(cents)


def money_of(value: Money | Decimal | int | str, field: str = "The amount") -> Money:
    """Accept an amount from code or from a person, under the same rules as ``parse_money``.

    Args:
        value: ``Money``; a ``Decimal`` of dollars; an ``int`` of cents; or typed text.
        field: What the amount is, for the message.

    Returns:
        The amount.

    Raises:
        ValidationError: Negative, finer than a cent, too large, or not an amount.
    """
    if isinstance(value, str):
        return parse_money(value, field)
    if isinstance(value, Money):
        cents = value.cents
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(NOT_AN_AMOUNT.format(field=field))
        scaled = value.scaleb(2)
        if scaled != scaled.to_integral_value():
            raise ValidationError(TOO_PRECISE)
        cents = int(scaled)
    elif isinstance(value, int) and not isinstance(value, bool):
        cents = value
    else:
        raise ValidationError(NOT_AN_AMOUNT.format(field=field))
    if cents < 0:
        raise ValidationError(NEGATIVE)
    if cents > MAX_CENTS:
        raise ValidationError(TOO_LARGE.format(field=field))
    return Money(cents)
