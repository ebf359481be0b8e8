"""Gives each store connection a larger lookaside pool, so memory security stays affordable.

Why this exists: the store runs with ``cipher_memory_security = ON``, and with it SQLCipher
locks (``mlock``) every block SQLite takes from the heap and wipes and unlocks it when the
block is freed: two system calls per allocation. SQLite serves most small allocations from
a per-connection *lookaside* pool instead, which is taken from the heap once (so locked
once) and wiped when the connection closes. Its default slots hold 1,200 bytes, so a note
of a few kilobytes, bound to a statement and then built into a record, misses the pool and
pays the system calls twice or three times per row. With slots that hold a typical note,
the same workload runs at plain SQLite's speed (``bench/bench_store.py`` prints both).

SQLite's date and time functions (``strftime``, ``date``, ``julianday``...) build their
results outside the pool, so under memory security each row they touch costs the system
calls again (an 8x slower month histogram on the bench). The store keeps dates as ISO
text and compares or cuts that text instead; ``tests/test_architecture.py`` keeps them out.

What it costs in protection: a lookaside slot is not wiped when it is released, only reused
and, when the connection closes, wiped with the rest of the pool; that pool stays locked in
memory like every other SQLite block. SQLite already treats every value under 1,200 bytes
this way (names, dates of birth, short notes), and the store disposes of its connections on
every lock, so the pool is wiped when the therapist steps away.

How: SQLite offers the setting only in C (``sqlite3_db_config`` with
``SQLITE_DBCONFIG_LOOKASIDE``), before the connection's first statement. The ``sqlcipher3``
extension exports SQLite's C functions, and its connection object keeps the ``sqlite3``
handle as its first field (pysqlite's layout since 2004). The handle is used only when the
driver is that type, the library is the one the driver reports, and SQLite accepts the
setting; in every other case (for example a Windows build that exports no C functions) the
store runs exactly as before, only slower. ``tests/store/test_lookaside.py`` checks the
handle against the file it names, so a driver that changed its layout fails the suite.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
from typing import Any

import sqlcipher3

log = logging.getLogger(__name__)

SQLITE_OK = 0
SQLITE_DBCONFIG_LOOKASIDE = 1001
#: 4 KiB slots hold a typical note section (each section is its own row); 8 KiB slots cost
#: twice the memory and gained nothing on the bench's workload.
SLOT_BYTES = 4096
#: 1 MiB a connection, locked when it opens and wiped when it closes; SQLite splits it
#: into 234 slots of 4 KiB and 704 of 128 bytes. Every statement a connection keeps
#: prepared holds some slots until the driver drops it, so the 64 slots (256 KiB) of
#: before were full after a few dozen statements, and from then on every allocation paid
#: the system calls: with revision 0007's CHECKs a practice import still took 4.6x a
#: backup of the same store, and 3.5x with this pool (bench/bench_transfer.py; the search
#: indexes' larger gathering in search_index.py does the rest). The import's connection,
#: the busiest there is, now peaks under 500 of the 938 slots with the 32 statements the
#: engine keeps (``engine.CACHED_STATEMENTS``; 730 with the driver's default 128) and never
#: misses. The bound: the engine keeps at most 4 connections (``engine.POOL_SIZE`` and
#: ``POOL_OVERFLOW``), so at most 4 MiB of pools: half of the 8 MiB Linux allows an
#: ordinary user to lock by default (RLIMIT_MEMLOCK), leaving the rest for what else
#: SQLCipher locks. Past the limit SQLCipher carries on with memory it could not lock
#: (still wiped when freed): the limit bounds the protection, never whether the store works.
SLOT_COUNT = 256


@functools.cache
def _library() -> ctypes.CDLL | None:
    """The SQLite inside the driver, if it exports the functions this module needs."""
    try:
        from sqlcipher3 import _sqlite3

        library = ctypes.CDLL(_sqlite3.__file__)
        library.sqlite3_libversion.restype = ctypes.c_char_p
        library.sqlite3_libversion.argtypes = []
        # Only the fixed arguments are declared: ctypes then makes a variadic call, which
        # matters where variadic arguments travel differently (Apple silicon).
        library.sqlite3_db_config.restype = ctypes.c_int
        library.sqlite3_db_config.argtypes = [ctypes.c_void_p, ctypes.c_int]
        library.sqlite3_db_filename.restype = ctypes.c_char_p
        library.sqlite3_db_filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    except (AttributeError, ImportError, OSError):
        return None
    version = library.sqlite3_libversion()
    if version is None or version.decode() != sqlcipher3.sqlite_version:
        return None
    return library


def sqlite_handle(conn: Any) -> int | None:
    """The ``sqlite3 *`` behind a driver connection, or None when its layout is unknown."""
    if type(conn) is not sqlcipher3.dbapi2.Connection:
        return None
    offset = object.__basicsize__  # the handle follows the object header
    if type(conn).__basicsize__ < offset + ctypes.sizeof(ctypes.c_void_p):
        return None
    handle = ctypes.c_void_p.from_address(id(conn) + offset).value
    return handle or None


def database_file(conn: Any) -> str | None:
    """The main database file SQLite has open on ``conn`` (for the layout check in tests)."""
    library, handle = _library(), sqlite_handle(conn)
    if library is None or handle is None:
        return None
    name = library.sqlite3_db_filename(ctypes.c_void_p(handle), b"main")
    return None if name is None else os.fsdecode(name)


def enlarge_lookaside(conn: Any) -> bool:
    """Give a fresh connection the larger pool; call before its first statement.

    Returns:
        Whether SQLite took the setting. False leaves the connection as SQLite made it.
    """
    library, handle = _library(), sqlite_handle(conn)
    if library is None or handle is None:
        log.info("lookaside pool left at SQLite's default: driver not recognised")
        return False
    result = library.sqlite3_db_config(
        ctypes.c_void_p(handle), SQLITE_DBCONFIG_LOOKASIDE,
        ctypes.c_void_p(None), ctypes.c_int(SLOT_BYTES), ctypes.c_int(SLOT_COUNT),
    )
    if result != SQLITE_OK:
        log.info("lookaside pool left at SQLite's default: SQLite answered %d", result)
        return False
    return True

