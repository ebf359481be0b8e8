"""Search benchmark: FTS5 search against a LIKE '%term%' scan measured in the same run.

Targets (issue: the clinical core): over 100,000 notes, the median typical query under 10 ms
and the slowest typical query under 50 ms, end to end (parse, match, rank, titles, snippets).

Run: python bench/bench_search.py [--notes 100000 --clients 5000 --db /tmp/search.db]
(with --db, an existing file is reused, so the 100,000 notes are built only once).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

import practice.models  # noqa: F401 - registers every table
from practice.demo import build_demo
from practice.models.base import Base
from practice.models.ddl import STORE_DDL
from practice.services import search
from practice.store.audit import AuditChain
from practice.store.engine import DEFAULT_PAGE_SIZE, make_plain_engine


def _sessions(engine: Engine) -> sessionmaker[Session]:
    sessions = sessionmaker(engine, expire_on_commit=False)
    AuditChain(key=b"b" * 32, anchor_sink=lambda _anchor: None).attach(sessions)
    return sessions


def _build(path: Path, clients: int, notes: int) -> sessionmaker[Session]:
    engine = make_plain_engine(path, page_size=DEFAULT_PAGE_SIZE)
    sessions = _sessions(engine)
    if path.stat().st_size > 0 and _count(engine, "progress_notes") >= notes:
        print(f"reusing {path} ({_count(engine, 'progress_notes')} notes)")
        return sessions
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        for statement in STORE_DDL:
            conn.exec_driver_sql(statement)
    started = time.perf_counter()

    def report(done: int, total: int) -> None:
        print(f"\r  building: {done}/{total}", end="", flush=True)

    summary = build_demo(sessions, clients=clients, notes=notes, progress=report)
    print(f"\nbuilt {summary.notes} notes for {summary.clients} clients in "
          f"{time.perf_counter() - started:.0f} s ({path.stat().st_size / 1e6:.0f} MB)")
    return sessions


def _count(engine: Engine, table: str) -> int:
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    except Exception:
        return 0


def _rare_words(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        bodies = conn.execute(text(
            "SELECT body FROM note_sections WHERE id % 997 = 0 LIMIT 40")).scalars()
        return [m.group(1) for b in bodies if (m := re.search(r"Noted: (\w+)\.", b))][:3]


def _queries(engine: Engine) -> list[tuple[str, str]]:
    rare = _rare_words(engine) or ["kaloverx"]
    return [
        ("rare word, finished", rare[0] + " "),
        ("rare word, typed half", rare[-1][:4]),
        ("common word", "anxiety"),
        ("very common word", "discussed"),
        ("prefix", "dilat"),
        ("short prefix", "se"),
        ("phrase", '"sensate focus"'),
        ("two words", "discordant desire"),
        ("three words", "body image partner"),
        ("rare and common", f"{rare[0]} anxiety"),
        ("client name", "Ångström"),
        ("Greek name, no accents", "σοφια"),
        ("CJK", "焦虑"),
        ("provider", "urology"),
        ("no match", "zzyzx"),
    ]


def _like_words(typed: str) -> list[str]:
    return [w for w in re.split(r'[\s"*]+', typed) if w]


def _like_scan(engine: Engine, typed: str) -> Callable[[], object]:
    words = _like_words(typed)
    where = " AND ".join(f"body LIKE :w{i}" for i in range(len(words)))
    names = " AND ".join(f"(legal_name || ' ' || coalesce(chosen_name, '')) LIKE :w{i}"
                         for i in range(len(words)))
    params = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}

    def run() -> object:
        with engine.connect() as conn:
            notes = conn.execute(text(f"SELECT id FROM note_sections WHERE {where}"), params).all()
            people = conn.execute(text(f"SELECT id FROM clients WHERE {names}"), params).all()
            return notes, people

    return run


def _samples(work: Callable[[], object], repeat: int) -> list[float]:
    work()  # warm the page cache and the statement cache
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    """Build (or reuse) the data set, run the queries, print timings and ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="practice-search-")) / "search.db"
    path.touch(mode=0o600, exist_ok=True)
    sessions = _build(path, args.clients, args.notes)
    engine = sessions.kw["bind"]
    medians: list[float] = []
    print(f"{'query':<24}{'hits':>5}{'ranked':>8}{'median ms':>11}{'slowest':>9}"
          f"{'LIKE ms':>10}{'ratio':>8}")
    for label, typed in _queries(engine):
        result = search.search(sessions, typed)
        fts = _samples(lambda t=typed: search.search(sessions, t), args.repeat)  # type: ignore[misc]
        like = _samples(_like_scan(engine, typed), max(3, args.repeat // 5))
        med, like_med = statistics.median(fts), statistics.median(like)
        medians.append(med)
        print(f"{label:<24}{len(result.hits):>5}{'yes' if result.ranked else 'newest':>8}"
              f"{med * 1000:>11.2f}{max(fts) * 1000:>9.2f}{like_med * 1000:>10.1f}"
              f"{like_med / med:>7.0f}x")
    overall, slowest = statistics.median(medians), max(medians)
    ok = overall < 0.010 and slowest < 0.050
    print(f"median typical query {overall * 1000:.2f} ms (target < 10 ms); slowest typical "
          f"query {slowest * 1000:.2f} ms (target < 50 ms): {'OK' if ok else 'OVER TARGET'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
