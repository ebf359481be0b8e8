"""The larger lookaside pool: found through the driver's real handle, taken by SQLite, harmless."""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

import pytest
import sqlcipher3

from practice.store import lookaside
from practice.store.engine import connect_raw, self_test

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
