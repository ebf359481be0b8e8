"""Which fee applies on a day: the fee schedule, and a client's or unit's sliding scale.

A fee is set from a date and holds until a later one replaces it; nothing is ever priced
backwards. A sliding-scale fee, for one unit or one client, comes before the schedule; the
unit's before the client's, since the unit's agreement is the narrower one. A sliding row
with no fee ends that scale from its date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from practice.billing.catalogue import FEE_KEYS
from practice.errors import ValidationError

UNKNOWN_SERVICE = ("Fees are set for the CPT codes of the catalogue (such as 90834) or for "
                   "the late-cancel and no-show policy.")


@dataclass(frozen=True, slots=True)
class FeeEntry:
    """A fee from a date on.

    Attributes:
        service: A CPT code or a policy fee key.
        cents: The fee; ``None`` only on a sliding scale, meaning "back to the schedule".
        effective_from: The first day it applies.
    """

    service: str
    cents: int | None
    effective_from: date


def check_service(service: str) -> str:
    """Refuse a service the catalogue does not have.

    Args:
        service: A CPT code or policy key, as typed.

    Returns:
        The key, trimmed.

    Raises:
        ValidationError: Not a code or policy of the catalogue.
    """
    key = service.strip()
    if key not in FEE_KEYS:
        raise ValidationError(UNKNOWN_SERVICE)
    return key


def latest(entries: Iterable[FeeEntry], service: str, on: date) -> FeeEntry | None:
    """The entry for a service in force on a day, if any.

    Args:
        entries: Entries of one schedule (or one sliding scale).
        service: The service.
        on: The day.

    Returns:
        The entry with the latest ``effective_from`` on or before ``on``.
    """
    found = [e for e in entries if e.service == service and e.effective_from <= on]
    return max(found, key=lambda e: e.effective_from, default=None)


def fee_for(service: str, on: date, schedule: Iterable[FeeEntry],
            *sliding: Iterable[FeeEntry]) -> int | None:
    """The fee for a service on a day.

    Args:
        service: The service.
        on: The day of the service.
        schedule: The practice's fee schedule.
        *sliding: Sliding scales, the one that wins first (the unit's, then the client's).

    Returns:
        The fee in cents, or ``None`` when no fee has been set for that day.
    """
    for scale in sliding:
        entry = latest(scale, service, on)
        # A row without a fee ends that scale from its date: the next one, or the schedule.
        if entry is not None and entry.cents is not None:
            return entry.cents
    entry = latest(schedule, service, on)
    return None if entry is None else entry.cents
