"""Desktop-app benchmark: cold start, the 10,000-client list, memory and typing in Search.

Every measure runs in a child process under Qt's offscreen platform, timed against
targets from the issue; cold start is a ratio against a bare PySide6 window with a table,
measured in the same run:

1. Cold start to the unlocked main window of the demo practice, Argon2id excluded (the
   store uses the fast, insecure parameters): within 3.0x the bare window. The child starts
   as ``practice`` does (the entry point and its command line first); the parent times it
   from spawn until it prints READY, just after the window's first paint. Keyring,
   ReportLab, icalendar, Alembic and SQLAlchemy must not be loaded by then (opening the
   store needs only the driver; bench_imports.py prints what each costs).
2. The Clients list with 10,000 clients: first paint with rows under 50 ms after the
   switch to the section (the screen is built on its first visit just before, and that
   time is printed beside the measure); the whole app within 160 MB (peak RSS after every
   section), with the heavy libraries each section loaded printed beside it. The children
   wait in the event loop, never with ``QTest.qWait``, which keeps the GIL and slowed the
   worker three to ten times.
3. Typing in Search never blocks the UI for more than 50 ms: the longest gap between
   ticks of a 5 ms timer while a query is typed key by key (each key followed by a pause
   longer than the search's typing delay, so every prefix runs a search).

Children run as an installed app does, from compiled bytecode, even where the environment
sets ``PYTHONDONTWRITEBYTECODE``, which would recompile every module of the app at every
start (compiling costs time and about 10 MB of peak RSS). The app's packages are compiled
first (``__pycache__`` folders, ignored by git), as an installer does; the libraries have
theirs from pip.

Run: python bench/bench_app.py [--rounds 5] [--clients 10000] [--store DIR] [--skip-start]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

PASSPHRASE = "bench passphrase"
HEAVY = ("reportlab", "icalendar", "alembic", "keyring", "argon2", "sqlalchemy", "sqlcipher3")
MUST_NOT_LOAD = ("reportlab", "icalendar", "alembic", "keyring", "sqlalchemy")
QUERY = "anxiety"
START_RATIO = 3.0
CLIENTS_PAINT_MS = 50.0
RSS_MB = 160.0
STALL_MS = 50.0
ROOT = Path(__file__).resolve().parent.parent
#: A child's milestones (perf_counter), reported as steps after READY.
PHASES: dict[str, float] = {"main": time.perf_counter()}


# --- the children ------------------------------------------------------------------------

def _application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def _on_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once the first paint pass of ``window`` (any of its widgets) is over."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if (not self.done and event.type() == QEvent.Type.Paint
                    and _in(watched, window)):
                self.done = True
                # After the paint pass in progress has finished, not in its middle.
                QTimer.singleShot(0, then)
            return False

    watcher = FirstPaint(window)
    _application().installEventFilter(watcher)


def _in(watched: QObject, window: QWidget) -> bool:
    from PySide6.QtWidgets import QWidget

    return isinstance(watched, QWidget) and watched.window() is window


def child_baseline() -> None:
    """A bare window: QMainWindow, a QTableView over a small model, first paint, READY."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QMainWindow, QTableView

    PHASES["imports"] = time.perf_counter()
    app = _application()
    window = QMainWindow()
    model = QStandardItemModel(20, 3, window)
    for row in range(20):
        for column in range(3):
            model.setItem(row, column, QStandardItem(f"cell {row}:{column}"))
    table = QTableView()
    table.setModel(model)
    window.setCentralWidget(table)
    window.resize(1000, 700)
    _on_first_paint(window, lambda: _ready(app, {}))
    window.show()
    app.exec()


def _ready(app: QApplication, extra: dict[str, Any]) -> None:
    PHASES["painted"] = time.perf_counter()
    marks = list(PHASES.items())
    extra["steps"] = {name: (at - before) * 1000
                      for (_, before), (name, at) in itertools.pairwise(marks)}
    extra["modules"] = [name for name in HEAVY if name in sys.modules]
    print("READY", flush=True)
    print(json.dumps(extra), flush=True)
    app.quit()


def _open_app(path: Path, settings: Path) -> tuple[Any, Any]:
    """The app as it is after a successful unlock: context, controller, window shown.

    Started as ``practice`` starts it: the entry point (``ui.launcher.main``) reads the
    command line, with every subcommand registered, and calls ``ui.app.run_app``; here
    that is replaced by what run_app would do up to a successful unlock.
    """
    import ui.app
    from ui.launcher import main as practice

    opened: list[tuple[Any, Any]] = []

    def unlocked_app(store: Path | None = None, demo: bool = False) -> int:
        assert store is not None and not demo
        opened.append(_unlock(store, settings))
        return 0

    ui.app.run_app = unlocked_app
    practice(["--store", str(path)])
    return opened[0]


def _unlock(path: Path, settings: Path) -> tuple[Any, Any]:
    PHASES["command line"] = time.perf_counter()
    from PySide6.QtCore import QSettings

    from practice.store.credentials import Passphrase
    from practice.store.store import Store
    from ui.app import build_context, prepare_application
    from ui.controller import AppController

    PHASES["imports"] = time.perf_counter()
    app = _application()
    prepare_application(app)  # as run_app does
    qsettings = QSettings(str(settings), QSettings.Format.IniFormat)
    context = build_context(path, qsettings=qsettings)
    controller = AppController(context, app)
    controller.window.show()
    PHASES["window"] = time.perf_counter()
    # What the unlock screen does on success, minus the worker hop: open, then unlocked().
    store = Store.open(path, Passphrase(PASSPHRASE))
    PHASES["store open"] = time.perf_counter()
    controller.unlocked(store)
    PHASES["workspace"] = time.perf_counter()
    return context, controller


def _close_app(context: Any, controller: Any) -> None:
    controller.close_store()
    context.ops.shutdown()


def child_app(path: Path, settings: Path) -> None:
    """The app: build the context and controller, unlock, first paint, READY."""
    app = _application()
    context, controller = _open_app(path, settings)
    _on_first_paint(controller.window, lambda: _ready(app, {}))
    app.exec()
    _close_app(context, controller)


def _pause(ms: int) -> None:
    """Run the event loop for ``ms``, as the app's own loop does between events.

    Not ``QTest.qWait``: PySide6 keeps the GIL through it, which starves the worker thread
    (a job took three to ten times longer than under ``app.exec()``), so waiting with it
    would time the bench rather than the app.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _wait_until(condition: Callable[[], bool], timeout_ms: int = 10_000, poll_ms: int = 1
                ) -> bool:
    deadline = time.perf_counter() + timeout_ms / 1000
    while not condition():
        if time.perf_counter() > deadline:
            return False
        _pause(poll_ms)
    return True


def _worker_idle(context: Any, timeout_s: int) -> float:
    """Seconds until every operation has called back (NaN if still busy at the timeout)."""
    began = time.perf_counter()
    # A slow poll, so the main thread does not compete with the worker for the GIL.
    if not _wait_until(lambda: not context.ops.busy, timeout_s * 1000, poll_ms=50):
        return float("nan")
    return time.perf_counter() - began


def _clients_first_paint(workspace: Any) -> tuple[float, float]:
    """Milliseconds from the switch to Clients until its table paints with rows.

    Also the milliseconds building the screen took beforehand (screens are built on their
    first visit), reported beside the measure rather than in it.
    """
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    from ui.screens.clients import ClientsScreen

    began = time.perf_counter()
    clients = workspace.section(ClientsScreen)
    build_ms = (time.perf_counter() - began) * 1000
    painted: list[float] = []
    # Waited for in the event loop, woken by the paint itself: polling every millisecond
    # from Python would take the GIL from the worker reading the page.
    loop = QEventLoop()

    class RowsPainted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if (event.type() == QEvent.Type.Paint and not painted
                    and clients.proxy.rowCount() > 0):
                painted.append(time.perf_counter())
                QTimer.singleShot(0, loop.quit)
            return False

    watcher = RowsPainted(clients)
    clients.table.viewport().installEventFilter(watcher)
    QTimer.singleShot(10_000, loop.quit)
    began = time.perf_counter()
    workspace.show_section(workspace.screens.index(clients))
    if not painted:
        loop.exec()
    clients.table.viewport().removeEventFilter(watcher)
    return ((painted[0] - began) * 1000 if painted else float("nan")), build_ms


def _typing_stall(workspace: Any) -> tuple[float, str]:
    """Longest gap (ms) between 5 ms timer ticks while a query is typed in Search."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    from ui.screens.search import TYPING_PAUSE_MS, SearchScreen

    workspace.focus_search()
    search = workspace.section(SearchScreen)
    _pause(200)
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(5)
    for char in QUERY:
        QTest.keyClicks(search.field, char)  # one key, as typed
        _pause(TYPING_PAUSE_MS + 100)  # every prefix runs a search and shows it
    _wait_until(lambda: bool(search.summary.text()), 5_000)
    _pause(100)
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    return max(gaps, default=float("nan")) * 1000, search.summary.text()


def child_clients(path: Path, settings: Path, *, skip_today: bool = False) -> None:
    """10,000 clients: the list's first paint, typing in Search, peak RSS; prints JSON.

    With ``skip_today`` the Today screen reads nothing, so the list is measured alone.
    """
    import resource

    if skip_today:
        from ui.screens.today import TodayScreen

        TodayScreen.load = lambda self: None  # type: ignore[method-assign]
    context, controller = _open_app(path, settings)
    workspace = controller.window.workspace
    # Today loads first, as after a real unlock; the list is timed once the worker is idle
    # (the one worker runs jobs in turn, so a slow Today delays the list by as much).
    today_s = _worker_idle(context, 300)
    _pause(300)
    paint_ms, build_ms = _clients_first_paint(workspace)
    rows = workspace.section(_clients_screen()).model.rowCount()
    stall_ms, summary = _typing_stall(workspace)
    sections_s, visits = 0.0, []
    for index in range(len(workspace.screens)):
        loaded = set(sys.modules)
        workspace.show_section(index)
        _pause(300)
        # Each section's loads finish before the next, so what it loaded is its own.
        sections_s += _worker_idle(context, 180)
        visits.append({
            "section": type(workspace.screens[index]).__name__,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "heavy": sorted({name.split(".")[0] for name in set(sys.modules) - loaded}
                            & set(HEAVY))})
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"today_s": today_s, "paint_ms": paint_ms, "build_ms": build_ms,
                      "rows_fetched": rows,
                      "stall_ms": stall_ms, "search_summary": summary, "visits": visits,
                      "sections_s": sections_s, "peak_mb": peak_kib / 1024}), flush=True)
    _close_app(context, controller)


def _clients_screen() -> type:
    from ui.screens.clients import ClientsScreen

    return ClientsScreen


# --- the parent --------------------------------------------------------------------------

def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # run from bytecode, as installed
    return env


def _spawn(*args: str) -> tuple[float, dict[str, Any]]:
    """Run a child; seconds from spawn to READY, and the JSON it printed after."""
    began = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, "--child", *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=_env(), cwd=ROOT)
    assert child.stdout is not None and child.stderr is not None
    elapsed, payload = float("nan"), {}
    for line in child.stdout:
        if line.strip() == "READY":
            elapsed = time.perf_counter() - began
        elif line.startswith("{"):
            payload = json.loads(line)
    # The offscreen platform's routine warning says nothing about the app; the rest shows.
    errors = [line for line in child.stderr if "propagateSizeHints" not in line]
    sys.stderr.writelines(errors)
    if child.wait() != 0:
        raise SystemExit(f"child {args[0]} failed with status {child.returncode}")
    return elapsed, payload


def build_store(path: Path, clients: int = 0) -> None:
    """A demo practice with fast Argon2id (so the measure excludes that step), closed."""
    from practice.demo import build_demo
    from practice.store.kdf import FAST_INSECURE_PARAMS
    from practice.store.store import Store

    store, _ = Store.create(path, PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    try:
        build_demo(store.sessions, clients=clients)
    finally:
        store.close()


def _list(seconds: list[float]) -> str:
    return ", ".join(f"{s * 1000:.0f}" for s in seconds)


def _verdict(ok: bool) -> str:
    return "OK" if ok else "OVER TARGET"


def bench_start(folder: Path, rounds: int) -> None:
    """Cold start, alternating bare window and app; medians and their ratio."""
    store, settings = folder / "demo", folder / "start.ini"
    build_store(store)
    _spawn("baseline")  # warm the file cache for both before measuring
    _spawn("app", str(store), str(settings))
    bare: list[float] = []
    full: list[float] = []
    steps: dict[str, list[dict[str, float]]] = {"bare": [], "app": []}
    modules: list[str] = []
    for _ in range(rounds):
        seconds, payload = _spawn("baseline")
        bare.append(seconds)
        steps["bare"].append(payload["steps"])
        seconds, payload = _spawn("app", str(store), str(settings))
        full.append(seconds)
        steps["app"].append(payload["steps"])
        modules = payload["modules"]
    bare_ms, app_ms = statistics.median(bare) * 1000, statistics.median(full) * 1000
    ratio = app_ms / bare_ms
    print(f"cold start: bare window {bare_ms:.0f} ms, app {app_ms:.0f} ms (medians of "
          f"{rounds}; runs: bare {_list(bare)} ms, app {_list(full)} ms)")
    for kind, runs in steps.items():
        parts = ", ".join(f"{name} {statistics.median(r[name] for r in runs):.0f}"
                          for name in runs[0])
        print(f"  {kind} child after interpreter start (median ms): {parts}")
    loaded = [m for m in MUST_NOT_LOAD if m in modules]
    print(f"heavy modules loaded at READY: {', '.join(modules) or 'none'}; of those that "
          f"should not be: {', '.join(loaded) or 'none'} -> {_verdict(not loaded)}")
    print(f"target: cold start within {START_RATIO}x the bare window: {ratio:.2f}x -> "
          f"{_verdict(ratio <= START_RATIO)}")


def _big_store(folder: Path, clients: int, kept: Path | None) -> Path:
    """The big practice in ``folder``: built there, or copied from ``kept`` (built once)."""
    store = folder / "big"
    began = time.perf_counter()
    if kept is None:
        build_store(store, clients=clients)
    else:
        if not kept.exists():
            build_store(kept, clients=clients)
        # A copy per run: unlocking and loading write to the store (audit log, anchors).
        shutil.copytree(kept, store)
    print(f"built: demo practice plus {clients} clients ({time.perf_counter() - began:.1f} s"
          f"{'' if kept is None else f', kept in {kept}'})")
    return store


def bench_clients(folder: Path, clients: int, skip_today: bool = False,
                  kept: Path | None = None) -> None:
    """The big practice: list paint, typing stall and peak memory."""
    store, settings = _big_store(folder, clients, kept), folder / "big.ini"
    _, result = _spawn("clients-alone" if skip_today else "clients", str(store),
                       str(settings))
    if skip_today:
        print("Today's screen stubbed out (--skip-today): the list is measured alone")
    paint, stall, peak = result["paint_ms"], result["stall_ms"], result["peak_mb"]
    print(f"Today's agenda after unlock kept the worker busy {result['today_s']:.1f} s "
          f"(NaN: over 300 s); the Clients list waits behind it")
    print(f"target: clients list first paint with rows under {CLIENTS_PAINT_MS:.0f} ms: "
          f"{paint:.1f} ms ({result['rows_fetched']} rows fetched; building the screen on "
          f"its first visit took {result['build_ms']:.0f} ms before, not counted) -> "
          f"{_verdict(paint < CLIENTS_PAINT_MS)}")
    print(f"target: typing in Search blocks the UI under {STALL_MS:.0f} ms: longest stall "
          f"{stall:.1f} ms (query {QUERY!r}: {result['search_summary']}) -> "
          f"{_verdict(stall < STALL_MS)}")
    for visit in result["visits"]:
        print(f"  after {visit['section']}: peak RSS {visit['peak_mb']:.0f} MB"
              f"{'; it loaded ' + ', '.join(visit['heavy']) if visit['heavy'] else ''}")
    print(f"target: whole app within {RSS_MB:.0f} MB: peak RSS {peak:.0f} MB after every "
          f"section (their loads took {result['sections_s']:.1f} s more; NaN: over 180 s) "
          f"-> {_verdict(peak <= RSS_MB)}")


def main() -> None:
    """Run the children (or be one), print each measure against its target."""
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        mode, rest = sys.argv[2], [Path(a) for a in sys.argv[3:]]
        {"baseline": lambda: child_baseline(), "app": lambda: child_app(*rest),
         "clients": lambda: child_clients(*rest),
         "clients-alone": lambda: child_clients(*rest, skip_today=True)}[mode]()
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="cold starts of each kind")
    parser.add_argument("--clients", type=int, default=10_000, help="clients in the big list")
    parser.add_argument("--skip-today", action="store_true",
                        help="stub out Today's load, to time the list without it")
    parser.add_argument("--store", type=Path, default=None,
                        help="keep the big practice here (built once if missing; it must "
                             "have been built with the same --clients) and copy it per run")
    parser.add_argument("--skip-start", action="store_true",
                        help="leave out the cold-start measure")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "practice", "ui"],
                   cwd=ROOT, env=_env(), check=True)
    with tempfile.TemporaryDirectory(prefix="practice-bench-") as folder:
        if not args.skip_start:
            bench_start(Path(folder), args.rounds)
        bench_clients(Path(folder), args.clients, args.skip_today, args.store)


if __name__ == "__main__":
    main()
