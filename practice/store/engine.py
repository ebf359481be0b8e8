"""The one engine factory: SQLAlchemy over SQLCipher, each connection keyed by ``connection``.

The pool's connections are made by ``practice.store.connection.connect_raw``, with every
protection switched on; this module adds what SQLAlchemy brings (the pool, IMMEDIATE
write transactions, read-only sessions, damage reported as damage).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from practice.errors import StoreDamaged
from practice.store.connection import (
    BUSY_TIMEOUT_SECONDS,
    DAMAGED_DATABASE,
    connect_raw,
    is_damage,
)
from practice.store.layout import DEFAULT_PAGE_SIZE as DEFAULT_PAGE_SIZE
from practice.store.layout import LEGACY_PAGE_SIZE as LEGACY_PAGE_SIZE

# Connections the engine keeps, and may open beyond them at busy moments. Each locks its
# lookaside pool in memory (practice/store/lookaside.py sizes it by this bound).
POOL_SIZE = 2
POOL_OVERFLOW = 2


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
