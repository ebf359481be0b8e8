"""The core stands on its own: it never imports Qt, and the Qt it runs beside is a safe one."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import practice

ROOT = Path(__file__).resolve().parent.parent


def _core_modules() -> list[str]:
    return sorted(
        m.name for m in pkgutil.walk_packages(practice.__path__, "practice.")
        # Migration scripts run only inside Alembic; __main__ runs the command line.
        if ".migrations" not in m.name and not m.name.endswith("__main__")
    )


def test_importing_every_core_module_loads_no_qt() -> None:
    script = textwrap.dedent(f"""
        import importlib, sys
        for name in {_core_modules()!r}:
            importlib.import_module(name)
        loaded = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
        print(",".join(loaded))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, check=True)
    assert result.stdout.strip() == ""


def test_opening_a_store_from_the_command_line_loads_no_heavy_libraries() -> None:
    script = textwrap.dedent("""
        import sys
        import practice.cli, practice.store.store
        heavy = ("PySide6", "reportlab", "icalendar", "keyring")
        print(",".join(sorted(m for m in sys.modules if m.startswith(heavy))))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, check=True)
    assert result.stdout.strip() == ""


def test_opening_a_store_leaves_sqlalchemy_and_the_orm_for_the_first_session(
    tmp_path: Path,
) -> None:
    # The app paints its window as soon as the store is open; opening works on the driver's
    # own connection, so SQLAlchemy (about 160 ms), the ORM and the models load with the
    # first session, on the worker (bench/bench_app.py).
    from practice.store.kdf import FAST_INSECURE_PARAMS
    from practice.store.store import Store

    Store.create(tmp_path / "store", "a long test passphrase", kdf=FAST_INSECURE_PARAMS)[0].close()
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from practice.store.credentials import Passphrase
        from practice.store.store import Store

        def orm_modules():
            return [m for m in sys.modules if m.startswith(("sqlalchemy", "practice.models",
                                                            "practice.store.engine"))]

        store = Store.open(Path(sys.argv[1]), Passphrase("a long test passphrase"))
        print(len(orm_modules()))
        with store.sessions.begin():  # the first session does load them
            print(len(orm_modules()) > 0)
        store.close()
    """)
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "store")],
                            capture_output=True, text=True, cwd=ROOT, timeout=120, check=True)
    assert result.stdout.split() == ["0", "True"]


#: Loaded where they are used (a PDF, a calendar file, the keychain, a schema upgrade), never
#: on the way to the unlocked window: together about 75 MB and 600 ms (bench_imports.py).
KEPT_OFF_START_UP = ("keyring", "reportlab", "icalendar", "alembic")


def test_the_practice_command_parses_its_command_line_without_sqlalchemy_or_heavy_libraries(
) -> None:
    # ``practice`` (ui.launcher) parses every subcommand's arguments before the window:
    # SQLAlchemy (about 160 ms), the ORM and the models wait for the first session, on
    # the worker, after the unlocked window has painted.
    script = textwrap.dedent("""
        import sys
        from practice.cli import build_parser
        import ui.launcher
        build_parser().parse_args([])
        heavy = ("sqlalchemy", "sqlcipher3", "practice.store.store", "practice.models",
                 "PySide6", *sys.argv[1:])
        print(",".join(sorted(m for m in sys.modules if m.startswith(heavy))))
    """)
    result = subprocess.run([sys.executable, "-c", script, *KEPT_OFF_START_UP],
                            capture_output=True, text=True, cwd=ROOT, timeout=120, check=True)
    assert result.stdout.strip() == ""


def test_the_first_screen_loads_no_orm_before_it_paints() -> None:
    # Today is built on the UI thread as the window first paints; the ORM and the models
    # (about 200 ms and 20 MB) load on the worker with the first session, not before.
    pytest.importorskip("PySide6")
    script = textwrap.dedent("""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        import ui.controller, ui.workspace, ui.screens.today
        print(",".join(m for m in ("sqlalchemy.orm", "practice.models", "practice.services")
                       if m in sys.modules))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, check=True)
    assert result.stdout.strip() == ""


def test_the_letters_section_loads_neither_the_chart_nor_the_pdf_viewer() -> None:
    # Letters keeps its drafts with the notes' autosave; the note editor and the chart
    # (billing documents and all, about 2.5 MB) load only when a chart is opened, and
    # QtPdf (about 6 MB with its view) when the first PDF is shown.
    pytest.importorskip("PySide6")
    script = textwrap.dedent("""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        import ui.screens.letters
        print(",".join(m for m in ("ui.screens.chart", "ui.screens.notes.editor",
                                   "ui.screens.billing", "PySide6.QtPdf") if m in sys.modules))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, check=True)
    assert result.stdout.strip() == ""


#: Probe code: ``loaded_at(widget)`` runs the event loop until ``widget`` first paints and
#: returns the top-level packages loaded at that moment.
LOADED_AT_FIRST_PAINT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QEvent, QObject

    def loaded_at(widget):
        seen = []

        class FirstPaint(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint and not seen:
                    seen.append({m.split(".")[0] for m in sys.modules})
                return False

        watcher = FirstPaint()
        widget.installEventFilter(watcher)
        while not seen:
            app.processEvents()
        return seen[0]
""")


UNLOCK_SCREEN_PROBE = LOADED_AT_FIRST_PAINT + textwrap.dedent("""
    import os, sys
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from practice.cli import build_parser
    import ui.launcher
    build_parser().parse_args(["--store", sys.argv[1]])
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from ui.app import build_context
    from ui.controller import AppController

    app = QApplication([])
    controller = AppController(build_context(Path(sys.argv[1]), qsettings=QSettings(
        sys.argv[2], QSettings.Format.IniFormat)), app)
    controller.start()
    loaded = loaded_at(controller.window.unlock)
    print(controller.window.pages.currentWidget() is controller.window.unlock)
    print(",".join(sorted(loaded & set(sys.argv[3:]))))
    controller.close_store()
    controller.context.ops.shutdown()
""")


def test_the_unlock_screen_paints_before_sqlalchemy_or_the_store_is_loaded(
    tmp_path: Path,
) -> None:
    # The unlock screen paints first; then the store's libraries load while the
    # passphrase is typed (ui/prewarm.py), never before the screen is up.
    result = _probe_app(UNLOCK_SCREEN_PROBE, tmp_path, "sqlalchemy", "sqlcipher3")
    assert result.split("\n")[:2] == ["True", ""]


def _probe_app(probe: str, tmp_path: Path, *kept_off: str) -> str:
    """Run ``probe`` on a fresh store (fast key stretching); what it printed."""
    pytest.importorskip("PySide6")
    from practice.store.kdf import FAST_INSECURE_PARAMS
    from practice.store.store import Store

    store = tmp_path / "store"
    Store.create(store, "a long test passphrase", kdf=FAST_INSECURE_PARAMS)[0].close()
    return subprocess.run(
        [sys.executable, "-c", probe, str(store), str(tmp_path / "settings.ini"),
         *kept_off, *KEPT_OFF_START_UP], capture_output=True, text=True, cwd=ROOT,
        timeout=180, check=True).stdout


START_UP_PROBE = LOADED_AT_FIRST_PAINT + textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from practice.cli import build_parser
    import ui.launcher
    build_parser().parse_args(["--store", sys.argv[1]])
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication
    from practice.store.credentials import Passphrase
    from practice.store.store import Store
    from ui.app import build_context
    from ui.controller import AppController

    app = QApplication([])
    context = build_context(Path(sys.argv[1]), qsettings=QSettings(sys.argv[2],
                            QSettings.Format.IniFormat))
    controller = AppController(context, app)
    controller.window.show()
    controller.unlocked(Store.open(Path(sys.argv[1]), Passphrase("a long test passphrase")))
    at_first_paint = loaded_at(controller.window.workspace)
    deadline = time.monotonic() + 60
    while context.ops.busy and time.monotonic() < deadline:
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    print("busy" if context.ops.busy else "idle")
    print(",".join(sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[3:]))))
    print(",".join(sorted(at_first_paint & set(sys.argv[3:]))))
    controller.close_store()
    context.ops.shutdown()
""")


def test_the_unlocked_window_paints_before_sqlalchemy_is_loaded(tmp_path: Path) -> None:
    # Opening the store needs only the driver; SQLAlchemy (about 160 ms, as long as a bare
    # Qt window takes to appear) loads with Today's first query, after the first frame.
    at_first_paint = _probe_app(START_UP_PROBE, tmp_path, "sqlalchemy").split("\n")[2]
    assert at_first_paint == ""


def test_the_app_reaches_its_unlocked_window_without_keyring_reportlab_icalendar_or_alembic(
    tmp_path: Path,
) -> None:
    # The unlocked window and its first screen, loaded: what every start of the app pays.
    assert _probe_app(START_UP_PROBE, tmp_path).split("\n")[:2] == ["idle", ""]


def test_the_app_keeps_no_copy_of_the_source_pyside6_reads_from_each_module() -> None:
    # shiboken6 reads every module imported after PySide6 to see whether it names PySide6;
    # left in linecache, those lines were about 20 MB of the app's peak (bench_app.py).
    pytest.importorskip("PySide6")
    script = textwrap.dedent("""
        import linecache, os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication
        from ui.app import prepare_application
        import ui.demo
        read = [name for name in linecache.cache if name.endswith(".py")]
        prepare_application(QApplication([]))
        import practice.models, ui.controller
        kept = [name for name in linecache.cache if name.endswith(".py")]
        print(len(read) > 0, len(kept))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, check=True)
    assert result.stdout.split() == ["True", "0"]


REFCOUNT_PROBE = textwrap.dedent("""
    import os, sys
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication

    class Model(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):
            return 3
        def columnCount(self, parent=QModelIndex()):
            return 2
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return super().data(index, role) if False else None
        def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
            return super().headerData(section, orientation, role)

    app = QApplication([])
    model = Model()
    before = sys.getrefcount(None)
    for i in range(100_000):
        model.headerData(i % 2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        model.flags(model.index(0, 0))
    print("ok", sys.getrefcount(None) - before)
""")


def test_the_pinned_pyside6_survives_100000_base_class_model_fallbacks() -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None on each fallback and aborts."""
    pytest.importorskip("PySide6")
    result = subprocess.run([sys.executable, "-c", REFCOUNT_PROBE], capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok")


def test_the_dependency_markers_keep_python_311_off_pyside6_612() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "\"PySide6>=6.11,<6.12; python_version < '3.12'\"" in text


# SQLite's date and time functions, called as SQL (func.strftime(...), "strftime(" in text).
_SQL_DATE_FUNCTIONS = re.compile(
    r"func\.(strftime|date|datetime|julianday|unixepoch|timediff)\b"
    # In SQL text; not Python's own date.strftime(), which runs outside SQLite.
    r"|[\"'][^\"'\n]*(?<![.\w])(strftime|julianday|unixepoch|timediff)\s*\(", re.IGNORECASE)


def test_the_core_never_asks_sqlite_for_its_date_functions() -> None:
    # They build each result outside the connection's lookaside pool, so with SQLCipher's
    # memory security every row costs two system calls (practice/store/lookaside.py).
    # Dates are stored as ISO text: compare or cut the text instead.
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "practice").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _SQL_DATE_FUNCTIONS.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
