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
from practice.store.layout import DEFAULT_PAGE_SIZE as DEFAULT_PAGE_SIZE
from practice.store.layout import LEGACY_PAGE_SIZE as LEGACY_PAGE_SIZE
from practice.store.lookaside import enlarge_lookaside

BUSY_TIMEOUT_SECONDS = 10.0
# 16 MiB of decrypted pages per connection: re-decrypting hot pages is what makes reads slow.
CACHE_KIB = 16384
# Connections the engine keeps, and may open beyond them at busy moments. Each locks its
# lookaside pool in memory (practice/store/lookaside.py sizes it by this bound).
POOL_SIZE = 2
POOL_OVERFLOW = 2
# Prepared statements a connection keeps (the driver's default is 128). Each holds slots of
# the lookaside pool until it is dropped; 32 cover any screen's statements and keep the
# pool from filling on a long-lived connection (practice/store/lookaside.py).
CACHED_STATEMENTS = 32

# (pragma, value set, value read back) — read back by the self-test on the first connection.
_CONNECTION_PRAGMAS: tuple[tuple[str, str, str], ...] = (
    ("cipher_memory_security", "ON", "1"),
    ("cipher_log_level", "NONE", "NONE"),
    ("temp_store", "MEMORY", "2"),
    ("journal_mode", "WAL", "wal"),
    ("synchronous", "FULL", "2"),
    ("foreign_keys", "ON", "1"),
    ("secure_delete", "ON", "1"),
    ("cache_size", f"-{CACHE_KIB}", f"-{CACHE_KIB}"),
)

DAMAGED_DATABASE = (
    "The store's database file is damaged or is not the one that belongs to this key file. "
    "Nothing has been changed. Restore your most recent backup (Settings → Backups, or "
    "`practice restore`)."
)


def apply_key(conn: Any, data_key: bytes, page_size: int) -> None:
    """Key a fresh connection; nothing may touch the database before this."""
    # First of all: SQLCipher would otherwise print its own errors (a bad page size, a
    # failed HMAC) on the terminal, in words meant for its developers.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    conn.execute(f"PRAGMA cipher_page_size = {int(page_size)}")


def connect_raw(db_path: Path, data_key: bytes, page_size: int = DEFAULT_PAGE_SIZE) -> Any:
    """Open one DB-API connection to the encrypted file and switch on every protection.

    Args:
        db_path: The encrypted database file.
        data_key: The 32-byte data key.
        page_size: The store's page size (from its key file).

    Returns:
        A ``sqlcipher3`` connection in autocommit mode (transactions are begun explicitly).
    """
    conn = sqlcipher3.connect(
        str(db_path), isolation_level=None, check_same_thread=False,
        timeout=BUSY_TIMEOUT_SECONDS, cached_statements=CACHED_STATEMENTS,
    )
    enlarge_lookaside(conn)  # before any statement: SQLite refuses it once the pool is in use
    apply_key(conn, data_key, page_size)
    try:
        for name, value, _expected in _CONNECTION_PRAGMAS:
            conn.execute(f"PRAGMA {name} = {value}")
    except sqlcipher3.DatabaseError as error:
        conn.close()
        if is_damage(error):
            raise StoreDamaged(DAMAGED_DATABASE) from error
        raise
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
        if is_damage(error):
            raise StoreDamaged(DAMAGED_DATABASE) from error
        raise


def make_engine(
    db_path: Path,
    data_key: bytes,
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    on_connect: Callable[[Any], None] | None = None,
) -> Engine:
    """Build the store's engine.

    Args:
        db_path: The encrypted database file.
        data_key: The 32-byte data key.
        page_size: The store's page size (from its key file).
        on_connect: Extra per-connection setup (tests use it to count connections).

    Returns:
        An engine whose transactions begin IMMEDIATE, so two writers never deadlock on
        upgrading a read lock.
    """
    key = bytes(data_key)

    def creator() -> Any:
        conn = connect_raw(db_path, key, page_size)
        if on_connect is not None:
            on_connect(conn)
        return conn

    # hide_parameters: an error's text must never carry the values being written.
    engine = create_engine(
        "sqlite://", creator=creator, module=sqlcipher3, poolclass=QueuePool,
        pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, hide_parameters=True,
    )
    _begin_immediately(engine)
    _report_damage_as_damage(engine)
    return engine


def make_plain_engine(db_path: Path, page_size: int | None = None) -> Engine:
    """An unencrypted engine set up the same way, as the baseline for benchmarks only."""

    def creator() -> Any:
        conn = sqlite3.connect(
            str(db_path), isolation_level=None, check_same_thread=False,
            timeout=BUSY_TIMEOUT_SECONDS,
        )
        if page_size is not None:
            conn.execute(f"PRAGMA page_size = {int(page_size)}")
        for pragma in ("temp_store = MEMORY", "journal_mode = WAL", "synchronous = FULL",
                       "foreign_keys = ON", "secure_delete = ON"):
            conn.execute(f"PRAGMA {pragma}")
        return conn

    engine = create_engine("sqlite://", creator=creator, poolclass=QueuePool, pool_size=2)
    _begin_immediately(engine)
    return engine


# SQLite's result codes for a page that fails its HMAC or a file that is not a database.
_DAMAGE_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB


def is_damage(error: BaseException) -> bool:
    """Tell whether a driver error means the file is damaged (not busy, not a bug)."""
    code = getattr(error, "sqlite_errorcode", None)
    # Extended codes (SQLITE_CORRUPT_VTAB, ...) keep the primary code in the low byte.
    return isinstance(code, int) and (code & 0xFF) in _DAMAGE_CODES


def _report_damage_as_damage(engine: Engine) -> None:
    # A damaged page can surface in any query, long after the store was opened; the
    # therapist should hear "restore a backup", not see a driver's error.
    @event.listens_for(engine, "handle_error")
    def _translate(context: Any) -> BaseException | None:
        if is_damage(context.original_exception):
            return StoreDamaged(DAMAGED_DATABASE)
        return None


def reads_only(engine: Engine) -> Engine:
    """The same engine (same pool), for transactions that only read.

    Such a transaction begins deferred: in WAL mode it reads a snapshot and takes no write
    lock, so however long it stays open, a write (an autosave) commits meanwhile. It also
    refuses to write (``query_only``): a write begun deferred could not wait its turn.
    """
    return engine.execution_options(**{READS_ONLY: True})


# Execution option that marks a connection's transactions as reads (see ``reads_only``).
READS_ONLY = "practice_reads_only"
# Set on a pooled connection's record while its last transaction was a read.
_QUERY_ONLY = "practice_query_only"


def _begin_immediately(engine: Engine) -> None:
    # A write begins IMMEDIATE: it takes the write lock first, so two writers queue on the
    # busy timeout instead of failing when one upgrades a read lock. A read needs no lock.
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.get_execution_options().get(READS_ONLY):
            conn.exec_driver_sql("PRAGMA query_only = ON")
            conn.info[_QUERY_ONLY] = True
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "checkin")
    def _writable_again(dbapi_conn: Any, record: Any) -> None:
        # Back in the pool, the connection may be handed to a writer next.
        if dbapi_conn is not None and record.info.pop(_QUERY_ONLY, False):
            dbapi_conn.execute("PRAGMA query_only = OFF")
