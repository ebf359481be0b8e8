"""The one engine factory: SQLAlchemy over SQLCipher, keyed with a raw 256-bit key.

The key goes in with ``PRAGMA key = "x'…'"`` on every new connection, so SQLCipher's own
PBKDF2 stretching (about 80 ms a connection) is never paid, and it never sits in a URL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from practice.errors import StoreDamaged, StoreMisconfigured

BUSY_TIMEOUT_SECONDS = 10.0

# (pragma, value set, value read back) — read back by the self-test on the first connection.
_CONNECTION_PRAGMAS: tuple[tuple[str, str, str], ...] = (
    ("cipher_memory_security", "ON", "1"),
    ("cipher_log_level", "NONE", "NONE"),
    ("temp_store", "MEMORY", "2"),
    ("journal_mode", "WAL", "wal"),
    ("synchronous", "FULL", "2"),
    ("foreign_keys", "ON", "1"),
    ("secure_delete", "ON", "1"),
)

DAMAGED_DATABASE = (
    "The store's database file is damaged or is not the one that belongs to this key file. "
    "Nothing has been changed. Restore your most recent backup (Settings → Backups, or "
    "`practice restore`)."
)


def _apply_key(conn: Any, data_key: bytes) -> None:
    conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")


def connect_raw(db_path: Path, data_key: bytes) -> Any:
    """Open one DB-API connection to the encrypted file and switch on every protection.

    Args:
        db_path: The encrypted database file.
        data_key: The 32-byte data key.

    Returns:
        A ``sqlcipher3`` connection in autocommit mode (transactions are begun explicitly).
    """
    conn = sqlcipher3.connect(
        str(db_path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
    )
    _apply_key(conn, data_key)
    try:
        for name, value, _expected in _CONNECTION_PRAGMAS:
            conn.execute(f"PRAGMA {name} = {value}")
    except sqlcipher3.DatabaseError as error:
        conn.close()
        raise StoreDamaged(DAMAGED_DATABASE) from error
    return conn


def self_test(conn: Any) -> None:
    """Refuse to go on unless every protection took effect on this connection.

    Raises:
        StoreMisconfigured: A pragma did not take effect.
        StoreDamaged: The file cannot be read with this key.
    """
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for name, _value, expected in _CONNECTION_PRAGMAS:
            row = conn.execute(f"PRAGMA {name}").fetchone()
            actual = "" if row is None else str(row[0])
            if actual.lower() != expected.lower():
                raise StoreMisconfigured(
                    f"Practice could not switch on a protection it needs ({name}). "
                    "The store was not opened."
                )
    except sqlcipher3.DatabaseError as error:
        raise StoreDamaged(DAMAGED_DATABASE) from error


def make_engine(
    db_path: Path, data_key: bytes, *, on_connect: Callable[[Any], None] | None = None
) -> Engine:
    """Build the store's engine.

    Args:
        db_path: The encrypted database file.
        data_key: The 32-byte data key.
        on_connect: Extra per-connection setup (tests use it to count connections).

    Returns:
        An engine whose transactions begin IMMEDIATE, so two writers never deadlock on
        upgrading a read lock.
    """
    key = bytes(data_key)

    def creator() -> Any:
        conn = connect_raw(db_path, key)
        if on_connect is not None:
            on_connect(conn)
        return conn

    engine = create_engine(
        "sqlite://", creator=creator, module=sqlcipher3, poolclass=QueuePool,
        pool_size=2, max_overflow=2,
    )
    _begin_immediately(engine)
    return engine


def make_plain_engine(db_path: Path) -> Engine:
    """An unencrypted engine set up the same way, as the baseline for benchmarks only."""

    def creator() -> Any:
        conn = sqlite3.connect(
            str(db_path), isolation_level=None, check_same_thread=False,
            timeout=BUSY_TIMEOUT_SECONDS,
        )
        for pragma in ("temp_store = MEMORY", "journal_mode = WAL", "synchronous = FULL",
                       "foreign_keys = ON", "secure_delete = ON"):
            conn.execute(f"PRAGMA {pragma}")
        return conn

    engine = create_engine("sqlite://", creator=creator, poolclass=QueuePool, pool_size=2)
    _begin_immediately(engine)
    return engine


def _begin_immediately(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
