"""Start-up stays light: unlock screen and workspace come up without heavy libraries or screens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEST_PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from ui.app import build_context
    from ui.controller import AppController

    app = QApplication([])
    settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
    controller = AppController(build_context(Path(sys.argv[1]), qsettings=settings), app)
    controller.start()
    app.processEvents()
    assert controller.window.pages.currentWidget() is controller.window.unlock
    heavy = ("keyring", "reportlab", "icalendar", "alembic")
    print(",".join(sorted({m.split(".")[0] for m in sys.modules if m.startswith(heavy)})))
    controller.close_store()
    controller.context.ops.shutdown()
""")


def test_the_unlock_screen_comes_up_without_keyring_reportlab_icalendar_or_alembic(
    store_path: Path, tmp_path: Path,
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(store_path), str(tmp_path / "settings.ini")],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == ""

# Unlocks straight to the workspace (as the unlock screen does on success), waits for
# Today's agenda, then lists what was loaded.
UNLOCKED_PROBE = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication
    from practice.store.credentials import Passphrase
    from practice.store.store import Store
    from ui.app import build_context
    from ui.controller import AppController

    app = QApplication([])
    settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
    context = build_context(Path(sys.argv[1]), qsettings=settings)
    controller = AppController(context, app)
    controller.window.show()
    controller.unlocked(Store.open(Path(sys.argv[1]), Passphrase(sys.argv[3])))
    while context.ops.busy:  # an event loop, not QTest.qWait, which starves the worker
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    workspace = controller.window.workspace
    print(json.dumps({
        "modules": sorted(sys.modules),
        "built": [screen.title for screen in workspace.built],
        "heading": workspace.current.heading.text(),
    }))
    controller.close_store()
    context.ops.shutdown()
""")

# Starts as the app does, waits on the unlock screen as a therapist typing would, then
# presses Enter; reports what was loaded before Enter and what loading Today added.
TYPING_PROBE = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication
    from ui.app import build_context
    from ui.controller import AppController

    def settle(context):
        while context.ops.busy:  # an event loop, not QTest.qWait (it starves the worker)
            loop = QEventLoop()
            QTimer.singleShot(20, loop.quit)
            loop.exec()

    app = QApplication([])
    settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
    context = build_context(Path(sys.argv[1]), qsettings=settings)
    controller = AppController(context, app)
    controller.start()
    settle(context)
    while_typing = sorted(sys.modules)
    unlock = controller.window.unlock
    unlock.passphrase.setText(sys.argv[3])
    unlock.submit_passphrase()
    settle(context)
    workspace = controller.window.workspace
    print(json.dumps({"while_typing": while_typing, "unlocked": sorted(sys.modules),
                      "heading": workspace.current.heading.text()}))
    controller.close_store()
    context.ops.shutdown()
""")

# Runs the real entry point and, once its event loop is going, reports the window icon.
ICON_PROBE = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from ui.app import run_app

    app = QApplication([])

    def report():
        window = next(w for w in app.topLevelWidgets() if w.isVisible())
        sizes = [s.width() for s in window.windowIcon().availableSizes()]
        largest = window.windowIcon().pixmap(512).width()
        print(json.dumps({"sizes": sizes, "largest": largest}))
        app.quit()

    QTimer.singleShot(0, report)
    run_app(Path(sys.argv[1]))
""")

LAZY_SCREENS = ("ui.screens.letters", "ui.screens.schedule", "ui.screens.settings",
                "ui.screens.clients", "ui.screens.units", "ui.screens.providers",
                "ui.screens.search")


def _probe(code: str, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}, timeout=120,
        check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    reported: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return reported


def test_unlocking_builds_only_today_and_loads_no_heavy_library_or_other_screen(
    store_path: Path, tmp_path: Path,
) -> None:
    found = _probe(UNLOCKED_PROBE, str(store_path), str(tmp_path / "settings.ini"),
                   TEST_PASSPHRASE)
    modules = set(found["modules"])
    heavy = ("keyring", "reportlab", "icalendar", "alembic")
    assert sorted(m for m in modules if m.split(".")[0] in heavy) == []
    assert sorted(m for m in modules if m.startswith(LAZY_SCREENS)) == []
    assert found["built"] == ["Today"]
    assert found["heading"] != ""  # Today's agenda did arrive


def test_what_unlocking_needs_loads_while_the_passphrase_is_typed(
    store_path: Path, tmp_path: Path,
) -> None:
    found = _probe(TYPING_PROBE, str(store_path), str(tmp_path / "settings.ini"),
                   TEST_PASSPHRASE)
    before, after = set(found["while_typing"]), set(found["unlocked"])
    assert {"sqlalchemy", "sqlcipher3", "practice.models", "practice.store.store"} <= before
    heavy = ("keyring", "reportlab", "icalendar", "alembic")
    assert sorted(m for m in before if m.split(".")[0] in heavy) == []
    # After Enter only the views remain to load: every core module Today needed was
    # already there (ui.prewarm.UNLOCK_NEEDS is in step with the unlock).
    assert sorted(m for m in after - before if m.startswith("practice")) == []
    assert found["heading"] != ""  # Today's agenda did arrive


def test_the_app_window_carries_its_icon_up_to_high_dpi_sizes(
    store_path: Path, tmp_path: Path,
) -> None:
    # The user's own settings stay untouched: QSettings follows XDG_CONFIG_HOME.
    found = _probe(ICON_PROBE, str(store_path),
                   env={"XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert found["sizes"] == [16, 24, 32, 48, 64, 128, 256, 512]
    assert found["largest"] == 512


def test_every_icon_size_is_a_png_of_that_size_drawn_from_the_packaged_icon() -> None:
    from PySide6.QtGui import QImage

    from practice.paths import resources_dir
    from ui.app import ICON_SIZES

    hicolor = ROOT / "packaging" / "linux" / "icons" / "hicolor"
    for size in ICON_SIZES:
        png = resources_dir() / "icons" / f"practice-{size}.png"
        assert QImage(str(png)).size().toTuple() == (size, size)
        packaged = hicolor / f"{size}x{size}" / "apps" / "practice.png"
        if packaged.exists():  # the desktop entry's icon and the window's are one drawing
            assert png.read_bytes() == packaged.read_bytes()


def test_an_early_enter_stops_the_loading_after_the_module_in_hand(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ui.prewarm

    loaded: list[str] = []
    monkeypatch.setattr(ui.prewarm.importlib, "import_module", loaded.append)

    class EnterAfterTwo:
        def cancelled(self) -> bool:
            return len(loaded) >= 2

    ui.prewarm.load_unlock_modules(EnterAfterTwo())
    assert loaded == list(ui.prewarm.UNLOCK_NEEDS[:2])
