"""The full-text indexes, checked against the records they index and rebuilt from them.

Each FTS5 index is derived data: its source is a table of the record (``note_sections``,
``addenda``, ...). SQLCipher's page HMACs bind a page to its number but not to a version,
so an older copy of one index page is accepted as genuine; ``PRAGMA integrity_check`` then
still passes (it checks an index only against itself), while search quietly misses notes
that exist. FTS5's own ``integrity-check`` with a non-zero rank compares the index with its
content table, which catches that, and a ``rebuild`` makes the index from the records again.

The tables are found in ``sqlite_master`` rather than imported from the models, so opening a
store still does not load the ORM.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlcipher3

from practice.errors import StoreDamaged
from practice.store.connection import is_damage

log = logging.getLogger(__name__)

INDEX_REBUILT = (
    "The search index did not match your notes, so Practice rebuilt it from the notes and "
    "search finds them again. An index out of step with the notes means the database was "
    "changed outside Practice or partly put back to an older copy: compare your most recent "
    "notes with your latest backup, and restore the backup if any note is older than it "
    "should be."
)

INDEX_NOT_REBUILT = (
    "The search index does not match your notes and could not be rebuilt from them, so "
    "search may miss notes. The database is damaged: restore your most recent backup "
    "(Settings → Backups, or `practice restore`)."
)


class SearchIndexRebuilt(StoreDamaged):
    """A search index disagreed with the records it indexes, and was rebuilt from them."""


def search_indexes(conn: Any) -> list[str]:
    """The store's FTS5 tables, read from a raw DB-API connection."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name"
    ).fetchall()
    return [str(row[0]) for row in rows]


def out_of_step(conn: Any) -> tuple[int, list[str]]:
    """Check every FTS5 index against the records it was built from.

    Args:
        conn: A raw DB-API connection to the store.

    Returns:
        How many indexes were checked, and the names of those that failed the check.
    """
    failed = []
    tables = search_indexes(conn)
    for table in tables:
        # The names come from sqlite_master, never from input; a rank of 1 makes FTS5
        # compare the index with the content table, not only with itself.
        statement = (f'INSERT INTO "{table}"("{table}", rank) '  # noqa: S608
                     "VALUES ('integrity-check', 1)")
        try:
            conn.execute(statement)
        except sqlcipher3.DatabaseError as error:
            if not is_damage(error):  # busy, say: not a verdict on the index
                raise
            failed.append(table)
    if failed:
        log.info("search indexes out of step with the records: %s", ", ".join(failed))
    return len(tables), failed


def rebuild_statement(table: str) -> str:
    """The statement that rebuilds one FTS5 index from its content table."""
    # The name comes from sqlite_master (see ``search_indexes``), never from input.
    return f'INSERT INTO "{table}"("{table}") VALUES (\'rebuild\')'  # noqa: S608


#: How much an index gathers in memory before it writes it out as a segment (FTS5's
#: ``hashsize``, 1 MiB unless set). Rebuilding a large practice's note index (what an
#: import does) at 1 MiB wrote hundreds of segments and merged them again, every buffer
#: locked and unlocked under memory protection: about 4 s of a 10 s import of 50,000 notes;
#: at 16 MiB it takes 1.5 s (32 MiB gained little more). Ordinary writes add a note at a
#: time and write out at each commit, so they never gather this much.
GATHER_BYTES = 16 * 1024 * 1024


def gather_statement(table: str) -> str:
    """The statement that sets how much one FTS5 index gathers (kept in the index)."""
    # The name comes from sqlite_master (see ``search_indexes``), never from input.
    return (f'INSERT INTO "{table}"("{table}", rank) '  # noqa: S608
            f"VALUES ('hashsize', {GATHER_BYTES})")
