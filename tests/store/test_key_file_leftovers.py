"""A key-file update killed halfway leaves temporary copies; the next open removes only those."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from practice.errors import StoreInUse
from practice.store.credentials import Passphrase
from practice.store.lock import StoreLock
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent.parent

# Changes the passphrase and dies by SIGKILL at the first rename, when both temporary
# copies (the new key file, and the link to the one it replaces) are on disk.
_KILLED_MID_UPDATE = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from practice.store import atomic
    from practice.store.credentials import Passphrase
    from practice.store.kdf import FAST_INSECURE_PARAMS
    from practice.store.store import Store

    store = Store.open(Path(sys.argv[1]), Passphrase(os.environ["OLD"]))
    atomic.os.replace = lambda *_: os.kill(os.getpid(), signal.SIGKILL)
    store.change_passphrase(os.environ["NEW"], kdf=FAST_INSECURE_PARAMS)
""")

NOT_OURS = (
    ".practice.key.notes.tmp",        # not eight hex digits
    ".practice.key.0123ABCD.tmp",     # upper case: not what we write
    "practice.key.0123abcd.tmp",      # no leading dot
    ".practice.key.0123abcd.tmp.bak",  # something else's copy of one
    ".practice.db.0123abcd.tmp",      # another file's
    "notes.txt",
)


def _temporary_key_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(".practice.key") and p.name.endswith(".tmp"))


def _kill_during_a_passphrase_change(store_path: Path) -> None:
    env = {**os.environ, "OLD": TEST_PASSPHRASE, "NEW": "a brand new passphrase"}
    result = subprocess.run([sys.executable, "-c", _KILLED_MID_UPDATE, str(store_path)],
                            cwd=ROOT, env=env, capture_output=True, timeout=120, check=False)
    assert result.returncode == -signal.SIGKILL, result.stderr


def test_an_update_killed_midway_leaves_temporary_key_files_that_the_next_open_removes(
    store_path: Path,
) -> None:
    _kill_during_a_passphrase_change(store_path)
    left = _temporary_key_files(store_path)
    assert len(left) == 2  # the new key file, and the link to the one it was replacing
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)):  # the old passphrase still opens
        assert _temporary_key_files(store_path) == []


def test_only_our_own_temporary_files_are_removed(store_path: Path) -> None:
    _kill_during_a_passphrase_change(store_path)
    for name in NOT_OURS:
        (store_path / name).write_bytes(b"someone else's")
    folder = store_path / ".practice.key.89abcdef.tmp"
    folder.mkdir()
    link = store_path / ".practice.key.fedcba98.tmp"
    link.symlink_to(store_path / "notes.txt")
    Store.open(store_path, Passphrase(TEST_PASSPHRASE)).close()
    for name in NOT_OURS:
        assert (store_path / name).read_bytes() == b"someone else's"
    assert folder.is_dir()
    assert link.is_symlink()
    assert _temporary_key_files(store_path) == sorted(
        [folder.name, link.name, ".practice.key.0123ABCD.tmp", ".practice.key.notes.tmp"])


def test_temporary_key_files_are_left_alone_while_another_process_holds_the_store(
    store_path: Path,
) -> None:
    _kill_during_a_passphrase_change(store_path)
    left = _temporary_key_files(store_path)
    holder = StoreLock(store_path / "practice.lock")
    holder.acquire()
    try:
        with pytest.raises(StoreInUse):
            Store.open(store_path, Passphrase(TEST_PASSPHRASE))
        assert _temporary_key_files(store_path) == left
    finally:
        holder.release()
