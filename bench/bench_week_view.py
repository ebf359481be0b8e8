"""Week-view benchmark: the schedule's week query against a plain SELECT, measured in one run.

Builds, in a real encrypted store, five years of weekly sessions for 60 clients: 60 weekly
series (each its own slot), the first two and a half years of each materialised as
completed rows written in time order (as a practice records them), and a few exceptions
per series (removed occurrences, moved sessions, a late cancel). Then times
``schedule.week_view`` in two patterns against the baseline, a plain SQLite ``SELECT`` of
one week's rows from a fully materialised appointments table indexed on the start time:

* browsing: consecutive weeks, as the therapist pages with "next week";
* jumping: a random week anywhere in the five years, as when the therapist jumps to a
  date; once with the caches as the app keeps them (warm), and once with the expansion
  cache and the parsed rule shapes emptied first (cold), as when the app opens on a date.

Wall-clock and CPU times are both shown: on a busy machine CPU time is the steadier one.

Target (issue: scheduling): the week view under 10 ms.

Run: python bench/bench_week_view.py [--weeks 100]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert, text
from sqlalchemy.orm import Session

from practice.models.schedule import AppointmentClient, AppointmentRecord
from practice.schedule.model import Appointment, LocationKind, Series, SessionKind, SessionStatus
from practice.schedule.recurrence import occurrence, recurrence_ids
from practice.schedule.timezones import wall_to_utc
from practice.services import clients, schedule, units
from practice.services.clients import ClientDetails
from practice.services.schedule import rows
from practice.store.engine import make_plain_engine
from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.store import Store

ZONE = "America/Chicago"
FIRST_MONDAY = datetime(2022, 1, 3)
YEARS = 5
END = FIRST_MONDAY + timedelta(weeks=52 * YEARS)
NOW = FIRST_MONDAY + timedelta(weeks=130)  # two and a half years in
CLIENTS = 60
BASELINE = "baseline SELECT (plain SQLite)"


def _slot(i: int) -> datetime:
    """Client i's weekly slot: five days times twelve hours, none overlapping."""
    return FIRST_MONDAY + timedelta(days=i % 5, hours=8 + i // 5)


def _series(unit_id: int, client_id: int, i: int) -> Series:
    return Series(
        unit_id=unit_id, kind=SessionKind.INDIVIDUAL, rule="FREQ=WEEKLY",
        dtstart_local=_slot(i), zone=ZONE, duration_minutes=50,
        location=LocationKind.OFFICE, expected_client_ids=frozenset({client_id}),
        cpt_code="90834", ends_before_local=END,
    )


def _exceptions(series: Series, rng: random.Random) -> tuple[Series, list[Appointment]]:
    """Completed rows for the past, and a few removed, moved and late-cancelled sessions."""
    walls = recurrence_ids(series, series.dtstart_local, END)
    past = [w for w in walls if w < NOW]
    future = [w for w in walls if w >= NOW]
    removed = set(rng.sample(future, 4))
    made = {w: replace(occurrence(series, w), status=SessionStatus.COMPLETED) for w in past}
    kept = [w for w in future if w not in removed]
    for wall in rng.sample(kept, 4):
        moved = occurrence(series, wall)
        # Weekdays are full, so moves go to the Saturday (a different minute per weekday,
        # so two clients of the same hour moved to the same Saturday never share a start).
        to_saturday = timedelta(days=5 - wall.weekday(), minutes=wall.weekday())
        made[wall] = replace(moved, start_utc=moved.start_utc + to_saturday)
    late = rng.choice(kept)
    made[late] = replace(made.get(late) or occurrence(series, late),
                         status=SessionStatus.LATE_CANCEL)
    return replace(series, exdates_local=frozenset(removed)), list(made.values())


def _store_rows(session: Session, made: list[Appointment]) -> None:
    """Insert many rows at once (the services write one at a time; setup need not)."""
    now = datetime.now(UTC)
    values = [{
        "unit_id": a.unit_id, "kind": a.kind.value, "start_utc": a.start_utc, "zone": a.zone,
        "duration_minutes": a.duration_minutes, "location": a.location.value,
        "cpt_code": a.cpt_code, "status": a.status.value, "series_id": a.series_id,
        "recurrence_id": a.recurrence_id, "overlap_allowed": False, "created_at": now,
        "updated_at": now,
    } for a in made]
    ids = session.scalars(insert(AppointmentRecord).returning(AppointmentRecord.id,
                                                              sort_by_parameter_order=True),
                          values).all()
    session.execute(insert(AppointmentClient), [
        {"appointment_id": i, "client_id": c} for i, a in zip(ids, made, strict=True)
        for c in a.expected_client_ids])


def build_store(root: Path, seed: int = 7) -> tuple[Store, int]:
    """The encrypted store with five years of sessions; returns it and its row count.

    Rows are written in time order, a month at a time, as a practice records them.
    """
    store, _ = Store.create(root, "benchmark passphrase", kdf=FAST_INSECURE_PARAMS)
    rng = random.Random(seed)
    sessions = store.sessions
    made: list[Appointment] = []
    for i in range(CLIENTS):
        client = clients.create_client(sessions, ClientDetails(legal_name=f"Client {i:02d}"),
                                       on=date(2021, 12, 1)).id
        unit = units.create_unit(sessions, "individual", [client],
                                 opened_on=date(2021, 12, 1)).id
        series, rows_of_series = _exceptions(_series(unit, client, i), rng)
        with sessions.begin() as s:
            stored = rows.insert_series(s, series, overlap_allowed=False)
        made += [replace(row, series_id=stored.id) for row in rows_of_series]
    made.sort(key=lambda a: a.start_utc)
    for month in range(0, len(made), 260):  # about a month of sessions
        with sessions.begin() as s:
            _store_rows(s, made[month:month + 260])
    return store, len(made)


def build_baseline(path: Path) -> Engine:
    """Plain SQLite, every session of the five years materialised as a row."""
    engine = make_plain_engine(path)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE appointments (id INTEGER PRIMARY KEY, unit_id INTEGER, "
                          "start_utc DATETIME NOT NULL, duration_minutes INTEGER, status TEXT)"))
        conn.execute(text("CREATE INDEX ix_start ON appointments (start_utc)"))
        values: list[dict[str, object]] = []
        for i in range(CLIENTS):
            wall = _slot(i)
            while wall < END:
                start = wall_to_utc(wall, ZONE).replace(tzinfo=None)
                values.append({"u": i + 1, "s": start.isoformat(" ")})
                wall += timedelta(weeks=1)
        values.sort(key=lambda v: str(v["s"]))  # in time order, as in the store
        conn.execute(text("INSERT INTO appointments (unit_id, start_utc, duration_minutes, "
                          "status) VALUES (:u, :s, 50, 'scheduled')"), values)
    return engine


def _jumps(count: int, seed: int = 11) -> list[tuple[datetime, datetime]]:
    """Random weeks anywhere in the five years (a jump to a date)."""
    rng = random.Random(seed)
    mondays = [FIRST_MONDAY + timedelta(weeks=rng.randrange(52 * YEARS)) for _ in range(count)]
    return [_week(m) for m in mondays]


def _browsing(count: int, seed: int = 13) -> list[tuple[datetime, datetime]]:
    """Consecutive weeks, as the therapist pages through the calendar with "next week"."""
    rng = random.Random(seed)
    first = FIRST_MONDAY + timedelta(weeks=rng.randrange(52 * YEARS - count))
    return [_week(first + timedelta(weeks=k)) for k in range(count)]


def _week(monday: datetime) -> tuple[datetime, datetime]:
    return wall_to_utc(monday, ZONE), wall_to_utc(monday + timedelta(weeks=1), ZONE)


def _times(work: Callable[[datetime, datetime], object],
           weeks: list[tuple[datetime, datetime]]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds per call (CPU time shows the cost on a busy machine)."""
    wall, cpu = [], []
    for start, end in weeks:
        began, began_cpu = time.perf_counter(), time.process_time()
        work(start, end)
        wall.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return wall, cpu


def _p95(samples: list[float]) -> float:
    return sorted(samples)[int(0.95 * (len(samples) - 1))]


def _clear_expansion_cache() -> None:
    # Reaches into the library's cache on purpose: a jump must pay for a cold expansion.
    from practice.schedule import expansion

    with expansion._lock:
        expansion._expansions.clear()
    expansion._shape.cache_clear()


def _report(results: dict[str, tuple[list[float], list[float]]]) -> float:
    """Print the table; return the worst week-view p95 (wall clock)."""
    base_wall, base_cpu = (statistics.median(x) for x in results[BASELINE])
    print(f"{'':38}{'median':>9}{'p95':>9}{'ratio':>8}{'CPU median':>12}{'CPU p95':>9}"
          f"{'ratio':>8}")
    for name, (wall, cpu) in results.items():
        median, cpu_median = statistics.median(wall), statistics.median(cpu)
        print(f"{name:38}{median * 1e3:>7.2f}ms{_p95(wall) * 1e3:>7.2f}ms"
              f"{median / base_wall:>7.1f}x{cpu_median * 1e3:>10.2f}ms"
              f"{_p95(cpu) * 1e3:>7.2f}ms{cpu_median / base_cpu:>7.1f}x")
    return max(_p95(wall) for name, (wall, _) in results.items() if name != BASELINE)


def main() -> None:
    """Build both stores, time both queries, print medians, p95s and ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weeks", type=int, default=100, help="weeks to query per pattern")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="practice-bench-") as folder:
        began = time.perf_counter()
        store, materialised = build_store(Path(folder) / "store")
        baseline = build_baseline(Path(folder) / "plain.db")
        print(f"built: {CLIENTS} weekly series over {YEARS} years, {materialised} stored rows "
              f"({time.perf_counter() - began:.1f} s)")

        def plain(start: datetime, end: datetime) -> object:
            with baseline.connect() as conn:
                return conn.execute(text(
                    "SELECT id, unit_id, start_utc, duration_minutes, status FROM appointments "
                    "WHERE start_utc >= :a AND start_utc < :b"),
                    {"a": start.replace(tzinfo=None).isoformat(" "),
                     "b": end.replace(tzinfo=None).isoformat(" ")}).all()

        def week(start: datetime, end: datetime) -> list[Appointment]:
            return schedule.week_view(store.sessions, start, end)

        def jump(start: datetime, end: datetime) -> object:
            _clear_expansion_cache()
            return schedule.week_view(store.sessions, start, end)

        # Warm and cold jumps go to different weeks, so neither finds the other's pages cached.
        browsing, jumps = _browsing(args.weeks), _jumps(args.weeks)
        cold_jumps = _jumps(args.weeks, seed=17)
        counts = {len(week(*w)) for w in browsing}
        print(f"sessions per week: {min(counts)} to {max(counts)}")
        results = {
            BASELINE: _times(plain, browsing + jumps + cold_jumps),
            "week view, browsing week to week": _times(week, browsing),
            "week view, jumping to a week (warm)": _times(week, jumps),
            "week view, jumping to a week (cold)": _times(jump, cold_jumps),
        }
        store.close()
        baseline.dispose()
    worst = _report(results)
    print(f"target: week view under 10 ms (p95): {'met' if worst < 0.010 else 'NOT met'} "
          f"(worst p95 {worst * 1e3:.1f} ms)")


if __name__ == "__main__":
    main()
