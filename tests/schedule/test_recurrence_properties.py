"""Property: every session of any series keeps the series' wall-clock time, in order, none lost."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from practice.errors import ValidationError
from practice.schedule.recurrence import occurrences
from practice.schedule.timezones import in_zone, is_skipped, wall_to_utc
from tests.schedule.builders import weekly

ZONES = [
    "America/Chicago",
    "Europe/Berlin",
    "America/St_Johns",  # half-hour offset
    "Australia/Lord_Howe",  # a half-hour daylight-saving shift
    "Pacific/Auckland",  # southern hemisphere
    "America/Havana",  # clocks change at midnight
    "Asia/Kolkata",  # no daylight saving
    "America/Santiago",
]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@st.composite
def rules(draw: st.DrawFn) -> str:
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    parts = [f"FREQ={freq}", f"INTERVAL={draw(st.integers(1, 3))}"]
    if freq in ("DAILY", "WEEKLY") and draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
        parts.append(f"BYDAY={','.join(days)}")
    if freq == "MONTHLY":
        choice = draw(st.sampled_from(["day", "weekday", "none"]))
        if choice == "day":
            parts.append(f"BYMONTHDAY={draw(st.sampled_from([1, 8, 15, 28, -1]))}")
        elif choice == "weekday":
            parts.append(f"BYDAY={draw(st.sampled_from([1, 2, -1]))}{draw(st.sampled_from(DAYS))}")
    if draw(st.booleans()):
        parts.append(f"COUNT={draw(st.integers(1, 40))}")
    return ";".join(parts)


wall_times = st.builds(
    datetime.combine,
    st.dates(min_value=date(2020, 1, 1), max_value=date(2034, 12, 31)),
    st.builds(
        time,
        hour=st.one_of(st.integers(0, 3), st.integers(0, 23)),  # the hours clocks change in
        minute=st.sampled_from([0, 15, 30, 45]),
    ),
)


def _gap_shift(wall: datetime, zone: str) -> timedelta:
    """How far a skipped wall time moves forward: the size of the gap it falls in."""
    tz = ZoneInfo(zone)
    before = wall.replace(tzinfo=tz, fold=0).utcoffset()
    after = wall.replace(tzinfo=tz, fold=1).utcoffset()
    assert before is not None and after is not None
    skipped = in_zone(wall_to_utc(wall, zone), zone).replace(tzinfo=None) != wall
    return after - before if skipped else timedelta(0)


def _check_series(rule: str, zone: str, first: datetime, start: datetime, end: datetime) -> None:
    series = weekly(first, zone, rule=rule)
    found = occurrences(series, start, end)

    starts = [s.start_utc for s in found]
    assert starts == sorted(set(starts))  # strictly increasing
    for session in found:
        assert session.recurrence_id is not None
        assert session.recurrence_id.time() == first.time()
        local = in_zone(session.start_utc, zone).replace(tzinfo=None)
        shift = _gap_shift(session.recurrence_id, zone)
        if shift:
            event("a session fell in a skipped hour")
        assert local == session.recurrence_id + shift
        assert session.start_utc < end and session.end_utc > start

    # Nothing lost or invented: the same as walking the rule from its first session.
    every = rrulestr(rule, dtstart=first).between(
        first, (end + timedelta(days=2)).replace(tzinfo=None), inc=True
    )
    expected = [
        wall
        for wall in every
        if wall_to_utc(wall, zone) < end and wall_to_utc(wall, zone) + timedelta(minutes=50) > start
    ]
    assert [s.recurrence_id for s in found] == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rule=rules(),
    zone=st.sampled_from(ZONES),
    wanted=wall_times,
    offset_days=st.integers(-30, 500),
    span_days=st.integers(1, 120),
)
def test_every_session_keeps_the_series_wall_clock_time(
    rule: str, zone: str, wanted: datetime, offset_days: int, span_days: int
) -> None:
    first = rrulestr(rule, dtstart=wanted).after(wanted, inc=True)
    assume(first is not None)
    try:
        weekly(first, zone, rule=rule)
    except ValidationError:
        assume(False)  # the rule re-based on its first session is a different rule
    start = wall_to_utc(first, zone) + timedelta(days=offset_days)
    _check_series(rule, zone, first, start, start + timedelta(days=span_days))


@cache
def _skipped_walls(zone: str, year: int) -> tuple[datetime, ...]:
    """The quarter-hour wall times a zone skips in a year (its spring-forward gaps)."""
    day, found = datetime(year, 1, 1), []
    while day.year == year:
        tz = ZoneInfo(zone)
        offset_before = (day - timedelta(hours=12)).replace(tzinfo=tz).utcoffset()
        if offset_before != (day + timedelta(hours=36)).replace(tzinfo=tz).utcoffset():
            steps = (day + timedelta(minutes=15 * q) for q in range(96 + 8))
            found += [w for w in steps if is_skipped(w, zone)]
        day += timedelta(days=1)
    return tuple(found)


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from([z for z in ZONES if z != "Asia/Kolkata"]),
    year=st.integers(2021, 2034),
    pick=st.integers(0, 1000),
    days_before=st.integers(0, 20),
    rule=st.sampled_from(["FREQ=DAILY", "FREQ=WEEKLY", "FREQ=DAILY;INTERVAL=2"]),
)
def test_a_series_at_a_skipped_time_moves_out_of_the_gap_and_back(
    zone: str, year: int, pick: int, days_before: int, rule: str
) -> None:
    gaps = _skipped_walls(zone, year)
    assume(gaps)
    wall = gaps[pick % len(gaps)]
    first = wall - timedelta(days=days_before * (7 if "WEEKLY" in rule else 1))
    start = wall_to_utc(first, zone)
    _check_series(rule, zone, first, start, start + timedelta(days=days_before * 7 + 30))


@settings(max_examples=40, deadline=None)
@given(
    rule=st.sampled_from(
        [
            "FREQ=WEEKLY",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR",
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=SU,TU;WKST=SU",
            "FREQ=DAILY;INTERVAL=2;BYMONTH=1,6",
            "FREQ=WEEKLY;UNTIL=20290101",
        ]
    ),
    weeks=st.lists(st.integers(-20, 600), min_size=1, max_size=4),
)
def test_windows_asked_in_any_order_find_the_same_sessions_as_a_full_walk(
    rule: str, weeks: list[int]
) -> None:
    first = rrulestr(rule, dtstart=datetime(2020, 1, 6, 9)).after(datetime(2020, 1, 6), inc=True)
    series = weekly(first, "Europe/Berlin", rule=rule, series_id=None)
    walk = list(rrulestr(rule, dtstart=first).between(first, datetime(2032, 1, 1), inc=True))
    for week in weeks:
        low = first + timedelta(weeks=week)
        high = low + timedelta(weeks=1)
        found = [
            o.recurrence_id
            for o in occurrences(
                series, wall_to_utc(low, "Europe/Berlin"), wall_to_utc(high, "Europe/Berlin")
            )
        ]
        assert found == [w for w in walk if low - timedelta(minutes=50) < w < high]
