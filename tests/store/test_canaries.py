"""Nothing written through the store can be found on disk in clear, anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import TEST_PASSPHRASE
from tests.store.canary_writer import CANARIES

ROOT = Path(__file__).resolve().parent.parent.parent


def _files_holding_canaries(folder: Path) -> list[str]:
    needles = [c.encode("utf-8") for c in CANARIES] + [c.encode("utf-16-le") for c in CANARIES]
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(n in data for n in needles):
                found.append(str(path.relative_to(folder)))
    return found


def test_database_wal_shm_and_temporary_files_never_hold_a_canary(store_path: Path,
                                                                  tmp_path: Path) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(private_tmp), "HOME": str(tmp_path / "home")}
    with subprocess.Popen(
        [sys.executable, "-m", "tests.store.canary_writer", str(store_path), TEST_PASSPHRASE],
        cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    ) as writer:
        assert writer.stdout is not None and writer.stdin is not None
        assert writer.stdout.readline().strip() == "WRITTEN"
        # The store is open and its write-ahead log holds the recent writes.
        assert (store_path / "practice.db-wal").stat().st_size > 0
        assert _files_holding_canaries(tmp_path) == []
        writer.stdin.write("go\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "CLOSED"
        writer.wait(timeout=60)
    assert writer.returncode == 0
    assert _files_holding_canaries(tmp_path) == []


def test_the_canary_search_would_find_a_canary_in_clear(tmp_path: Path) -> None:
    """The detector itself works: a plain file with a canary is found."""
    (tmp_path / "plain.txt").write_text(f"note: {CANARIES[0]}", encoding="utf-8")
    assert _files_holding_canaries(tmp_path) == ["plain.txt"]
