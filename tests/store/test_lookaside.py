"""The larger lookaside pool: found through the driver's real handle, taken by SQLite, harmless."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
import sqlcipher3

from practice.services.practice_export import export_practice, import_practice
from practice.store import lookaside
from practice.store.connection import connect_raw, self_test
from practice.store.credentials import Passphrase
from practice.store.engine import POOL_OVERFLOW, POOL_SIZE
from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.store import Store

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="Windows builds of the driver export no SQLite functions"
)

NOTE = "Client reports less anxiety during sensate focus; partner present. " * 40  # ~2.7 KB
SQLITE_DBSTATUS_LOOKASIDE_MISS_SIZE = 5


def _misses_for_size(conn: object) -> int:
    """How many allocations SQLite wanted from the pool but found too big for a slot."""
    library = lookaside._library()
    handle = lookaside.sqlite_handle(conn)
    assert library is not None and handle is not None
    current, highest = ctypes.c_int(), ctypes.c_int()
    library.sqlite3_db_status(ctypes.c_void_p(handle), SQLITE_DBSTATUS_LOOKASIDE_MISS_SIZE,
                              ctypes.byref(current), ctypes.byref(highest), 0)
    return highest.value


def _write_a_note(conn: object) -> None:
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")  # type: ignore[attr-defined]
    conn.execute("INSERT INTO notes (body) VALUES (?)", (NOTE,))  # type: ignore[attr-defined]
    row = conn.execute("SELECT body FROM notes").fetchone()  # type: ignore[attr-defined]
    assert row[0] == NOTE


def test_the_handle_read_from_the_driver_names_the_file_that_was_opened(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    conn = sqlcipher3.connect(str(path))
    try:
        assert lookaside.database_file(conn) == os.path.realpath(path)
    finally:
        conn.close()


def test_a_store_connection_writes_a_note_without_leaving_the_locked_pool(tmp_path: Path) -> None:
    conn = connect_raw(tmp_path / "store.db", os.urandom(32))
    try:
        self_test(conn)  # memory security is still on
        _write_a_note(conn)
        assert _misses_for_size(conn) == 0
    finally:
        conn.close()


def test_without_the_larger_pool_the_same_note_would_miss_it(tmp_path: Path) -> None:
    conn = sqlcipher3.connect(str(tmp_path / "plain.db"))
    try:
        _write_a_note(conn)
        assert _misses_for_size(conn) > 0
    finally:
        conn.close()


def test_a_connection_already_in_use_keeps_its_pool_and_keeps_working(tmp_path: Path) -> None:
    conn = sqlcipher3.connect(str(tmp_path / "busy.db"))
    try:
        conn.execute("CREATE TABLE t (x)")
        cursor = conn.execute("SELECT * FROM sqlite_master")  # a statement holds the pool
        assert lookaside.enlarge_lookaside(conn) is False
        cursor.close()
        conn.execute("INSERT INTO t VALUES (1)")
        assert conn.execute("SELECT x FROM t").fetchone() == (1,)
    finally:
        conn.close()


def test_anything_but_the_driver_connection_is_left_alone() -> None:
    assert lookaside.sqlite_handle(object()) is None
    assert lookaside.enlarge_lookaside("not a connection") is False


def test_every_pool_the_engine_may_open_fits_in_the_usual_locked_memory_limit() -> None:
    # Linux's usual RLIMIT_MEMLOCK for an ordinary user: 8 MiB. The pools stay within half
    # of it, leaving room for what else SQLCipher locks (keys, the pages it has decrypted).
    usual_limit = 8 * 1024 * 1024
    pools = (POOL_SIZE + POOL_OVERFLOW) * lookaside.SLOT_BYTES * lookaside.SLOT_COUNT
    assert pools <= usual_limit // 2



SQLITE_DBSTATUS_LOOKASIDE_MISS_FULL = 6
FROZEN_DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "stores" / "0004"
NEW_PASSPHRASE = "copper meadow 77 quill"


def _most_misses_when_full(store: Store) -> int:
    """The most allocations any pooled connection of ``store`` found no free slot for."""
    library = lookaside._library()
    assert library is not None
    pooled = [store.engine.raw_connection() for _ in range(POOL_SIZE)]
    try:
        most = 0
        for fairy in pooled:
            current, highest = ctypes.c_int(), ctypes.c_int()
            library.sqlite3_db_status(
                ctypes.c_void_p(lookaside.sqlite_handle(fairy.dbapi_connection)),
                SQLITE_DBSTATUS_LOOKASIDE_MISS_FULL, ctypes.byref(current),
                ctypes.byref(highest), 0)
            most = max(most, highest.value)
        return most
    finally:
        for fairy in pooled:
            fairy.close()


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo practice (the frozen 0004 store, upgraded), exported unencrypted."""
    folder = tmp_path_factory.mktemp("demo")
    shutil.copytree(FROZEN_DEMO, folder / "store")
    manifest = json.loads((folder / "store" / "expected.json").read_text(encoding="utf-8"))
    with Store.open(folder / "store", Passphrase(manifest["passphrase"])) as store:
        export_practice(store, folder / "practice.json", passphrase=None)
    return folder / "practice.json"


def test_an_import_writes_its_rows_from_the_pool_not_the_locked_heap(
    demo_export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With the 64 slots of before, the import's connection filled its pool with the
    # statements it had prepared; every allocation after that was locked and unlocked on
    # its own, two system calls each. Now not one misses the pool.
    misses = {}
    for slots in (64, lookaside.SLOT_COUNT):
        monkeypatch.setattr(lookaside, "SLOT_COUNT", slots)
        copy, _recovery, _summary = import_practice(
            demo_export, tmp_path / str(slots), passphrase=None,
            store_passphrase=NEW_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
        with copy:
            misses[slots] = _most_misses_when_full(copy)
    assert misses[64] > 0
    assert misses[lookaside.SLOT_COUNT] == 0
