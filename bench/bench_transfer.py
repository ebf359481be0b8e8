"""Whole-practice export and import against ``practice backup`` of the same store, in one run.

Target (issue: records in and out): export and import of 5,000 clients with 50,000 notes
each within 3x the time of a verified backup of the same store.

Run: python bench/bench_transfer.py [--clients 5000 --notes 50000]

An export stretches its passphrase with Argon2id once and an import twice (the export's,
then the new store's), at the costs calibrated for this computer (about half a second
each, whatever the practice's size); a backup stretches none. The bench prints the ratios
with and without those fixed costs.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from practice.demo import build_demo
from practice.services.practice_export import export_practice, import_practice
from practice.store.backup import backup
from practice.store.kdf import calibrate, stretch
from practice.store.store import Store

PASSPHRASE = "bench passphrase for the store"
EXPORT_PASSPHRASE = "bench passphrase for the export"


def _seconds(label: str, work: object) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    took = time.perf_counter() - started
    print(f"{label:<34} {took:8.2f} s")
    return took


def main() -> None:
    """Build the practice, then time backup, export and import of it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--notes", type=int, default=50000)
    args = parser.parse_args()
    kdf = calibrate()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        store, _ = Store.create(root / "store", PASSPHRASE, kdf=kdf)
        with store:
            _seconds(f"build {args.clients} clients, {args.notes} notes",
                     lambda: build_demo(store.sessions, clients=args.clients, notes=args.notes))
            size = (root / "store" / "practice.db").stat().st_size
            print(f"{'store size':<34} {size / 1024**2:8.1f} MB")
            baseline = _seconds("baseline: practice backup",
                                lambda: backup(store, root / "backups"))
            exported = _seconds("export (encrypted)",
                                lambda: export_practice(store, root / "p.export",
                                                        passphrase=EXPORT_PASSPHRASE, kdf=kdf))
        print(f"{'export file':<34} {(root / 'p.export').stat().st_size / 1024**2:8.1f} MB")

        def import_it() -> None:
            copy, _, _ = import_practice(root / "p.export", root / "copy",
                                         passphrase=EXPORT_PASSPHRASE,
                                         store_passphrase=PASSPHRASE, kdf=kdf)
            copy.close()

        imported = _seconds("import (into a new store)", import_it)
    argon = _seconds("one Argon2id stretch (fixed cost)",
                     lambda: stretch(PASSPHRASE, bytes(16), kdf))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak RSS':<34} {peak:8.0f} MB")
    print(f"export / backup: {exported / baseline:.2f}x (target <= 3.0x); "
          f"without its stretch {(exported - argon) / baseline:.2f}x")
    print(f"import / backup: {imported / baseline:.2f}x (target <= 3.0x); "
          f"without its two stretches {(imported - 2 * argon) / baseline:.2f}x")


if __name__ == "__main__":
    main()
