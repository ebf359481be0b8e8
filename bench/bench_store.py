"""Store benchmarks: ratios against plain SQLite (and a bare connection) measured in this run.

Targets (issue: the encrypted store):
- opening with the data key: under 5 ms;
- the Argon2id step: what calibration chose (about 0.5 s);
- a realistic write-and-read workload: within 1.3x the same workload on plain SQLite.

Run: python bench/bench_store.py [--clients 3000 --notes 30000]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine, TextClause, text

from practice.store import lookaside
from practice.store.connection import self_test
from practice.store.engine import DEFAULT_PAGE_SIZE, make_engine, make_plain_engine
from practice.store.kdf import calibrate, stretch

SCHEMA = (
    "CREATE TABLE clients (id INTEGER PRIMARY KEY, legal_name TEXT NOT NULL, "
    "chosen_name TEXT, sort_key TEXT NOT NULL, dob DATE, state TEXT)",
    "CREATE INDEX ix_clients_sort ON clients (sort_key)",
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients, "
    "session_date DATE NOT NULL, format TEXT, body TEXT NOT NULL, signed INTEGER NOT NULL)",
    "CREATE INDEX ix_notes_client_date ON notes (client_id, session_date)",
)


def _timed(work: Callable[[], object], repeat: int = 1) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def workload(engine: Engine, clients: int, notes: int) -> dict[str, float]:
    """Create, write and read a practice-sized data set; return seconds per phase."""
    body = ("Client reports progress with sensate focus exercises; anxiety lower. " * 30)[:2048]
    with engine.begin() as conn:
        for statement in SCHEMA:
            conn.execute(text(statement))
    results: dict[str, float] = {}

    def write_clients() -> None:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO clients (legal_name, chosen_name, sort_key, dob, state) "
                              "VALUES (:n, :c, :k, :d, 'MN')"),
                         [{"n": f"Client {i}", "c": f"C{i}", "k": f"client {i:06d}",
                           "d": date(1980, 1, 1) + timedelta(days=i)} for i in range(clients)])

    def write_notes() -> None:
        batch = 1000
        for start in range(0, notes, batch):
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO notes (client_id, session_date, format, body, "
                                  "signed) VALUES (:c, :d, 'SOAP', :b, 1)"),
                             [{"c": 1 + i % clients, "b": body,
                               "d": date(2020, 1, 1) + timedelta(days=i % 1800)}
                              for i in range(start, min(notes, start + batch))])

    def single_writes() -> None:
        for i in range(200):  # one transaction each, as autosave and services do
            with engine.begin() as conn:
                conn.execute(text("UPDATE clients SET state = 'TX' WHERE id = :i"), {"i": i + 1})

    def reads() -> None:
        with engine.connect() as conn:
            for page in range(50):
                conn.execute(text("SELECT id, chosen_name FROM clients ORDER BY sort_key "
                                  "LIMIT 100 OFFSET :o"), {"o": page * 100}).all()
            for client in range(1, 300):
                conn.execute(text("SELECT id, session_date, substr(body, 1, 120) FROM notes "
                                  "WHERE client_id = :c ORDER BY session_date DESC LIMIT 20"),
                             {"c": client}).all()
            for note in range(1, notes, max(1, notes // 500)):
                conn.execute(text("SELECT body FROM notes WHERE id = :i"), {"i": note}).one()
            # A month histogram over every note: dates are ISO text, so the month is a prefix.
            conn.execute(text("SELECT substr(session_date, 1, 7), count(*) FROM notes "
                              "GROUP BY 1")).all()

    for name, phase in (("insert clients", write_clients), ("insert notes", write_notes),
                        ("200 single-row commits", single_writes), ("typical reads", reads)):
        results[name] = _timed(phase)
    return results


def date_function_cost(engine: Engine) -> float:
    """The month histogram written with strftime(), which the store's code never uses."""
    with engine.connect() as conn:
        return _timed(lambda: conn.execute(text(
            "SELECT strftime('%Y-%m', session_date), count(*) FROM notes GROUP BY 1")).all())


STATUSES = ("scheduled", "completed", "cancelled", "late_cancel", "no_show")


def value_check_cost(engine: Engine, rows: int = 20000) -> tuple[float, float]:
    """Seconds a row for a CHECK on an enumerated column: as an IN list, then as ORs.

    The store writes them as ORs (practice/models/checks.py): SQLite builds a lookup table
    for every row an IN list of more than two values checks.
    """
    as_list = f"status IN ({', '.join(repr(v) for v in STATUSES)})"
    as_ors = "(" + " OR ".join(f"status = {v!r}" for v in STATUSES) + ")"
    costs = []
    for n, check in enumerate((as_list, as_ors)):
        with engine.begin() as conn:
            conn.execute(text(f"CREATE TABLE checked{n} (id INTEGER PRIMARY KEY, "
                              f"status TEXT NOT NULL CHECK ({check}))"))
        values = [{"s": STATUSES[i % len(STATUSES)]} for i in range(rows)]
        statement = text(f"INSERT INTO checked{n} (status) VALUES (:s)")
        costs.append(_timed(functools.partial(_insert_all, engine, statement, values)) / rows)
    return costs[0], costs[1]


def _insert_all(engine: Engine, statement: TextClause, values: list[dict[str, str]]) -> None:
    with engine.begin() as conn:
        conn.execute(statement, values)


def open_cost(db_path: Path, key: bytes) -> float:
    """Median time to create an engine, connect, key, set pragmas and self-test."""

    def open_once() -> None:
        engine = make_engine(db_path, key)
        with engine.connect() as conn:
            self_test(conn.connection.dbapi_connection)
        engine.dispose()

    return _timed(open_once, repeat=30)


def plain_open_cost(db_path: Path) -> float:
    """The baseline: the same for an unencrypted file."""

    def open_once() -> None:
        engine = make_plain_engine(db_path)
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master")).one()
        engine.dispose()

    return _timed(open_once, repeat=30)


#: Variants of the store's engine, each run in a fresh process (see _variant).
MEMORY_SECURITY_OFF = (
    "em._CONNECTION_PRAGMAS = tuple((n, 'OFF' if n == 'cipher_memory_security' else v, e)"
    " for n, v, e in em._CONNECTION_PRAGMAS)"
)
DEFAULT_LOOKASIDE = "em.enlarge_lookaside = lambda conn: False"


def _variant(patch: str, clients: int, notes: int) -> dict[str, float]:
    """The encrypted workload with one thing about the engine changed, in a fresh process.

    cipher_memory_security is process-wide in SQLCipher: once any connection switches it
    on it stays on, so each comparison must run where no store connection was ever made.
    """
    script = (
        "import json, os, sys, tempfile\n"
        "from pathlib import Path\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "import bench_store\n"
        "from practice.store import connection as em\n"
        "from practice.store.engine import make_engine\n"
        f"{patch}\n"
        "folder = Path(tempfile.mkdtemp(prefix='practice-bench-'))\n"
        "print(json.dumps(bench_store.workload(make_engine(folder / 'x.db', os.urandom(32)),"
        " int(sys.argv[2]), int(sys.argv[3]))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(Path(__file__).parent),
                             str(clients), str(notes)], capture_output=True, text=True,
                            check=True)
    return dict(json.loads(result.stdout))


def main() -> None:
    """Run everything and print one line per measure, with its ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=3000)
    parser.add_argument("--notes", type=int, default=30000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="practice-bench-"))
    key = os.urandom(32)
    plain_engine = make_plain_engine(folder / "plain.db")
    plain = workload(plain_engine, args.clients, args.notes)
    same_pages = workload(make_plain_engine(folder / "plain16k.db", page_size=DEFAULT_PAGE_SIZE),
                          args.clients, args.notes)
    encrypted_engine = make_engine(folder / "enc.db", key)
    encrypted = workload(encrypted_engine, args.clients, args.notes)
    print(f"workload: {args.clients} clients, {args.notes} notes of 2 KB")
    pool = "taken" if lookaside._library() is not None else "NOT available on this platform"
    print(f"  (store connections' larger lookaside pool: {pool})")
    print("  (baseline A: plain SQLite with its defaults; baseline B: plain SQLite with the same "
          f"{DEFAULT_PAGE_SIZE // 1024} KiB pages the store uses)")
    for phase, seconds in encrypted.items():
        print(f"  {phase:<24} encrypted {seconds * 1000:8.1f} ms   A {plain[phase] * 1000:8.1f} ms"
              f" ({seconds / plain[phase]:.2f}x)   B {same_pages[phase] * 1000:8.1f} ms"
              f" ({seconds / same_pages[phase]:.2f}x)")
    total = sum(encrypted.values())
    ratio_a, ratio_b = total / sum(plain.values()), total / sum(same_pages.values())
    verdict = "OK" if ratio_a <= 1.3 else "OVER TARGET"
    print(f"  whole workload: {ratio_a:.2f}x plain SQLite (target <= 1.30x): {verdict}; "
          f"{ratio_b:.2f}x plain SQLite with the same page size")
    plain_total = sum(plain.values())
    for label, patch in (
        ("SQLite's default lookaside pool (what the larger pool saves)", DEFAULT_LOOKASIDE),
        ("cipher_memory_security OFF (the store always runs it ON)", MEMORY_SECURITY_OFF),
    ):
        diagnostic = _variant(patch, args.clients, args.notes)
        print(f"  diagnostic, with {label}: "
              f"{sum(diagnostic.values()) / plain_total:.2f}x plain SQLite")
    histogram, plain_histogram = date_function_cost(encrypted_engine), date_function_cost(
        plain_engine)
    print(f"  diagnostic, the month histogram with strftime() instead of the ISO prefix: "
          f"{histogram * 1000:.0f} ms, {histogram / plain_histogram:.1f}x plain SQLite (SQL date "
          "functions allocate outside the lookaside pool; the store's code never calls them)")
    in_list, ors = value_check_cost(encrypted_engine)
    print(f"  diagnostic, a CHECK on a five-valued column, a row: as an IN list "
          f"{in_list * 1e6:.1f} us, as ORs (as the store writes it) {ors * 1e6:.1f} us")
    enc_open, plain_open = open_cost(folder / "enc.db", key), plain_open_cost(folder / "plain.db")
    verdict = "OK" if enc_open < 0.005 else "OVER TARGET"
    print(f"open with data key: {enc_open * 1000:.2f} ms (plain SQLite {plain_open * 1000:.2f} ms,"
          f" ratio {enc_open / plain_open:.2f}x; target < 5 ms): {verdict}")
    params = calibrate()
    argon = _timed(lambda: stretch("bench passphrase", bytes(16), params), repeat=3)
    print(f"argon2id: time_cost={params.time_cost} memory={params.memory_cost // 1024} MiB "
          f"parallelism={params.parallelism}: {argon * 1000:.0f} ms (calibrated for ~500 ms)")


if __name__ == "__main__":
    main()
