"""The PyInstaller build: it freezes, and the frozen program does the store's work headless.

Building takes a minute or two, so these run only with ``PRACTICE_SLOW_TESTS=1`` or when a
``-m`` expression names ``slow`` (the convention of tests/store/test_crash_safety.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import practice
from practice.store import schema
from practice.store.credentials import Passphrase
from practice.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
SLOW_ENV = "PRACTICE_SLOW_TESTS"
PASSPHRASE = "frozen build test passphrase"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def frozen(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the app once for this module (into a temporary folder) and return its program."""
    markexpr = str(request.config.getoption("-m") or "")
    if os.environ.get(SLOW_ENV) != "1" and "slow" not in markexpr:
        pytest.skip(f"the frozen build runs with {SLOW_ENV}=1 or -m slow")
    out = tmp_path_factory.mktemp("frozen")
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"),
                    "--dist", str(out / "dist"), "--work", str(out / "work")],
                   check=True, capture_output=True)
    name = "practice.exe" if sys.platform == "win32" else "practice"
    program = out / "dist" / "practice" / name
    assert program.is_file()
    return program


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment with the passphrase set and a private home and data folder."""
    return {**os.environ, "PRACTICE_PASSPHRASE": PASSPHRASE, "HOME": str(tmp_path / "home"),
            "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "QT_QPA_PLATFORM": "offscreen"}


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result


def test_the_frozen_program_reports_its_version(frozen: Path, env: dict[str, str]) -> None:
    assert run([str(frozen), "--version"], env).stdout.strip() == f"practice {practice.__version__}"


def test_the_frozen_program_creates_a_store_at_the_current_schema(
        frozen: Path, env: dict[str, str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert "recovery key" in run([str(frozen), "init", "--store", str(store)], env).stdout
    # The source install opens it without upgrading: the frozen Alembic ran every migration.
    with Store.open(store, Passphrase(PASSPHRASE)) as opened, opened.engine.connect() as conn:
        assert schema.current_revision(conn.connection.dbapi_connection) == schema.HEAD


def test_the_frozen_program_verifies_and_backs_up_its_store(
        frozen: Path, env: dict[str, str], tmp_path: Path) -> None:
    store, backups = tmp_path / "store", tmp_path / "backups"
    run([str(frozen), "init", "--store", str(store)], env)
    assert "intact" in run([str(frozen), "verify", "--store", str(store)], env).stdout
    run([str(frozen), "backup", "--store", str(store), str(backups)], env)
    (backup,) = backups.iterdir()
    restored = tmp_path / "restored"
    run([sys.executable, "-m", "practice", "restore", "--store", str(restored), str(backup)], env)
    assert "intact" in run([sys.executable, "-m", "practice", "verify", "--store",
                            str(restored)], env).stdout


def test_the_frozen_program_opens_a_store_the_source_install_made(
        frozen: Path, env: dict[str, str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    run([sys.executable, "-m", "practice", "init", "--store", str(store)], env)
    assert "intact" in run([str(frozen), "verify", "--store", str(store)], env).stdout


@pytest.fixture
def running_app(frozen: Path, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """The frozen desktop app on the demo practice, offscreen; stopped afterwards."""
    app = subprocess.Popen([str(frozen), "--demo"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
    try:
        yield app
    finally:
        app.terminate()
        app.wait(timeout=30)
        assert app.stderr is not None
        app.stderr.close()


def test_the_frozen_desktop_app_starts_offscreen_and_builds_the_demo(
        running_app: subprocess.Popen[bytes], env: dict[str, str]) -> None:
    demo_db = Path(env["XDG_DATA_HOME"]) / "Practice" / "demo" / "practice.db"
    # Wait for the app to get as far as writing the demo store, or to stop early.
    for _ in range(600):
        if demo_db.exists() or running_app.poll() is not None:
            break
        time.sleep(0.1)
    assert running_app.poll() is None, "the app stopped on its own"
    assert demo_db.exists()
