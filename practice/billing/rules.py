"""Charge rules: which lines a session is billed under, and which policy fee a missed one owes.

A session's kind, length and who attended decide its code; a crisis session and
interactive complexity add their own lines; telehealth sets the place of service and
modifier 95 on every line. Nothing here reads the store or knows any fee.
"""

from __future__ import annotations

from dataclasses import dataclass

from practice.billing.catalogue import (
    Code,
    PlaceOfService,
    PolicyFee,
    modifiers_for,
    place_of_service,
)
from practice.errors import ValidationError
from practice.schedule.model import SessionKind, SessionStatus

# CMS: a timed psychotherapy code is met once the midpoint of its typical time is passed.
PSYCHOTHERAPY_MINIMUM = 16
FAMILY_MINIMUM = 26
CRISIS_MINIMUM = 30
CRISIS_ADD_ON_FROM = 75
CRISIS_ADD_ON_EVERY = 30

TOO_SHORT = ("A psychotherapy session under 16 minutes cannot be billed under a "
             "psychotherapy code.")
FAMILY_TOO_SHORT = "A couple or family session under 26 minutes cannot be billed as 90846 or 90847."
CRISIS_TOO_SHORT = ("A crisis session under 30 minutes is billed as ordinary psychotherapy; "
                    "do not mark it as crisis.")
COMPLEXITY_NOT_WITH = ("Interactive complexity (90785) cannot be billed with couple or family "
                       "psychotherapy or a crisis session.")

_JOINT = (SessionKind.COUPLE, SessionKind.POLYCULE, SessionKind.FAMILY)


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """What billing needs to know of a held session.

    Attributes:
        kind: The sort of session.
        minutes: How long it lasted (face to face).
        telehealth: Held by video.
        client_at_home: For telehealth, the client joined from their own home.
        identified_client_present: For a joint session, whether the identified client
            (the person whose diagnosis the session treats) was in the room.
        crisis: Psychotherapy for crisis.
        interactive_complexity: Something made communication harder (CPT 90785).
    """

    kind: SessionKind
    minutes: int
    telehealth: bool = False
    client_at_home: bool = True
    identified_client_present: bool = True
    crisis: bool = False
    interactive_complexity: bool = False


@dataclass(frozen=True, slots=True)
class ChargeLine:
    """One line of a session's charge, before any fee is known.

    Attributes:
        code: The CPT code.
        units: How many times the code is billed.
        place: The place of service.
        modifiers: Its modifiers (``("95",)`` for telehealth).
    """

    code: Code
    units: int
    place: PlaceOfService
    modifiers: tuple[str, ...] = ()


def psychotherapy_code(minutes: int) -> Code:
    """The individual psychotherapy code for a session's length (CMS time thresholds).

    Args:
        minutes: Face-to-face minutes.

    Returns:
        90832 for 16-37 minutes, 90834 for 38-52, 90837 for 53 or more.

    Raises:
        ValidationError: Under 16 minutes.
    """
    if minutes < PSYCHOTHERAPY_MINIMUM:
        raise ValidationError(TOO_SHORT)
    if minutes <= 37:
        return Code.PSYCHOTHERAPY_30
    if minutes <= 52:
        return Code.PSYCHOTHERAPY_45
    return Code.PSYCHOTHERAPY_60


def crisis_units(minutes: int) -> tuple[int, int]:
    """How a crisis session is billed: 90839 once, and +90840 per further half hour.

    Args:
        minutes: The crisis session's total minutes.

    Returns:
        (units of 90839, units of 90840): 30-74 minutes is (1, 0), 75-104 is (1, 1), ...

    Raises:
        ValidationError: Under 30 minutes.
    """
    if minutes < CRISIS_MINIMUM:
        raise ValidationError(CRISIS_TOO_SHORT)
    if minutes < CRISIS_ADD_ON_FROM:
        return 1, 0
    return 1, 1 + (minutes - CRISIS_ADD_ON_FROM) // CRISIS_ADD_ON_EVERY


def lines_for_session(facts: SessionFacts) -> tuple[ChargeLine, ...]:
    """The lines a held session is billed under.

    Args:
        facts: The session.

    Returns:
        The primary line first, then add-ons; every line with the session's place of
        service and, for telehealth, modifier 95.

    Raises:
        ValidationError: Too short for its code, or add-ons that cannot go together.
    """
    if facts.minutes < 1:
        raise ValidationError("A session lasts at least one minute.")
    place = place_of_service(telehealth=facts.telehealth, client_at_home=facts.client_at_home)
    modifiers = modifiers_for(place)
    joint = SessionKind(facts.kind) in _JOINT
    if facts.interactive_complexity and (facts.crisis or joint):
        raise ValidationError(COMPLEXITY_NOT_WITH)
    lines: list[ChargeLine] = []
    if facts.crisis:
        first, more = crisis_units(facts.minutes)
        lines.append(ChargeLine(Code.CRISIS_FIRST_HOUR, first, place, modifiers))
        if more:
            lines.append(ChargeLine(Code.CRISIS_EACH_HALF_HOUR, more, place, modifiers))
        return tuple(lines)
    if SessionKind(facts.kind) is SessionKind.INTAKE:
        lines.append(ChargeLine(Code.INTAKE, 1, place, modifiers))
    elif joint:
        if facts.minutes < FAMILY_MINIMUM:
            raise ValidationError(FAMILY_TOO_SHORT)
        code = Code.FAMILY_WITH_CLIENT if facts.identified_client_present \
            else Code.FAMILY_WITHOUT_CLIENT
        lines.append(ChargeLine(code, 1, place, modifiers))
    else:
        lines.append(ChargeLine(psychotherapy_code(facts.minutes), 1, place, modifiers))
    if facts.interactive_complexity:
        lines.append(ChargeLine(Code.INTERACTIVE_COMPLEXITY, 1, place, modifiers))
    return tuple(lines)


def policy_fee_for(status: SessionStatus | str) -> PolicyFee | None:
    """The policy fee a session's status may owe.

    Args:
        status: What became of the session.

    Returns:
        The late-cancel or no-show fee, or ``None`` for any other status.
    """
    return {
        SessionStatus.LATE_CANCEL: PolicyFee.LATE_CANCEL,
        SessionStatus.NO_SHOW: PolicyFee.NO_SHOW,
    }.get(SessionStatus(status))
