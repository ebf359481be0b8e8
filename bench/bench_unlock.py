"""Unlock as the therapist meets it: the wait after Enter, with and without typing time.

bench_app.py times cold start to the unlocked window as one sequence (spawn, imports,
store open, workspace, paint) with no one at the keyboard. A therapist's start has a
pause in the middle: the unlock screen is up while she types her passphrase, and the
app uses that pause to load what unlocking needs (ui/prewarm.py). This bench starts the
app as ``practice`` does, waits on the unlock screen for a typing pause, presses Enter
and times, from Enter:

- the unlocked window's first paint, and
- Today's agenda arriving (the worker idle again),

for a pause of 0 ms (Enter pressed the instant the screen is up, as a password manager
might: the module being loaded finishes, the rest is left to Today's first load) and for
a typing pause (1.5 s by default, a short passphrase typed quickly). Argon2id is excluded
(the store uses the fast, insecure parameters), so the figures are the app's own; with
real parameters the KDF adds the same time to both. The bare PySide6 window of
bench_app.py is measured in the same run as the reference for ratios.

Run: python bench/bench_unlock.py [--rounds 5] [--pause-ms 1500]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_app  # the bare window and the demo store are shared

ROOT = Path(__file__).resolve().parent.parent


def child_typed(path: Path, settings: Path, pause_ms: int) -> None:
    """Start as the app does, wait ``pause_ms`` on the unlock screen, press Enter."""
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from ui.app import build_context, prepare_application
    from ui.controller import AppController

    app = bench_app._application()
    prepare_application(app)
    qsettings = QSettings(str(settings), QSettings.Format.IniFormat)
    context = build_context(path, qsettings=qsettings)
    controller = AppController(context, app)
    marks: dict[str, float] = {}

    def today_arrived() -> None:
        if context.ops.busy:
            QTimer.singleShot(1, today_arrived)
            return
        marks["today"] = time.perf_counter()
        print("READY", flush=True)
        print(json.dumps({name: (at - marks["enter"]) * 1000
                          for name, at in marks.items() if name != "enter"}), flush=True)
        app.quit()

    def window_painted() -> None:
        marks["window"] = time.perf_counter()
        today_arrived()

    def unlocked(_store: object) -> None:
        bench_app._on_first_paint(controller.window, window_painted)

    def enter() -> None:
        unlock = controller.window.unlock
        unlock.unlocked.connect(unlocked)
        unlock.passphrase.setText(bench_app.PASSPHRASE)
        marks["enter"] = time.perf_counter()
        unlock.submit_passphrase()

    def screen_up() -> None:
        # The pause runs in the event loop, as typing would: the worker is free to load.
        loop = QEventLoop()
        QTimer.singleShot(pause_ms, loop.quit)
        loop.exec()
        enter()

    bench_app._on_first_paint(controller.window, screen_up)
    controller.start()
    app.exec()
    controller.close_store()
    context.ops.shutdown()


def _spawn(*args: str) -> dict[str, Any]:
    child = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                           text=True, env=bench_app._env(), cwd=ROOT, check=False)
    if child.returncode != 0:
        raise SystemExit(f"child failed with status {child.returncode}: {child.stderr}")
    payload: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return payload


def main() -> None:
    """Run the children (or be one) and print the waits after Enter."""
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_typed(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="runs of each kind")
    parser.add_argument("--pause-ms", type=int, default=1500,
                        help="how long the passphrase takes to type")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "practice", "ui"],
                   cwd=ROOT, env=bench_app._env(), check=True)
    with tempfile.TemporaryDirectory(prefix="practice-bench-") as folder:
        store, settings = Path(folder) / "demo", Path(folder) / "unlock.ini"
        bench_app.build_store(store)
        _spawn(str(store), str(settings), "0")  # warm the file cache
        bare: list[float] = []
        runs: dict[int, list[dict[str, Any]]] = {0: [], args.pause_ms: []}
        for _ in range(args.rounds):
            bare.append(bench_app._spawn("baseline")[0] * 1000)
            for pause in runs:
                runs[pause].append(_spawn(str(store), str(settings), str(pause)))
    bare_ms = statistics.median(bare)
    print(f"bare PySide6 window with a table, spawn to first paint: {bare_ms:.0f} ms "
          f"(median of {args.rounds})")
    for pause, results in runs.items():
        window = statistics.median(r["window"] for r in results)
        today = statistics.median(r["today"] for r in results)
        said = "at once" if pause == 0 else f"after {pause} ms of typing"
        print(f"Enter pressed {said}: unlocked window painted {window:.0f} ms after Enter "
              f"({window / bare_ms:.2f}x the bare window), Today's agenda in {today:.0f} ms "
              f"({today / bare_ms:.2f}x)")


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
