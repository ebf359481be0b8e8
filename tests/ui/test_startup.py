"""Start-up stays light: the unlock screen appears without the heavy or slow libraries."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

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
