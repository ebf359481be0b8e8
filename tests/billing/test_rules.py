"""Which code a session is billed under follows its kind, length, attendance and place."""

from __future__ import annotations

import pytest

from practice.billing import (
    ChargeLine,
    Code,
    PlaceOfService,
    PolicyFee,
    SessionFacts,
    crisis_units,
    label_of,
    lines_for_session,
    policy_fee_for,
    psychotherapy_code,
)
from practice.errors import ValidationError
from practice.schedule.model import SessionKind, SessionStatus

OFFICE = PlaceOfService.OFFICE


@pytest.mark.parametrize(("minutes", "code"), [
    (16, Code.PSYCHOTHERAPY_30), (30, Code.PSYCHOTHERAPY_30), (37, Code.PSYCHOTHERAPY_30),
    (38, Code.PSYCHOTHERAPY_45), (45, Code.PSYCHOTHERAPY_45), (52, Code.PSYCHOTHERAPY_45),
    (53, Code.PSYCHOTHERAPY_60), (60, Code.PSYCHOTHERAPY_60), (90, Code.PSYCHOTHERAPY_60),
])
def test_individual_psychotherapy_follows_the_cms_time_thresholds(minutes: int,
                                                                  code: Code) -> None:
    assert psychotherapy_code(minutes) is code
    facts = SessionFacts(SessionKind.INDIVIDUAL, minutes)
    assert lines_for_session(facts) == (ChargeLine(code, 1, OFFICE),)


def test_a_session_under_sixteen_minutes_has_no_psychotherapy_code() -> None:
    with pytest.raises(ValidationError, match="under 16 minutes"):
        lines_for_session(SessionFacts(SessionKind.INDIVIDUAL, 15))


def test_an_intake_is_90791_whatever_its_length() -> None:
    assert lines_for_session(SessionFacts(SessionKind.INTAKE, 75)) == (
        ChargeLine(Code.INTAKE, 1, OFFICE),)


@pytest.mark.parametrize("kind", [SessionKind.COUPLE, SessionKind.POLYCULE, SessionKind.FAMILY])
def test_a_joint_session_is_90847_with_the_client_and_90846_without(kind: SessionKind) -> None:
    present = lines_for_session(SessionFacts(kind, 50))
    absent = lines_for_session(SessionFacts(kind, 50, identified_client_present=False))
    assert [line.code for line in present] == [Code.FAMILY_WITH_CLIENT]
    assert [line.code for line in absent] == [Code.FAMILY_WITHOUT_CLIENT]


def test_a_joint_session_under_26_minutes_is_refused() -> None:
    with pytest.raises(ValidationError, match="under 26 minutes"):
        lines_for_session(SessionFacts(SessionKind.COUPLE, 25))


def test_telehealth_from_home_is_place_10_and_elsewhere_02_both_with_modifier_95() -> None:
    home = lines_for_session(SessionFacts(SessionKind.INDIVIDUAL, 50, telehealth=True))
    away = lines_for_session(SessionFacts(SessionKind.INDIVIDUAL, 50, telehealth=True,
                                          client_at_home=False))
    assert home == (ChargeLine(Code.PSYCHOTHERAPY_45, 1, PlaceOfService.TELEHEALTH_IN_HOME,
                               ("95",)),)
    assert away[0].place is PlaceOfService.TELEHEALTH_ELSEWHERE
    assert away[0].modifiers == ("95",)
    office = lines_for_session(SessionFacts(SessionKind.INDIVIDUAL, 50))
    assert office[0].place.value == "11"
    assert office[0].modifiers == ()


def test_interactive_complexity_adds_90785_after_the_primary_code() -> None:
    lines = lines_for_session(SessionFacts(SessionKind.INDIVIDUAL, 55, telehealth=True,
                                           interactive_complexity=True))
    assert [line.code for line in lines] == [Code.PSYCHOTHERAPY_60, Code.INTERACTIVE_COMPLEXITY]
    assert all(line.modifiers == ("95",) for line in lines)
    intake = lines_for_session(SessionFacts(SessionKind.INTAKE, 60, interactive_complexity=True))
    assert [line.code for line in intake] == [Code.INTAKE, Code.INTERACTIVE_COMPLEXITY]


@pytest.mark.parametrize("facts", [
    SessionFacts(SessionKind.COUPLE, 50, interactive_complexity=True),
    SessionFacts(SessionKind.INDIVIDUAL, 60, crisis=True, interactive_complexity=True),
])
def test_interactive_complexity_is_refused_with_joint_or_crisis_codes(
        facts: SessionFacts) -> None:
    with pytest.raises(ValidationError, match="90785"):
        lines_for_session(facts)


@pytest.mark.parametrize(("minutes", "units"), [
    (30, (1, 0)), (74, (1, 0)), (75, (1, 1)), (104, (1, 1)), (105, (1, 2)), (135, (1, 3)),
])
def test_a_crisis_session_bills_90839_then_90840_per_further_half_hour(
        minutes: int, units: tuple[int, int]) -> None:
    assert crisis_units(minutes) == units
    lines = lines_for_session(SessionFacts(SessionKind.INDIVIDUAL, minutes, crisis=True))
    assert lines[0] == ChargeLine(Code.CRISIS_FIRST_HOUR, 1, OFFICE)
    assert sum(line.units for line in lines[1:]) == units[1]
    assert all(line.code is Code.CRISIS_EACH_HALF_HOUR for line in lines[1:])


def test_a_crisis_under_thirty_minutes_is_billed_as_ordinary_psychotherapy() -> None:
    with pytest.raises(ValidationError, match="ordinary psychotherapy"):
        lines_for_session(SessionFacts(SessionKind.INDIVIDUAL, 29, crisis=True))


def test_late_cancels_and_no_shows_owe_their_policy_fee_and_nothing_else_does() -> None:
    assert policy_fee_for(SessionStatus.LATE_CANCEL) is PolicyFee.LATE_CANCEL
    assert policy_fee_for("no_show") is PolicyFee.NO_SHOW
    for status in ("scheduled", "completed", "cancelled"):
        assert policy_fee_for(status) is None
    assert label_of("no_show") == "Missed appointment fee"
    assert "with the client present" in label_of("90847")
