"""Property: plain daily and weekly rules, computed without stepping, give what dateutil gives."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import takewhile

from hypothesis import given, settings
from hypothesis import strategies as st

from practice.schedule import expansion
from practice.schedule.expansion import rule_times
from practice.schedule.rules import parse_rule
from tests.schedule.builders import weekly

ZONES = [
    "America/Chicago",
    "Europe/Berlin",
    "Australia/Lord_Howe",  # a half-hour daylight-saving shift
    "Pacific/Auckland",  # southern hemisphere
    "America/Havana",  # clocks change at midnight
    "Asia/Kolkata",  # no daylight saving
]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

first_sessions = st.builds(
    datetime.combine,
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.builds(
        time,
        hour=st.one_of(st.integers(0, 3), st.integers(0, 23)),  # the hours clocks change in
        minute=st.sampled_from([0, 15, 30, 45]),
    ),
)


@st.composite
def plain_rules(draw: st.DrawFn, first: datetime, zone: str) -> str:
    """A daily or weekly rule the first session falls on, with or without an end."""
    freq = draw(st.sampled_from(["DAILY", "WEEKLY"]))
    parts = [f"FREQ={freq}", f"INTERVAL={draw(st.integers(1, 4))}"]
    if draw(st.booleans()):
        days = set(draw(st.lists(st.sampled_from(DAYS), max_size=4)))
        parts.append(f"BYDAY={','.join(sorted(days | {DAYS[first.weekday()]}))}")
    if draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(DAYS))}")
    end = draw(st.sampled_from(["none", "count", "local", "date", "utc"]))
    if end == "count":
        parts.append(f"COUNT={draw(st.integers(1, 60))}")
    elif end != "none":
        parts.append(f"UNTIL={_until(first, zone, end, draw(st.integers(0, 400 * 24 * 4)))}")
    return ";".join(parts)


def _until(first: datetime, zone: str, form: str, quarters: int) -> str:
    """UNTIL some quarter-hours after the first session (on its wall clock, or in UTC)."""
    until = first + timedelta(minutes=15 * quarters)
    if form == "date":
        return f"{until:%Y%m%d}"
    if form == "local":
        return f"{until:%Y%m%dT%H%M%S}"
    # Read as UTC, 15 hours on, so no zone's clock puts it before the first session.
    return f"{until + timedelta(hours=15):%Y%m%dT%H%M%S}Z"


def _dateutil(
    rule: str, first: datetime, zone: str, start: datetime, end: datetime
) -> list[datetime]:
    """What dateutil gives in ``[start, end)``, stepping from the first session."""
    stepped = parse_rule(rule, first, zone).xafter(start, inc=True)
    return list(takewhile(lambda wall: wall < end, stepped))


@st.composite
def series_and_windows(
    draw: st.DrawFn,
) -> tuple[str, datetime, str, list[tuple[datetime, datetime]]]:
    first, zone = draw(first_sessions), draw(st.sampled_from(ZONES))
    rule = draw(plain_rules(first, zone))
    windows = []
    for _ in range(draw(st.integers(1, 4))):
        start = first + timedelta(
            minutes=15 * draw(st.integers(-4 * 24 * 30, 4 * 24 * 900)),
            microseconds=draw(st.sampled_from([0, 1])),
        )
        length = timedelta(
            minutes=draw(st.sampled_from([0, 1, 15, 60 * 24, 60 * 24 * 7, 60 * 24 * 45])),
            microseconds=1,
        )
        windows.append((start, start + length))
    return rule, first, zone, windows


@settings(max_examples=300, deadline=None)
@given(series_and_windows())
def test_a_plain_rule_gives_the_sessions_dateutil_gives_in_any_window(
    case: tuple[str, datetime, str, list[tuple[datetime, datetime]]],
) -> None:
    rule, first, zone, windows = case
    series = weekly(first, zone, rule=rule)
    assert expansion._plain(series) is not None  # the arithmetic is what is under test
    for start, end in windows:
        assert rule_times(series, start, end) == _dateutil(rule, first, zone, start, end)


@settings(max_examples=100, deadline=None)
@given(series_and_windows())
def test_the_sessions_before_a_date_count_as_dateutil_counts_them(
    case: tuple[str, datetime, str, list[tuple[datetime, datetime]]],
) -> None:
    # Splitting a series counts the sessions left behind to shrink its COUNT.
    rule, first, zone, windows = case
    series = weekly(first, zone, rule=rule)
    for _, end in windows:
        assert len(rule_times(series, first, end)) == len(_dateutil(rule, first, zone, first, end))


def test_a_count_limited_series_has_no_sessions_years_after_its_last() -> None:
    series = weekly(datetime(2026, 3, 2, 10), rule="FREQ=WEEKLY;BYDAY=MO,TH;COUNT=9")
    sessions = rule_times(series, datetime(2026, 1, 1), datetime(2031, 1, 1))
    assert len(sessions) == 9
    assert sessions[-1] == datetime(2026, 3, 30, 10)
    assert rule_times(series, datetime(2030, 6, 3), datetime(2030, 6, 10)) == []


def test_a_week_five_years_on_matches_dateutil_stepping_from_the_first_session() -> None:
    first = datetime(2022, 1, 3, 9, 30)
    series = weekly(first, rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE")
    week = (datetime(2027, 1, 4), datetime(2027, 1, 18))
    assert rule_times(series, *week) == _dateutil(series.rule, first, series.zone, *week)
    assert [w.weekday() for w in rule_times(series, *week)] == [0, 2]


def test_where_the_week_starts_decides_which_days_a_fortnightly_rule_keeps() -> None:
    # RFC 5545's own example: WKST changes which Sunday pairs with which Tuesday.
    first = datetime(1997, 8, 5, 9)
    window = (first, datetime(1997, 9, 1))
    on_monday = weekly(first, rule="FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO")
    on_sunday = weekly(first, rule="FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU")
    assert [w.day for w in rule_times(on_monday, *window)] == [5, 10, 19, 24]
    assert [w.day for w in rule_times(on_sunday, *window)] == [5, 17, 19, 31]


def test_a_monthly_series_is_still_stepped_by_dateutil() -> None:
    first = datetime(2026, 1, 13, 10)
    series = weekly(first, rule="FREQ=MONTHLY;BYDAY=2TU")
    assert expansion._plain(series) is None
    window = (datetime(2029, 1, 1), datetime(2029, 4, 1))
    assert rule_times(series, *window) == _dateutil(series.rule, first, series.zone, *window)
    assert [w.day for w in rule_times(series, *window)] == [9, 13, 13]
