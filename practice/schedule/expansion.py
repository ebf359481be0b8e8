"""The shared, cached expansion of repeat rules into local wall times.

Each (rule, first session, zone) is expanded once, as far as queries have needed, and a
window is found in the list by bisection, so a week view costs microseconds per series.
Daily and weekly rules without COUNT (the usual ones) do not even walk from their first
session: expansion starts from an occurrence a whole number of periods before the first
window asked for, so a five-year-old weekly series costs no more than a new one.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator
from datetime import datetime, timedelta

from dateutil.rrule import rrule

from practice.schedule.model import Series
from practice.schedule.rules import fixed_period, parse_rule

# How far past a window, and for skipping rules how far before it, each expansion goes,
# so a week view stepping through weeks neither walks nor re-seeds week by week.
_AHEAD = timedelta(weeks=12)
_BEHIND = timedelta(weeks=12)
# A window this far past what is expanded re-seeds a skipping rule instead of walking.
_RESEED_GAP = timedelta(weeks=52)
_CACHE_SIZE = 4096


class _Expansion:
    """The occurrences of one rule, computed over one contiguous stretch as asked."""

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


_lock = threading.Lock()
_expansions: OrderedDict[tuple[str, datetime, str], _Expansion] = OrderedDict()


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
        expansion = _expansions.get(key)
        if expansion is None:
            period = fixed_period(series.rule)
            expansion = _Expansion(parse_rule(*key), series.dtstart_local, period)
            _expansions[key] = expansion
            if len(_expansions) > _CACHE_SIZE:
                _expansions.popitem(last=False)
        else:
            _expansions.move_to_end(key)
        return expansion.between(start, end)
