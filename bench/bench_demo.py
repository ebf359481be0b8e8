"""Demo benchmark: the first run of ``practice --demo``, which creates the demo practice.

The first run creates the demo store (fast, insecure Argon2id: the demo is fictional) and
writes its practice through the services. Measured against a baseline in the same run,
creating an empty store the same way, which every first run pays. Target: within 2 s, or
shown with real progress while the window stays responsive, so the bench also prints:

- how many progress reports the builder made and the longest wait between two of them
  (what the progress dialog shows);
- the longest stall of a 5 ms timer on the main thread of an offscreen Qt app while the
  worker builds (how responsive the window stays, as the GIL is shared).

Each round builds a fresh demo in a new folder; medians of the rounds.

Run: python bench/bench_demo.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_S = 2.0
STALL_MS = 50.0


def empty_store(folder: Path) -> float:
    """Seconds to create (and close) an empty store with the demo's key derivation."""
    from practice.store.kdf import FAST_INSECURE_PARAMS
    from practice.store.store import Store
    from ui.demo import DEMO_PASSPHRASE

    began = time.perf_counter()
    store, _ = Store.create(folder, DEMO_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    store.close()
    return time.perf_counter() - began


def first_demo(folder: Path) -> dict[str, float]:
    """Build the demo on a worker thread while a Qt timer ticks on the main thread."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.demo import open_demo

    if QApplication.instance() is None:
        QApplication([])
    ticks: list[float] = []
    reports: list[float] = []
    loop = QEventLoop()
    with ThreadPoolExecutor(max_workers=1) as worker:
        began = time.perf_counter()
        future: Future[object] = worker.submit(
            open_demo, folder, progress=lambda _done, _total: reports.append(
                time.perf_counter()))

        def tick() -> None:
            # The main thread's timer, as a window's event loop would run it.
            ticks.append(time.perf_counter())
            if future.done():
                loop.quit()

        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(tick)
        timer.start(5)
        loop.exec()
        timer.stop()
        store = future.result()
        seconds = ticks[-1] - began
    store.close()  # type: ignore[attr-defined]
    marks = [began, *reports, began + seconds]
    return {"seconds": seconds, "reports": len(reports),
            "longest_step_ms": max(b - a for a, b in itertools.pairwise(marks)) * 1000,
            "stall_ms": max((b - a for a, b in itertools.pairwise(ticks)), default=0) * 1000}


def main() -> None:
    """Time the first demo run against an empty store's creation, round by round."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="fresh demos to build")
    args = parser.parse_args()
    first_demo(Path(tempfile.mkdtemp(prefix="practice-bench-warm-")) / "demo")  # imports
    empty: list[float] = []
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="practice-bench-demo-") as folder:
        for round_ in range(args.rounds):
            empty.append(empty_store(Path(folder) / f"empty{round_}"))
            runs.append(first_demo(Path(folder) / f"demo{round_}"))
    seconds = statistics.median(r["seconds"] for r in runs)
    baseline = statistics.median(empty)
    listed = ", ".join(f"{r['seconds']:.2f}" for r in runs)
    print(f"empty store (baseline): {baseline:.2f} s; first demo run: {seconds:.2f} s "
          f"({seconds / baseline:.1f}x; runs {listed} s)")
    reports = statistics.median(r["reports"] for r in runs)
    step = statistics.median(r["longest_step_ms"] for r in runs)
    stall = statistics.median(r["stall_ms"] for r in runs)
    print(f"progress: {reports:.0f} reports, longest wait between two {step:.0f} ms")
    print(f"window: longest stall of a 5 ms timer while the demo is built {stall:.0f} ms -> "
          f"{'OK' if stall < STALL_MS else 'OVER TARGET'} (under {STALL_MS:.0f} ms)")
    shown = reports >= 2 and stall < STALL_MS
    print(f"target: first demo run within {TARGET_S:.0f} s, or shown with real progress: "
          f"{seconds:.2f} s{', with progress' if shown else ''} -> "
          f"{'OK' if seconds <= TARGET_S or shown else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
