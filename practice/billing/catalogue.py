"""The services a psychotherapy practice bills: CPT codes, places of service, modifiers.

Only the codes a sex and relationship therapist uses are here. Times follow the CMS
rules for psychotherapy: a timed code is billed once the session passes the midpoint of
its typical time (90832 from 16 minutes, 90834 from 38, 90837 from 53), and a crisis
first hour (90839) from 30 minutes with each further half hour (+90840) from 75.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Code(StrEnum):
    """The CPT codes of the catalogue."""

    INTAKE = "90791"
    PSYCHOTHERAPY_30 = "90832"
    PSYCHOTHERAPY_45 = "90834"
    PSYCHOTHERAPY_60 = "90837"
    FAMILY_WITHOUT_CLIENT = "90846"
    FAMILY_WITH_CLIENT = "90847"
    INTERACTIVE_COMPLEXITY = "90785"
    CRISIS_FIRST_HOUR = "90839"
    CRISIS_EACH_HALF_HOUR = "90840"


class PolicyFee(StrEnum):
    """Fees charged under the practice's cancellation policy, not for a service."""

    LATE_CANCEL = "late_cancel"
    NO_SHOW = "no_show"


class PlaceOfService(StrEnum):
    """CMS place-of-service codes for where the session was held."""

    OFFICE = "11"
    TELEHEALTH_IN_HOME = "10"
    TELEHEALTH_ELSEWHERE = "02"


TELEHEALTH_MODIFIER = "95"


@dataclass(frozen=True, slots=True)
class Service:
    """One billable service of the catalogue.

    Attributes:
        code: The CPT code.
        label: Plain words for fee schedules and superbills.
        add_on: Billed only beside a primary code (CPT's "+" codes).
        minutes: The typical time, if the code is timed.
    """

    code: Code
    label: str
    add_on: bool = False
    minutes: int | None = None


CATALOGUE: dict[str, Service] = {
    s.code.value: s for s in (
        Service(Code.INTAKE, "Psychiatric diagnostic evaluation (intake)"),
        Service(Code.PSYCHOTHERAPY_30, "Psychotherapy, 30 minutes", minutes=30),
        Service(Code.PSYCHOTHERAPY_45, "Psychotherapy, 45 minutes", minutes=45),
        Service(Code.PSYCHOTHERAPY_60, "Psychotherapy, 60 minutes", minutes=60),
        Service(Code.FAMILY_WITHOUT_CLIENT,
                "Family or couple psychotherapy without the client present", minutes=50),
        Service(Code.FAMILY_WITH_CLIENT,
                "Family or couple psychotherapy with the client present", minutes=50),
        Service(Code.INTERACTIVE_COMPLEXITY, "Interactive complexity", add_on=True),
        Service(Code.CRISIS_FIRST_HOUR, "Psychotherapy for crisis, first 60 minutes",
                minutes=60),
        Service(Code.CRISIS_EACH_HALF_HOUR,
                "Psychotherapy for crisis, each additional 30 minutes", add_on=True,
                minutes=30),
    )
}

POLICY_LABELS: dict[str, str] = {
    PolicyFee.LATE_CANCEL.value: "Late cancellation fee",
    PolicyFee.NO_SHOW.value: "Missed appointment fee",
}

# Everything a fee schedule may price: each service, and each policy fee.
FEE_KEYS: tuple[str, ...] = (*CATALOGUE, *POLICY_LABELS)


def label_of(key: str) -> str:
    """Plain words for a CPT code or a policy fee.

    Args:
        key: A catalogue code or a ``PolicyFee`` value.

    Returns:
        The label; the key itself when unknown.
    """
    service = CATALOGUE.get(key)
    if service is not None:
        return service.label
    return POLICY_LABELS.get(key, key)


def place_of_service(*, telehealth: bool, client_at_home: bool = True) -> PlaceOfService:
    """Where a session was held, as CMS codes it.

    Args:
        telehealth: The session was by video.
        client_at_home: For telehealth, the client joined from their home.

    Returns:
        11 for the office; 10 for telehealth in the client's home; 02 elsewhere.
    """
    if not telehealth:
        return PlaceOfService.OFFICE
    return PlaceOfService.TELEHEALTH_IN_HOME if client_at_home \
        else PlaceOfService.TELEHEALTH_ELSEWHERE


def modifiers_for(place: PlaceOfService) -> tuple[str, ...]:
    """The modifiers a service line takes at a place: 95 for synchronous telehealth.

    Args:
        place: Where the session was held.

    Returns:
        The modifiers, in order.
    """
    return () if place is PlaceOfService.OFFICE else (TELEHEALTH_MODIFIER,)
