"""No double booking: the therapist's time and each client's are never promised twice."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from practice.schedule.conflicts import (
    DoubleBooking,
    check_no_double_booking,
    find_conflicts,
    find_series_conflicts,
)
from practice.schedule.model import SessionStatus
from practice.schedule.recurrence import occurrence, sessions_between
from tests.schedule.builders import CHICAGO, session, utc, weekly

TEN_AM = utc(2026, 3, 3, 16)  # Tue 3 Mar 2026 10:00 CST
BOOKED = session(TEN_AM, unit_id=12, clients=frozenset({7}), row_id=40)


def test_an_overlapping_session_is_refused_naming_the_other_by_unit_and_time() -> None:
    candidate = session(TEN_AM + timedelta(minutes=30), unit_id=30, clients=frozenset({8}))
    with pytest.raises(DoubleBooking) as refused:
        check_no_double_booking(candidate, [BOOKED], display_zone=CHICAGO)
    assert str(refused.value) == (
        "This session overlaps the session for unit 12 on Tue 3 Mar 2026 10:00–10:50 CST."
    )
    assert [c.other.id for c in refused.value.conflicts] == [40]


def test_a_deliberate_overlap_is_allowed_and_handed_back_to_log() -> None:
    candidate = session(TEN_AM + timedelta(minutes=30), unit_id=30, clients=frozenset({8}))
    overridden = check_no_double_booking(
        candidate, [BOOKED], display_zone=CHICAGO, allow_overlap=True
    )
    assert [(c.other.id, c.client_double_booked) for c in overridden] == [(40, False)]


def test_a_client_expected_at_two_overlapping_sessions_is_refused_even_with_the_override() -> None:
    # Client 7 has an individual session; their couple session would overlap it.
    couple = session(TEN_AM + timedelta(minutes=45), unit_id=31, clients=frozenset({7, 9}))
    with pytest.raises(DoubleBooking, match="expects a client who is already expected") as refused:
        check_no_double_booking(couple, [BOOKED], display_zone=CHICAGO, allow_overlap=True)
    assert refused.value.conflicts[0].shared_client_ids == {7}


def test_back_to_back_sessions_do_not_overlap() -> None:
    after = session(BOOKED.end_utc, unit_id=30, clients=frozenset({7}))
    before = session(TEN_AM - timedelta(minutes=50), unit_id=31, clients=frozenset({7}))
    assert check_no_double_booking([before, after], [BOOKED], display_zone=CHICAGO) == []


@pytest.mark.parametrize(
    "status", [SessionStatus.CANCELLED, SessionStatus.LATE_CANCEL, SessionStatus.NO_SHOW]
)
def test_a_called_off_or_missed_session_does_not_hold_its_slot(status: SessionStatus) -> None:
    freed = session(TEN_AM, unit_id=12, clients=frozenset({7}), row_id=41, status=status)
    candidate = session(TEN_AM, unit_id=30, clients=frozenset({7}))
    assert find_conflicts(candidate, [freed]) == []
    assert find_conflicts(freed, [candidate]) == []


def test_a_completed_session_still_holds_its_slot() -> None:
    done = session(TEN_AM, unit_id=12, row_id=42, status=SessionStatus.COMPLETED)
    assert len(find_conflicts(session(TEN_AM, unit_id=30), [done])) == 1


def test_a_session_being_changed_does_not_collide_with_itself() -> None:
    later = session(TEN_AM + timedelta(minutes=20), unit_id=12, clients=frozenset({7}), row_id=40)
    assert find_conflicts(later, [BOOKED]) == []


def test_a_long_session_far_back_in_the_list_is_still_found() -> None:
    intake = session(TEN_AM - timedelta(hours=2), unit_id=13, minutes=240, row_id=43)
    short = [session(TEN_AM - timedelta(hours=h), unit_id=14, minutes=10) for h in (1, 2)]
    candidate = session(TEN_AM + timedelta(hours=1), unit_id=30)
    assert [c.other.id for c in find_conflicts(candidate, [*short, intake])] == [43]


def test_a_new_weekly_series_is_refused_when_a_coming_session_collides() -> None:
    series = weekly(datetime(2026, 3, 3, 9), CHICAGO, series_id=None, unit_id=30, minutes=90)
    clash = session(utc(2026, 3, 17, 15), unit_id=12, row_id=44)  # 10:00 CDT
    found = find_series_conflicts(
        series, [clash], start_utc=utc(2026, 3, 1), end_utc=utc(2027, 3, 1)
    )
    assert [(c.session.recurrence_id, c.other.id) for c in found] == [
        (datetime(2026, 3, 17, 9), 44)
    ]
    with pytest.raises(DoubleBooking) as refused:
        check_no_double_booking([c.session for c in found], [clash], display_zone=CHICAGO)
    assert str(refused.value) == (
        "This session overlaps the session for unit 12 on Tue 17 Mar 2026 10:00–10:50 CDT."
    )


def test_a_series_message_names_its_own_session_when_several_collide() -> None:
    series = weekly(datetime(2026, 3, 3, 10), CHICAGO, series_id=None, unit_id=30)
    others = [session(utc(2026, 3, d, 15), unit_id=12, row_id=d) for d in (10, 17)]
    own = sessions_between([series], [], utc(2026, 3, 1), utc(2026, 3, 31))
    with pytest.raises(DoubleBooking) as refused:
        check_no_double_booking(own, others, display_zone=CHICAGO)
    assert str(refused.value) == (
        "The session on Tue 10 Mar 2026 10:00–10:50 CDT overlaps the session for unit 12 "
        "on Tue 10 Mar 2026 10:00–10:50 CDT. 1 other overlap found."
    )


def test_changing_a_stored_series_ignores_its_own_old_sessions() -> None:
    old = weekly(datetime(2026, 3, 3, 10), CHICAGO, series_id=5, unit_id=30)
    existing = sessions_between([old], [], utc(2026, 3, 1), utc(2026, 6, 1))
    later = weekly(datetime(2026, 3, 3, 10, 30), CHICAGO, series_id=5, unit_id=30)
    assert (
        find_series_conflicts(later, existing, start_utc=utc(2026, 3, 1), end_utc=utc(2026, 6, 1))
        == []
    )


def test_a_moved_session_can_collide_with_another_of_its_own_series() -> None:
    series = weekly(datetime(2026, 3, 3, 10), CHICAGO, series_id=5)
    moved = occurrence(series, datetime(2026, 3, 3, 10))
    onto_next_week = session(
        utc(2026, 3, 10, 15), unit_id=moved.unit_id, clients=moved.expected_client_ids
    )
    existing = sessions_between([series], [], utc(2026, 3, 9), utc(2026, 3, 12))
    [conflict] = find_conflicts(onto_next_week, existing)
    assert conflict.other.recurrence_id == datetime(2026, 3, 10, 10)
    assert conflict.client_double_booked
