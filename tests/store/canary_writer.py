"""Writes canary strings through an open store, then waits, so a test can search the disk."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import text

from practice.store.credentials import Passphrase
from practice.store.store import Store

CANARIES = ("CANARY-Ζωή-Kowalczyk-8d1f", "CANARY-erectile-disorder-77a2", "CANARY-555-0199-c0de")


def write_canaries(store: Store) -> None:
    """Put every canary into ordinary rows, in several transactions (so the WAL holds them)."""
    with store.engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS canary_probe (id INTEGER PRIMARY KEY, "
                          "body TEXT)"))
    for round_ in range(20):
        with store.engine.begin() as conn:
            for canary in CANARIES:
                conn.execute(text("INSERT INTO canary_probe (body) VALUES (:b)"),
                             {"b": f"{canary} {round_} " + "filler " * 50})


def main(store_path: str, passphrase: str) -> None:
    """Open, write, report, then hold the store open until told to go."""
    store = Store.open(Path(store_path), Passphrase(passphrase))
    write_canaries(store)
    print("WRITTEN", flush=True)
    sys.stdin.readline()
    store.close()
    print("CLOSED", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
