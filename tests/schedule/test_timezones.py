"""Time zones: sessions keep their local wall-clock time across daylight-saving changes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from practice.errors import ValidationError
from practice.schedule.recurrence import occurrences
from practice.schedule.timezones import (
    check_zone,
    format_long_date,
    format_span,
    in_zone,
    is_repeated,
    is_skipped,
    require_utc,
    shown_times,
    to_local,
    wall_to_utc,
)
from tests.schedule.builders import BERLIN, CHICAGO, NEW_YORK, utc, weekly


def _offsets_by_date(zone: str, first: datetime, until: datetime) -> dict[str, float]:
    series = weekly(first, zone)
    found = occurrences(series, wall_to_utc(first, zone), wall_to_utc(until, zone))
    for occ in found:
        assert in_zone(occ.start_utc, zone).time() == first.time()
    return {
        f"{in_zone(o.start_utc, zone):%m-%d}": in_zone(o.start_utc, zone)
        .utcoffset()
        .total_seconds()
        / 3600
        for o in found
    }


def test_a_weekly_chicago_session_stays_at_ten_across_both_clock_changes() -> None:
    offsets = _offsets_by_date(CHICAGO, datetime(2026, 2, 24, 10), datetime(2026, 11, 30))
    assert offsets["03-03"] == -6  # before the clocks go forward on 8 March
    assert offsets["03-10"] == -5
    assert offsets["10-27"] == -5  # before they go back on 1 November
    assert offsets["11-03"] == -6
    assert len(offsets) == 40  # 24 February to 24 November, every Tuesday


def test_a_weekly_berlin_session_stays_at_ten_across_both_clock_changes() -> None:
    offsets = _offsets_by_date(BERLIN, datetime(2026, 3, 24, 10), datetime(2026, 11, 5))
    assert offsets["03-24"] == 1  # before the clocks go forward on 29 March
    assert offsets["03-31"] == 2
    assert offsets["10-20"] == 2  # before they go back on 25 October
    assert offsets["10-27"] == 1


def test_the_utc_instant_moves_by_the_hour_when_the_local_time_stays() -> None:
    series = weekly(datetime(2026, 3, 3, 10), CHICAGO)
    before, after = occurrences(series, utc(2026, 3, 1), utc(2026, 3, 12))
    assert before.start_utc == utc(2026, 3, 3, 16)
    assert after.start_utc == utc(2026, 3, 10, 15)
    assert after.start_utc - before.start_utc == timedelta(days=7, hours=-1)


def test_a_session_in_the_skipped_hour_moves_forward_out_of_the_gap() -> None:
    # Sunday 02:30 does not exist in Chicago on 8 March 2026: it is read as 03:30 CDT.
    series = weekly(datetime(2026, 3, 1, 2, 30), CHICAGO)
    first, gap_day, after = occurrences(series, utc(2026, 3, 1), utc(2026, 3, 16))
    assert f"{in_zone(first.start_utc, CHICAGO):%H:%M %Z}" == "02:30 CST"
    assert f"{in_zone(gap_day.start_utc, CHICAGO):%H:%M %Z}" == "03:30 CDT"
    assert f"{in_zone(after.start_utc, CHICAGO):%H:%M %Z}" == "02:30 CDT"
    assert gap_day.recurrence_id == datetime(2026, 3, 8, 2, 30)  # its name does not move


def test_a_session_in_the_repeated_hour_is_the_first_of_the_two() -> None:
    # 01:30 happens twice in Chicago on 1 November 2026; the first is still daylight time.
    assert wall_to_utc(datetime(2026, 11, 1, 1, 30), CHICAGO) == utc(2026, 11, 1, 6, 30)
    assert is_repeated(datetime(2026, 11, 1, 1, 30), CHICAGO)
    assert not is_skipped(datetime(2026, 11, 1, 1, 30), CHICAGO)


def test_skipped_and_repeated_hours_are_told_apart_from_ordinary_ones() -> None:
    assert is_skipped(datetime(2026, 3, 29, 2, 30), BERLIN)
    assert not is_repeated(datetime(2026, 3, 29, 2, 30), BERLIN)
    assert is_repeated(datetime(2026, 10, 25, 2, 30), BERLIN)
    assert not is_skipped(datetime(2026, 6, 1, 2, 30), BERLIN)
    assert not is_repeated(datetime(2026, 6, 1, 2, 30), BERLIN)


def test_a_session_is_shown_on_the_therapists_clock_and_the_clients() -> None:
    start = wall_to_utc(datetime(2026, 3, 3, 10), CHICAGO)
    shown = shown_times(
        start, start + timedelta(minutes=50), therapist_zone=CHICAGO, client_zone=NEW_YORK
    )
    assert shown.therapist == "Tue 3 Mar 2026 10:00–10:50 CST"
    assert shown.client == "Tue 3 Mar 2026 11:00–11:50 EST"
    assert not shown.same_clock


def test_a_client_abroad_sees_the_session_on_their_own_date() -> None:
    start = wall_to_utc(datetime(2026, 7, 7, 19, 30), CHICAGO)
    shown = shown_times(
        start, start + timedelta(minutes=50), therapist_zone=CHICAGO, client_zone=BERLIN
    )
    assert shown.therapist == "Tue 7 Jul 2026 19:30–20:20 CDT"
    assert shown.client == "Wed 8 Jul 2026 02:30–03:20 CEST"


def test_a_client_in_the_therapists_zone_needs_one_line() -> None:
    start = utc(2026, 3, 3, 16)
    shown = shown_times(
        start, start + timedelta(minutes=50), therapist_zone=CHICAGO, client_zone=CHICAGO
    )
    assert shown.same_clock


def test_a_session_past_midnight_shows_the_end_date() -> None:
    start = wall_to_utc(datetime(2026, 3, 3, 23, 30), CHICAGO)
    text = format_span(start, start + timedelta(minutes=50), CHICAGO)
    assert text == "Tue 3 Mar 2026 23:30–Wed 4 Mar 2026 00:20 CST"


def test_dates_in_messages_do_not_depend_on_the_locale() -> None:
    assert format_long_date(datetime(2027, 3, 3).date()) == "3 March 2027"


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "../etc/passwd", " America/Chicago"])
def test_an_unknown_zone_is_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="time zone"):
        check_zone(name)


def test_a_naive_or_non_utc_instant_is_a_bug() -> None:
    with pytest.raises(ValueError, match=r"timezone\.utc"):
        require_utc(datetime(2026, 3, 3, 10))
    with pytest.raises(ValueError, match=r"timezone\.utc"):
        require_utc(in_zone(utc(2026, 3, 3), CHICAGO))


def test_local_and_utc_round_trip_for_an_ordinary_time() -> None:
    wall = datetime(2026, 5, 5, 9, 15)
    assert to_local(wall_to_utc(wall, BERLIN), BERLIN) == wall
