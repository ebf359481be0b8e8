"""The export document: every table of the store, column by column, exactly as stored.

Work is done at the level of SQLite's own tables rather than the ORM's classes, so that what is
exported is what is stored (dates as the store writes them, scans and issued letters byte for
byte) and so that an export written at an older schema revision can be read back by loading it
into that revision and running the store's own migrations.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from practice.errors import ValidationError
from practice.models.billing import BROKEN_LEDGER, SUM_TRIGGERS
from practice.models.ddl import FTS_SHADOW_SUFFIXES, FTS_SOURCES, FTS_TABLES, NOTE_CHILDREN
from practice.models.measures import PARTNER_TRIGGER, UNRELATED_PARTNER
from practice.models.plans import NOTE_GOALS_SIGNED_INSERT

FORMAT = "practice-export"
FORMAT_VERSION = 1
# The audit trail belongs to the store that wrote it; the search indexes are rebuilt from
# the records they index.
_NOT_EXPORTED = frozenset({"audit_log", "alembic_version"} | {
    table + suffix for table in FTS_TABLES for suffix in ("", *FTS_SHADOW_SUFFIXES)})
# Rows that are the store's own identity, matched against its key file, stay behind; the
# rest of store_meta (the practice's details, the calendar's UID namespace) travels. An
# export that carried them anyway would collide with the new store's own and be refused.
_KEPT_BY_THE_STORE = {"store_meta": "key IN ('store_id', 'created_at')"}
_BLOB_KEY = "$base64"
DAMAGED_CONTENT = "The export file is damaged or was edited ({where}). Nothing was imported."
BROKEN_RULES = ("The export file's records do not fit together (a record refers to one the "
                "file does not hold, or breaks a rule of the store). Nothing was imported.")
NEWER_FORMAT = ("This export was made by a newer version of Practice (format {found}; this "
                "version reads up to {known}). Install the newer version to import it.")

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Tables = dict[str, dict[str, list[Any]]]


def exported_tables(conn: Any) -> list[str]:
    """The store's tables that hold records, in a fixed order."""
    names = [row[0] for row in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return [name for name in names
            if name not in _NOT_EXPORTED and not name.startswith("sqlite_")]


def types_of(conn: Any, table: str) -> dict[str, str]:
    """A table's columns and their declared types."""
    return {name: kind for name, kind in conn.exec_driver_sql(
        "SELECT name, type FROM pragma_table_info(?)", (table,))}


def _parses(read: Callable[[str], object], text: str) -> bool:
    try:
        read(text)
    except ValueError:
        return False
    return True


def _fits(value: object, declared: str) -> bool:
    """Whether a value is of the kind its column keeps (SQLite itself would take any)."""
    if value is None:
        return True  # NOT NULL is the store's own check
    kind = declared.split("(")[0].upper()
    if kind in ("INTEGER", "BOOLEAN"):
        return isinstance(value, int) and (kind == "INTEGER" or value in (0, 1))
    if kind in ("VARCHAR", "TEXT"):
        return isinstance(value, str)
    if kind == "BLOB":
        return isinstance(value, bytes)
    if kind == "DATE":
        return isinstance(value, str) and _parses(date.fromisoformat, value)
    if kind == "DATETIME":
        return isinstance(value, str) and _parses(datetime.fromisoformat, value)
    return True


def columns_of(conn: Any, table: str) -> list[str]:
    """A table's columns, in the order the table defines them."""
    # One statement for every table (the name bound, not spliced): see ``load``.
    return [row[0] for row in conn.exec_driver_sql(
        "SELECT name FROM pragma_table_info(?) ORDER BY cid", (table,))]


def parents_first(conn: Any, sizes: Mapping[str, int] | None = None) -> list[str]:
    """The record tables ordered so that every table comes after the tables it refers to.

    Args:
        conn: A connection to the store.
        sizes: Rows per table, when known: of the tables that may go next, the one holding
            back the most rows (its own and those of the tables that refer to it, directly
            or not) goes first (see ``load`` for why); otherwise in name order.
    """
    return shape_of(conn).parents_first(sizes)


@dataclass(frozen=True)
class Shape:
    """What ``load`` needs to know of the store's tables, read before its transaction."""

    columns: Mapping[str, list[str]]
    refers: Mapping[str, frozenset[str]]
    triggers: tuple[tuple[str, str, str], ...]
    """The triggers an import pauses, as (name, table, sql)."""
    search_indexes: tuple[str, ...]
    types: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Each table's columns' declared types ("DATE", "VARCHAR(200)", ...)."""

    def parents_first(self, sizes: Mapping[str, int] | None = None) -> list[str]:
        """The tables, each after the tables it refers to; see ``parents_first``."""
        names = list(self.columns)
        weight = self._weights(sizes) if sizes else {}
        ordered: list[str] = []
        placed: set[str] = set()
        while len(ordered) < len(names):
            ready = [n for n in names if n not in placed and self.refers[n] <= placed | {n}]
            # A cycle (none today) is broken in name order rather than looping for ever.
            ready = ready or [next(n for n in names if n not in placed)]
            step = [max(ready, key=weight.__getitem__)] if weight else ready
            ordered.extend(step)
            placed.update(step)
        return ordered

    def _weights(self, sizes: Mapping[str, int]) -> dict[str, tuple[int, int]]:
        """Each table's rows with those of every table that must wait for it, and its own."""
        waiting: dict[str, set[str]] = {name: set() for name in self.columns}
        for child, parents in self.refers.items():
            for parent in parents & waiting.keys():
                waiting[parent].add(child)
        weights: dict[str, tuple[int, int]] = {}
        for name in self.columns:
            behind: set[str] = set()
            todo = [name]
            while todo:
                for child in waiting[todo.pop()] - behind:
                    behind.add(child)
                    todo.append(child)
            own = sizes.get(name, 0)
            weights[name] = (own + sum(sizes.get(n, 0) for n in behind - {name}), own)
        return weights


def shape_of(conn: Any) -> Shape:
    """Read the store's record tables, their columns, references and pausable triggers."""
    names = exported_tables(conn)
    # One statement for every table (the name bound, not spliced): see ``load``.
    refers = {name: frozenset({row[0] for row in conn.exec_driver_sql(
        'SELECT "table" FROM pragma_foreign_key_list(?)', (name,))} - {name})
        for name in names}
    triggers = tuple((name, table, sql) for name, table, sql in conn.exec_driver_sql(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        if name in _PAUSED_TRIGGERS)
    existing = {row[0] for row in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    return Shape({name: columns_of(conn, name) for name in names}, refers, triggers,
                 tuple(name for name in FTS_TABLES if name in existing),
                 {name: types_of(conn, name) for name in names})


def _encode(value: object) -> object:
    if isinstance(value, bytes | bytearray | memoryview):
        return {_BLOB_KEY: base64.b64encode(bytes(value)).decode("ascii")}
    return value


def dump(conn: Any, *, progress: Progress | None = None,
         cancelled: Cancelled | None = None) -> tuple[str, Tables]:
    """Read every record table on ``conn`` (inside the caller's transaction).

    Returns:
        The schema revision and the tables, as ``{name: {"columns": [...], "rows": [...]}}``.

    Raises:
        ExportCancelled: ``cancelled`` said stop.
    """
    revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    names = exported_tables(conn)
    tables: Tables = {}
    for done, table in enumerate(names):
        if cancelled is not None and cancelled():
            raise ExportCancelled("Stopped; no export file was written.")
        columns = columns_of(conn, table)
        listed = ", ".join(f'"{c}"' for c in columns)
        kept = _KEPT_BY_THE_STORE.get(table)
        where = f" WHERE NOT ({kept})" if kept else ""
        rows = conn.exec_driver_sql(
            f'SELECT {listed} FROM "{table}"{where} ORDER BY rowid')  # noqa: S608
        tables[table] = {"columns": columns,
                         "rows": [[_encode(value) for value in row] for row in rows]}
        if progress is not None:
            progress(done + 1, len(names))
    return str(revision), tables


def _storable(text: str) -> bool:
    # JSON may carry a lone surrogate ("\\ud800"), which no database text can hold.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class ExportCancelled(ValidationError):
    """The therapist stopped an export or import; nothing was written."""


_SQLITE_INTEGERS = range(-(2**63), 2**63)


def _decode(value: object, where: str) -> object:
    if value is None or (isinstance(value, float) and math.isfinite(value)):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value in _SQLITE_INTEGERS:
        return value
    if isinstance(value, str) and _storable(value):
        return value
    if isinstance(value, dict) and set(value) == {_BLOB_KEY} and isinstance(
            value[_BLOB_KEY], str):
        try:
            return base64.b64decode(value[_BLOB_KEY], validate=True)
        except ValueError:
            pass
    raise ValidationError(DAMAGED_CONTENT.format(where=where))


def check_header(document: object, known_revisions: Sequence[str]) -> tuple[str, Mapping[
        str, object]]:
    """Check the document's envelope fields; return its schema revision and tables.

    Raises:
        ValidationError: Not an export, a newer format or revision, or a malformed document.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError("This is not a Practice export file. Nothing was imported.")
    version = document.get("format_version")
    if type(version) is not int or version < 1:
        raise ValidationError(DAMAGED_CONTENT.format(where="format version"))
    if version > FORMAT_VERSION:
        raise ValidationError(NEWER_FORMAT.format(found=version, known=FORMAT_VERSION))
    revision = document.get("schema_revision")
    if not isinstance(revision, str):
        raise ValidationError(DAMAGED_CONTENT.format(where="schema revision"))
    if revision not in known_revisions:
        raise ValidationError(NEWER_FORMAT.format(found=f"{version}, records {revision}",
                                                  known=f"{FORMAT_VERSION}, records "
                                                        f"{known_revisions[-1]}"))
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise ValidationError(DAMAGED_CONTENT.format(where="tables"))
    return revision, tables


def _rows_of(table: str, content: object, known_columns: Sequence[str],
             types: Mapping[str, str] | None = None,
             ) -> tuple[list[str], list[tuple[object, ...]]]:
    if not isinstance(content, dict):
        raise ValidationError(DAMAGED_CONTENT.format(where=f"table {table}"))
    columns, rows = content.get("columns"), content.get("rows")
    if (not isinstance(columns, list) or not columns or not isinstance(rows, list)
            or not all(isinstance(c, str) and c in known_columns for c in columns)
            or len(set(columns)) != len(columns)):
        raise ValidationError(DAMAGED_CONTENT.format(where=f"columns of {table}"))
    decoded: list[tuple[object, ...]] = []
    for number, row in enumerate(rows, start=1):
        where = f"table {table}, row {number}"
        if not isinstance(row, list) or len(row) != len(columns):
            raise ValidationError(DAMAGED_CONTENT.format(where=where))
        values = tuple(_decode(value, where) for value in row)
        # A date that is not a date would be stored (SQLite takes any value) and only fail
        # when the note is opened: refuse it here, with everything else of the wrong kind.
        if types and not all(_fits(v, types.get(c, "")) for c, v in zip(columns, values,
                                                                        strict=True)):
            raise ValidationError(DAMAGED_CONTENT.format(where=where))
        decoded.append(values)
    return columns, decoded


def load(conn: Any, tables: Mapping[str, object], *, shape: Shape | None = None,
         cancelled: Cancelled | None = None) -> int:
    """Insert an export's tables into an empty store of the same revision (one transaction).

    The store's own rules stay on, but for the few that refuse new parts for a signed note:
    a signed note goes in as it was in the store it came from, signature and all, and its
    sections and codes after it (those rules are back on before the transaction ends, and
    its addenda still need it signed). Foreign keys are checked when the transaction
    commits.

    Args:
        conn: A connection inside the transaction that writes everything.
        tables: The export's tables.
        shape: The store's tables as ``shape_of`` read them; read on ``conn`` when omitted.
        cancelled: Polled between tables.

    Returns:
        How many records were written.

    Raises:
        ValidationError: A table, column or value the store does not have or cannot hold.
    """
    # Each statement a connection has prepared keeps slots of SQLite's small-allocation pool
    # (lookaside) until the connection closes, and once the pool is full every allocation
    # of every row costs a pair of system calls under the store's memory protection
    # (practice/store/lookaside.py). So the schema can be read beforehand, on another
    # connection, with one bound statement per question; and the statements that write the
    # most rows run first, while the pool has room.
    shape = shape or shape_of(conn)
    unknown = [name for name in tables if name not in shape.columns]
    if unknown:
        raise ValidationError(DAMAGED_CONTENT.format(where=f"unknown table {unknown[0][:40]}"))
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    # Parents before children: a parent row written while a child's reference is still
    # outstanding makes SQLite search the child table for it, row by row. Among the tables
    # free to go next, the one holding back the most rows goes first (see above).
    order = [name for name in shape.parents_first(_sizes(tables)) if name in tables]
    sources = {source: fts for fts, source in FTS_SOURCES if fts in shape.search_indexes}
    written = 0
    # A trigger's run is a sub-program with allocations of its own, per row. Those paused
    # here refuse a signed note's parts (which an import restores, not changes), keep a
    # search index in step (each is rebuilt whole once its table is in) or cap a unit's
    # members (checked for all units at once below); they are dropped and remade inside
    # this transaction, and only on tables that get rows.
    filled = {name for name, size in _sizes(tables).items() if size}
    paused = [(name, sql) for name, table, sql in shape.triggers if table in filled]
    for name, _sql in paused:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    for table in order:
        if cancelled is not None and cancelled():
            raise ExportCancelled("Stopped; nothing was imported.")
        columns, rows = _rows_of(table, tables[table], shape.columns[table],
                                 shape.types.get(table))
        if rows:
            listed = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            conn.exec_driver_sql(f'INSERT INTO "{table}" ({listed}) VALUES ({marks})',  # noqa: S608
                                 rows)
        written += len(rows)
        if table in sources:
            _rebuild(conn, sources.pop(table))
    if any(name == _UNIT_CAP for name, _sql in paused) and conn.exec_driver_sql(
            _OVER_CAP).first() is not None:
        raise ValidationError(BROKEN_RULES)
    # The ledger's sums (no payment applied beyond itself, no charge below zero) hold only
    # once every row is in: checked once, for the whole ledger.
    if any(name in SUM_TRIGGERS for name, _sql in paused) and conn.exec_driver_sql(
            BROKEN_LEDGER).first() is not None:
        raise ValidationError(BROKEN_RULES)
    # A measure about a partner is written before the units and relationships that make the
    # partner one: checked once, after every row is in.
    if any(name == PARTNER_TRIGGER for name, _sql in paused) and conn.exec_driver_sql(
            UNRELATED_PARTNER).first() is not None:
        raise ValidationError(BROKEN_RULES)
    for _name, sql in paused:
        conn.exec_driver_sql(sql)
    for fts in sources.values():
        _rebuild(conn, fts)
    return written


def _rebuild(conn: Any, fts: str) -> None:
    conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # noqa: S608


def _sizes(tables: Mapping[str, object]) -> dict[str, int]:
    return {name: len(content["rows"]) for name, content in tables.items()
            if isinstance(content, dict) and isinstance(content.get("rows"), list)}


# A unit's current members, counted anew for each member written, cost more than the rest
# of the row; the rule is checked once for every unit instead, after the load (as the
# trigger in practice/models/ddl.py words it: no more current members than an individual
# or a couple has; a polycule has no cap).
_UNIT_CAP = "trg_unit_members_cap_insert"
_OVER_CAP = ("SELECT m.unit_id FROM unit_members AS m JOIN care_units AS u ON u.id = m.unit_id "
             "WHERE m.left_on IS NULL GROUP BY m.unit_id "
             "HAVING count(*) > CASE min(u.kind) WHEN 'individual' THEN 1 "
             "WHEN 'couple' THEN 2 END LIMIT 1")
_PAUSED_TRIGGERS = (
    *(f"trg_{source}_fts_insert" for _fts, source in FTS_SOURCES),
    *(f"trg_{table}_signed_insert" for table in NOTE_CHILDREN),
    NOTE_GOALS_SIGNED_INSERT,  # a signed note's ticked plan goals, restored with it
    _UNIT_CAP,
    *SUM_TRIGGERS,
    PARTNER_TRIGGER,
)
