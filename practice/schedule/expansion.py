"""The shared, cached expansion of repeat rules into local wall times.

Plain rules (daily or weekly, with an optional INTERVAL, BYDAY, WKST and COUNT or UNTIL:
nearly every series a practice keeps) are not stepped at all: their sessions fall on the
same days of every period, so the first session at or after any window, and its place in
the series (for COUNT), are arithmetic from the first session. A jump to a week five years
on costs what the first week does.

Any other rule (monthly, yearly, BYSETPOS, BYMONTH, ...) is stepped with dateutil, once,
as far as queries have needed, and a window is found in that list by bisection. Daily and
weekly rules among those without COUNT do not walk from their first session: expansion
starts from an occurrence a whole number of periods before the first window asked for.
"""

from __future__ import annotations

import calendar
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol

from dateutil.rrule import rrule

from practice.schedule.model import Series
from practice.schedule.rules import _local_until, fixed_period, parse_rule, rule_parts

# How far past a window, and for skipping rules how far before it, each expansion goes,
# so a week view stepping through weeks neither walks nor re-seeds week by week.
_AHEAD = timedelta(weeks=12)
_BEHIND = timedelta(weeks=12)
# A window this far past what is expanded re-seeds a skipping rule instead of walking.
_RESEED_GAP = timedelta(weeks=52)
_CACHE_SIZE = 4096

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The parts a rule may have and still be computed as a plain pattern (see ``_plain``).
_PLAIN_PARTS = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "WKST"})
# dateutil stops a rule at the end of year 9999 rather than overflow; so does a pattern.
_LAST_DAY = date.max.toordinal()


class _Source(Protocol):
    """What the cache holds for a rule: something that lists its wall times in a window."""

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Occurrences in ``[start, end)``; call with the module lock held."""


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A plain rule as arithmetic: sessions on the same days of every period, at one time.

    Slot ``n`` of the pattern is day ``offsets[n % len(offsets)]`` of period
    ``n // len(offsets)``, counted from ``base``; the first ``skipped`` slots fall before the
    first session (a weekly rule's first week may start before it), so slot ``n`` is the
    series' occurrence number ``n - skipped``, which is what COUNT limits.
    """

    base: int  # proleptic ordinal of the first period's first day
    period: int  # days
    offsets: tuple[int, ...]  # ascending days within a period
    skipped: int
    clock: time  # every session's wall-clock time (the first session's)
    count: int | None
    until: datetime | None  # last allowed wall time, included (RFC 5545)

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Occurrences in ``[start, end)``."""
        per = len(self.offsets)
        limit = self.skipped + self.count if self.count is not None else None
        slot = self._first_slot(start.toordinal() + (start.time() > self.clock))
        found: list[datetime] = []
        while limit is None or slot < limit:
            periods, index = divmod(slot, per)
            day = self.base + periods * self.period + self.offsets[index]
            if day > _LAST_DAY:
                break
            wall = datetime.combine(date.fromordinal(day), self.clock)
            if wall >= end or (self.until is not None and wall > self.until):
                break
            found.append(wall)
            slot += 1
        return found

    def _first_slot(self, day: int) -> int:
        """The first slot on or after a day (as an ordinal)."""
        if day <= self.base:
            return self.skipped
        periods, into = divmod(day - self.base, self.period)
        return max(self.skipped, periods * len(self.offsets) + bisect_left(self.offsets, into))


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a plain rule's text says, read once per distinct text (most series share one)."""

    daily: bool
    interval: int
    weekdays: frozenset[int]  # empty: the first session's weekday (weekly) or every day
    wkst: int | None
    count: int | None
    until: str | None  # as written; read in the series' zone


@lru_cache(maxsize=1024)
def _shape(text: str) -> _Shape | None:
    """The rule as a plain shape, or ``None`` when it needs dateutil's general stepping."""
    parts = rule_parts(text)
    days = parts["BYDAY"].split(",") if "BYDAY" in parts else []
    if (
        parts.get("FREQ") not in ("DAILY", "WEEKLY")
        or not set(parts) <= _PLAIN_PARTS
        or not set(days) <= set(_WEEKDAYS)  # "2MO" and the like: ordinals are not plain
        or parts.get("WKST", "MO") not in _WEEKDAYS
    ):
        return None
    return _Shape(
        daily=parts["FREQ"] == "DAILY", interval=int(parts.get("INTERVAL", "1")),
        weekdays=frozenset(_WEEKDAYS.index(d) for d in days),
        wkst=_WEEKDAYS.index(parts["WKST"]) if "WKST" in parts else None,
        count=int(parts["COUNT"]) if "COUNT" in parts else None, until=parts.get("UNTIL"),
    )  # fmt: skip


def _plain(series: Series) -> _Pattern | None:
    """The series' rule as a pattern, or ``None`` when it needs dateutil's general stepping."""
    shape = _shape(series.rule)
    if shape is None:
        return None
    first = series.dtstart_local
    if shape.daily:
        base, period, offsets, skipped = _daily(first, shape.interval, shape.weekdays)
    else:
        # As dateutil: without WKST the week starts on ``calendar.firstweekday()``.
        wkst = calendar.firstweekday() if shape.wkst is None else shape.wkst
        base, period, offsets, skipped = _weekly(first, shape.interval, shape.weekdays, wkst)
    if not offsets:  # pragma: no cover - such a rule has no first session, so no series
        return None
    until = None
    if shape.until is not None:
        until = datetime.strptime(_local_until(shape.until, series.zone), "%Y%m%dT%H%M%S")
    return _Pattern(
        base=base,
        period=period,
        offsets=offsets,
        skipped=skipped,
        clock=first.time(),
        count=shape.count,
        until=until,
    )


def _daily(
    first: datetime, interval: int, chosen: frozenset[int]
) -> tuple[int, int, tuple[int, ...], int]:
    """Every ``interval`` days from the first session, kept when on a chosen weekday.

    With weekdays chosen the days repeat every ``7 * interval`` days (seven steps bring
    the weekday round again); without, every ``interval`` days.
    """
    if not chosen:
        return first.toordinal(), interval, (0,), 0
    weekday = first.weekday()
    offsets = tuple(k * interval for k in range(7) if (weekday + k * interval) % 7 in chosen)
    return first.toordinal(), 7 * interval, offsets, 0


def _weekly(
    first: datetime, interval: int, chosen: frozenset[int], wkst: int
) -> tuple[int, int, tuple[int, ...], int]:
    """The chosen weekdays (or the first session's) of every ``interval``-th week.

    Weeks start on ``wkst`` and are counted from the one holding the first session, whose
    days before that session are skipped.
    """
    into_week = (first.weekday() - wkst) % 7
    offsets = tuple(sorted((d - wkst) % 7 for d in (chosen or {first.weekday()})))
    skipped = bisect_left(offsets, into_week)
    return first.toordinal() - into_week, 7 * interval, offsets, skipped


class _Expansion:
    """The occurrences of one rule, stepped by dateutil over one contiguous stretch as asked."""

    __slots__ = ("_covered_from", "_exhausted", "_first", "_period", "_rule", "_source", "_times")

    def __init__(self, rule: rrule, first: datetime, period: timedelta | None) -> None:
        self._rule = rule
        self._first = first
        self._period = period
        self._source: Iterator[datetime] = iter(rule)
        self._covered_from = first
        self._times: list[datetime] = []
        self._exhausted = False

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Occurrences in ``[start, end)``; call with the module lock held."""
        if self._period is not None:
            reach = self._times[-1] if self._times else self._covered_from
            if start < self._covered_from or start - reach > _RESEED_GAP:
                self._seed(start)
        if not self._exhausted and (not self._times or self._times[-1] < end):
            self._extend_to(end + _AHEAD)
        times = self._times
        return times[bisect_left(times, start) : bisect_left(times, end)]

    def _seed(self, start: datetime) -> None:
        """Restart expansion from the last whole period at least ``_BEHIND`` before ``start``."""
        assert self._period is not None
        periods = max(0, (start - _BEHIND - self._first) // self._period)
        anchor = self._first + periods * self._period
        self._source = iter(self._rule.replace(dtstart=anchor))
        self._covered_from = anchor
        self._times = []
        self._exhausted = False

    def _extend_to(self, end: datetime) -> None:
        while not self._times or self._times[-1] < end:
            upcoming = next(self._source, None)
            if upcoming is None:
                self._exhausted = True
                return
            self._times.append(upcoming)


def _source(series: Series) -> _Source:
    """A pattern for a plain rule; otherwise dateutil's stepping, cached as it goes."""
    pattern = _plain(series)
    if pattern is not None:
        return pattern
    rule = parse_rule(series.rule, series.dtstart_local, series.zone)
    return _Expansion(rule, series.dtstart_local, fixed_period(series.rule))


_lock = threading.Lock()
_expansions: OrderedDict[tuple[str, datetime, str], _Source] = OrderedDict()


def rule_times(series: Series, start: datetime, end: datetime) -> list[datetime]:
    """The series rule's wall times in ``[start, end)``, from the shared cache.

    Args:
        series: The series.
        start: Window start, naive local wall time in the series' zone.
        end: Window end (excluded).

    Returns:
        The wall times the rule gives, in order, before removals and the series' end.
    """
    key = (series.rule, series.dtstart_local, series.zone)
    with _lock:
        source = _expansions.get(key)
        if source is None:
            source = _expansions[key] = _source(series)
            if len(_expansions) > _CACHE_SIZE:
                _expansions.popitem(last=False)
        else:
            _expansions.move_to_end(key)
        return source.between(start, end)
