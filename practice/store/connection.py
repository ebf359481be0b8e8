"""One keyed SQLCipher connection, without SQLAlchemy.

Opening the store (the self-test, the schema revision, the audit chain, the unlock entry)
needs only a plain DB-API connection, so the engine (and SQLAlchemy, about 160 ms to
import) is built after the app's first paint, when the first query asks for it. The key
goes in with ``PRAGMA key = "x'…'"`` on every new connection, so SQLCipher's own PBKDF2
stretching (about 80 ms a connection) is never paid, and it never sits in a URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlcipher3

from practice.errors import StoreDamaged, StoreMisconfigured
from practice.store.layout import DEFAULT_PAGE_SIZE
from practice.store.lookaside import enlarge_lookaside

BUSY_TIMEOUT_SECONDS = 10.0
# 16 MiB of decrypted pages per connection: re-decrypting hot pages is what makes reads slow.
CACHE_KIB = 16384
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


# SQLite's result codes for a page that fails its HMAC or a file that is not a database.
_DAMAGE_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB


def is_damage(error: BaseException) -> bool:
    """Tell whether a driver error means the file is damaged (not busy, not a bug)."""
    code = getattr(error, "sqlite_errorcode", None)
    # Extended codes (SQLITE_CORRUPT_VTAB, ...) keep the primary code in the low byte.
    return isinstance(code, int) and (code & 0xFF) in _DAMAGE_CODES


@contextmanager
def immediate_transaction(conn: Any) -> Iterator[Any]:
    """A write transaction on a plain connection: BEGIN IMMEDIATE, COMMIT or ROLLBACK.

    IMMEDIATE as the engine's writes are: the write lock is taken first, so a second
    writer waits on the busy timeout instead of failing midway.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        with suppress(sqlcipher3.Error):  # a damaged file may refuse even the rollback
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
