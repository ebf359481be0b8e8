"""Telehealth licensure: plain warnings when a client's state is not covered on the day."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from practice.errors import ValidationError
from practice.schedule.licensure import (
    Licence,
    licence_warnings_for_sessions,
    telehealth_licence_warnings,
)
from practice.schedule.recurrence import occurrences
from tests.schedule.builders import CHICAGO, session, utc, weekly

LICENCES = [
    Licence("LA", "LPC-1234", expires_on=date(2027, 12, 31)),
    Licence("TX", "LPC-88", expires_on=date(2027, 2, 28)),
    Licence("MN", "LMFT-9", expires_on=date(2028, 6, 30), issued_on=date(2027, 6, 1)),
]
MARCH_3_2027 = utc(2027, 3, 3, 16)  # 10:00 CST


def test_a_telehealth_client_in_a_state_with_an_expired_licence_gets_a_warning() -> None:
    visit = session(MARCH_3_2027, clients=frozenset({1}), telehealth=True)
    assert telehealth_licence_warnings(visit, {1: "TX"}, LICENCES) == [
        "The client's state of residence (TX) is not covered by an active licence on "
        "3 March 2027 (the TX licence expired on 28 February 2027)."
    ]


def test_a_telehealth_client_in_a_state_without_any_licence_gets_a_warning() -> None:
    visit = session(MARCH_3_2027, clients=frozenset({1}), telehealth=True)
    assert telehealth_licence_warnings(visit, {1: "ok"}, LICENCES) == [
        "The client's state of residence (OK) is not covered by an active licence on 3 March 2027."
    ]


def test_a_licence_not_yet_in_force_is_named() -> None:
    visit = session(MARCH_3_2027, clients=frozenset({1}), telehealth=True)
    [warning] = telehealth_licence_warnings(visit, {1: "MN"}, LICENCES)
    assert warning.endswith("(the MN licence takes effect on 1 June 2027).")


def test_a_covered_state_gives_no_warning() -> None:
    visit = session(MARCH_3_2027, clients=frozenset({1}), telehealth=True)
    assert telehealth_licence_warnings(visit, {1: "LA"}, LICENCES) == []


def test_a_licence_covers_its_expiry_day_itself() -> None:
    visit = session(utc(2027, 2, 28, 16), clients=frozenset({1}), telehealth=True)
    assert telehealth_licence_warnings(visit, {1: "TX"}, LICENCES) == []


def test_an_office_session_is_not_checked_for_licensure() -> None:
    visit = session(MARCH_3_2027, clients=frozenset({1}))
    assert telehealth_licence_warnings(visit, {1: "TX"}, LICENCES) == []


def test_a_couple_in_two_states_gets_one_warning_per_uncovered_state() -> None:
    visit = session(MARCH_3_2027, clients=frozenset({1, 2, 3}), telehealth=True)
    warnings = telehealth_licence_warnings(visit, {1: "TX", 2: "LA", 3: "TX"}, LICENCES)
    assert len(warnings) == 1
    assert warnings[0].startswith("A client's state of residence (TX)")


def test_a_missing_state_of_residence_is_said_plainly() -> None:
    visit = session(MARCH_3_2027, clients=frozenset({1}), telehealth=True)
    assert telehealth_licence_warnings(visit, {}, LICENCES) == [
        "The client's state of residence is not recorded, so telehealth licensure cannot "
        "be checked."
    ]


def test_the_session_date_is_taken_on_the_clock_it_was_booked_on() -> None:
    # 23:30 CST on 28 February is already 1 March in UTC: still covered by the TX licence.
    visit = session(utc(2027, 3, 1, 5, 30), clients=frozenset({1}), telehealth=True, zone=CHICAGO)
    assert telehealth_licence_warnings(visit, {1: "TX"}, LICENCES) == []


def test_a_telehealth_series_warns_once_from_the_first_uncovered_session() -> None:
    series = weekly(datetime(2027, 2, 16, 10), CHICAGO, telehealth=True)
    coming = occurrences(series, utc(2027, 2, 1), utc(2027, 4, 1))
    [warning] = licence_warnings_for_sessions(coming, {1: "TX"}, LICENCES)
    assert "on 2 March 2027" in warning
    assert warning.endswith("4 later sessions are affected too.")


@pytest.mark.parametrize(
    ("state", "number", "issued", "field"),
    [
        ("Texas", "1", None, "two-letter code"),
        ("TX", " ", None, "number"),
        ("TX", "1", date(2030, 1, 1), "issue date"),
    ],
)
def test_a_licence_that_cannot_be_stored_is_refused(
    state: str, number: str, issued: date | None, field: str
) -> None:
    with pytest.raises(ValidationError, match=field):
        Licence(state, number, expires_on=date(2028, 1, 1), issued_on=issued)
