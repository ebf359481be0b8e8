"""Repeat rules: the presets, any RFC 5545 rule a session can follow, and the ones refused."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from practice.errors import ValidationError
from practice.schedule.recurrence import recurrence_ids
from practice.schedule.rules import (
    FORTNIGHTLY,
    MONTHLY,
    WEEKLY,
    continue_rule,
    monthly_on_weekday,
    parse_rule,
    rule_without_end,
)
from tests.schedule.builders import CHICAGO, weekly

FIRST = datetime(2026, 3, 3, 10)  # a Tuesday


def _dates(rule: str, until: datetime, first: datetime = FIRST) -> list[str]:
    series = weekly(first, rule=rule)
    return [f"{d:%m-%d}" for d in recurrence_ids(series, first, until)]


def test_weekly_fortnightly_and_monthly_sessions_fall_where_expected() -> None:
    assert _dates(WEEKLY, datetime(2026, 3, 25)) == ["03-03", "03-10", "03-17", "03-24"]
    assert _dates(FORTNIGHTLY, datetime(2026, 4, 1)) == ["03-03", "03-17", "03-31"]
    assert _dates(MONTHLY, datetime(2026, 6, 1)) == ["03-03", "04-03", "05-03"]


def test_a_monthly_session_on_the_second_tuesday() -> None:
    first = datetime(2026, 3, 10, 10)
    rule = monthly_on_weekday(first)
    assert rule == "FREQ=MONTHLY;BYDAY=2TU"
    assert _dates(rule, datetime(2026, 6, 1), first) == ["03-10", "04-14", "05-12"]


def test_a_session_in_a_months_fifth_week_repeats_on_the_last_such_weekday() -> None:
    first = datetime(2026, 3, 31, 10)  # the fifth Tuesday of March
    rule = monthly_on_weekday(first)
    assert rule == "FREQ=MONTHLY;BYDAY=-1TU"
    assert _dates(rule, datetime(2026, 6, 1), first) == ["03-31", "04-28", "05-26"]


def test_any_rfc_5545_rule_can_be_followed() -> None:
    rule = "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=5"
    assert _dates(rule, datetime(2027, 1, 1)) == ["03-03", "03-05", "03-17", "03-19", "03-31"]


def test_an_until_in_utc_is_read_on_the_series_clock() -> None:
    # 16:00Z on 17 March is 11:00 CDT: the 10:00 session that day is still in.
    rule = "FREQ=WEEKLY;UNTIL=20260317T160000Z"
    assert _dates(rule, datetime(2027, 1, 1)) == ["03-03", "03-10", "03-17"]


def test_an_until_date_keeps_the_session_held_that_day() -> None:
    assert _dates("FREQ=WEEKLY;UNTIL=20260317", datetime(2027, 1, 1))[-1] == "03-17"


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("FREQ=HOURLY", "FREQ must be"),
        ("FREQ=WEEKLY;BYHOUR=9,15", "BYHOUR cannot be used"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "COUNT and UNTIL"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL must be"),
        ("FREQ=WEEKLY;COUNT=lots", "COUNT must be"),
        ("FREQ=DAILY;BYMONTHDAY=31", "BYMONTHDAY cannot be used with FREQ=DAILY"),
        ("FREQ=WEEKLY;BYDAY=XX", "out of range or misspelt"),
        ("FREQ=WEEKLY;FREQ=DAILY", "once"),
        ("weekly please", "NAME=VALUE"),
        ("FREQ=WEEKLY;UNTIL=20260101", "ends before the first session"),
        ("FREQ=WEEKLY;UNTIL=next-year", "UNTIL must be"),
    ],
)
def test_a_rule_a_session_cannot_follow_is_refused(rule: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        parse_rule(rule, FIRST, CHICAGO)


def test_a_first_session_off_the_pattern_is_refused() -> None:
    with pytest.raises(ValidationError, match="does not fall on the repeat pattern"):
        parse_rule("FREQ=WEEKLY;BYDAY=WE", FIRST, CHICAGO)


def test_the_rest_of_a_split_series_keeps_its_remaining_count_and_last_day() -> None:
    assert continue_rule("FREQ=WEEKLY;COUNT=10", CHICAGO, skipped=4, shift=timedelta()) == (
        "FREQ=WEEKLY;COUNT=6"
    )
    moved = continue_rule(
        "FREQ=WEEKLY;UNTIL=20260601T150000Z", CHICAGO, skipped=4, shift=timedelta(hours=4)
    )
    assert moved == "FREQ=WEEKLY;UNTIL=20260601T140000"  # 10:00 CDT moved to 14:00


def test_the_export_rule_has_no_end_of_its_own() -> None:
    assert rule_without_end("freq=weekly;count=4;byday=tu") == "FREQ=WEEKLY;BYDAY=TU"
