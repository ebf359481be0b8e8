"""A long read never holds up an autosave; writes still take their turn one after another."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from practice.store.store import Store
from tests.core import factories

COUNT_CLIENTS = text("SELECT count(*) FROM clients")
# Far below the store's busy timeout (10 s): a write that had to wait for a lock would take
# the whole timeout and then fail.
NO_WAIT_SECONDS = 2.0


def _query_only(store: Store) -> list[int]:
    """The query_only setting of every connection the pool holds (two, checked out at once)."""
    # Raw pooled connections: no transaction is begun to ask.
    first, second = store.engine.raw_connection(), store.engine.raw_connection()
    try:
        return [conn.cursor().execute("PRAGMA query_only").fetchone()[0]
                for conn in (first, second)]
    finally:
        first.close()
        second.close()


def test_an_autosave_commits_while_a_long_read_is_open(store: Store) -> None:
    factories.client(store.sessions, "Robin Hale")
    with store.reads.begin() as reading:
        assert reading.execute(COUNT_CLIENTS).scalar_one() == 1  # the read's snapshot taken
        started = time.perf_counter()
        factories.client(store.sessions, "Sam Okafor")  # on another connection, committed
        assert time.perf_counter() - started < NO_WAIT_SECONDS
        # The read goes on seeing the practice as it was when it began.
        assert reading.execute(COUNT_CLIENTS).scalar_one() == 1
    with store.reads.begin() as later:
        assert later.execute(COUNT_CLIENTS).scalar_one() == 2


def test_writes_still_wait_their_turn(store: Store) -> None:
    second_done = threading.Event()
    failures: list[BaseException] = []

    def second_writer() -> None:
        try:
            factories.client(store.sessions, "Sam Okafor")
        except BaseException as error:  # reported to the test thread
            failures.append(error)
        finally:
            second_done.set()

    with store.sessions.begin() as first:  # BEGIN IMMEDIATE: holds the write lock
        first.execute(text("UPDATE store_meta SET value = value WHERE key = 'store_id'"))
        writer = threading.Thread(target=second_writer)
        writer.start()
        # The second write queues on the lock rather than failing or slipping in between.
        assert not second_done.wait(0.5)
        with store.reads.begin() as reading:  # a read is not held up by either
            assert reading.execute(COUNT_CLIENTS).scalar_one() == 0
    assert second_done.wait(NO_WAIT_SECONDS)
    writer.join()
    assert failures == []
    with store.reads.begin() as reading:
        assert reading.execute(COUNT_CLIENTS).scalar_one() == 1


def test_a_read_cannot_write_and_leaves_its_connection_writable(store: Store) -> None:
    with pytest.raises(OperationalError, match="readonly"), store.reads.begin() as reading:
        reading.execute(text("UPDATE store_meta SET value = value WHERE key = 'store_id'"))
    assert _query_only(store) == [0, 0]
    factories.client(store.sessions, "Robin Hale")  # whichever connection the pool gives
    with store.reads.begin() as reading:
        assert reading.execute(COUNT_CLIENTS).scalar_one() == 1
    assert _query_only(store) == [0, 0]
