"""Enumerated columns are checked with ORs: no row check builds a table, nothing else changed.

Revision 0007 rewrites each ``col IN ('a', 'b', 'c')`` CHECK of revisions 0002-0003 as
``(col = 'a' OR ...)``; SQLite builds a lookup table for every row an IN list of more than
two values checks, an ``OpenEphemeral`` in the statement's program.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool
from sqlalchemy.schema import CreateTable

import practice.models
from practice.models.checks import one_of
from practice.models.ddl import SIGNED_NOTE_MESSAGE
from practice.store import schema
from practice.store.credentials import Passphrase
from practice.store.store import Store

FROZEN_0006 = Path(__file__).resolve().parent.parent / "fixtures" / "stores" / "0006"
_MASTER = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
_0007 = importlib.import_module(
    "practice.store.migrations.versions.0007_checks_without_value_lists")
ENUMERATED_TABLES = sorted({table for table, _column, _values in _0007.ENUMERATED})
_CHECK = re.compile(r"CONSTRAINT (ck_\w+) CHECK \((.*)\)")


def _builds_a_table(conn: Any, statement: str) -> bool:
    """Whether SQLite's program for ``statement`` builds a temporary (ephemeral) table."""
    return any(row[1] == "OpenEphemeral" for row in conn.exec_driver_sql(f"EXPLAIN {statement}"))


def _checks(create_table: str) -> dict[str, str]:
    """A CREATE TABLE's named CHECKs, name to expression."""
    found = (_CHECK.search(line.strip().rstrip(",")) for line in create_table.splitlines())
    return {match[1]: match[2] for match in found if match}


def _foreign_keys(conn: Any) -> dict[str, list[tuple[Any, ...]]]:
    tables = [row[0] for row in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {table: conn.exec_driver_sql(
        "SELECT * FROM pragma_foreign_key_list(?)", (table,)).all() for table in tables}


@pytest.fixture
def at_0006() -> Iterator[Any]:
    """A database holding the schema of revision 0006, foreign keys on, in its transaction."""
    engine = create_engine("sqlite://", poolclass=StaticPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        schema.upgrade(conn, "0006")
        yield conn
    engine.dispose()


def test_before_0007_checking_a_row_built_a_table_where_a_list_had_three_values(
        at_0006: Any) -> None:
    # SQLite compares a list of one or two values directly (the addenda's status).
    longer = sorted({table for table, _column, values in _0007.ENUMERATED if len(values) > 2})
    assert longer == [t for t in ENUMERATED_TABLES if t != "addenda"]
    for table in longer:
        assert _builds_a_table(at_0006, f"INSERT INTO {table} DEFAULT VALUES"), table


def test_after_0007_writing_a_row_of_those_tables_builds_no_table(at_0006: Any) -> None:
    schema.upgrade(at_0006, "0007")
    for table in ENUMERATED_TABLES:
        assert not _builds_a_table(at_0006, f"INSERT INTO {table} DEFAULT VALUES"), table


def test_0007_changes_only_those_checks_and_keeps_every_index_trigger_and_key(
        at_0006: Any) -> None:
    before = {row[:2]: row for row in at_0006.exec_driver_sql(_MASTER)}
    keys_before = _foreign_keys(at_0006)
    schema.upgrade(at_0006, "0007")
    after = {row[:2]: row for row in at_0006.exec_driver_sql(_MASTER)}
    assert after.keys() == before.keys()  # nothing added, nothing dropped
    changed = sorted(name for (kind, name), row in after.items() if row != before[kind, name])
    assert changed == ENUMERATED_TABLES  # no index or trigger, no other table
    for table in ENUMERATED_TABLES:
        old_sql, new_sql = before["table", table][3], after["table", table][3]
        assert new_sql == _0007.rewritten(table, old_sql)
        old_checks, new_checks = _checks(old_sql), _checks(new_sql)
        assert old_checks.keys() == new_checks.keys()  # every CHECK kept, by name
        assert " IN (" not in "".join(new_checks.values())
    assert _foreign_keys(at_0006) == keys_before
    assert at_0006.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"


def test_the_models_and_a_migrated_store_hold_the_same_checks(store: Store) -> None:
    with store.engine.connect() as conn:
        stored: dict[str, str] = dict(conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'").all())
    for table in ENUMERATED_TABLES:
        model = practice.models.Base.metadata.tables[table]
        rendered = str(CreateTable(model).compile(dialect=sqlite.dialect()))
        assert _checks(stored[table]) == _checks(rendered), table


def test_an_unknown_value_is_still_refused_and_a_known_one_taken(store: Store) -> None:
    insert = text("INSERT INTO care_units (kind, opened_on, created_at) "
                  "VALUES (:kind, '2025-01-06', '2025-01-06 09:00:00')")
    with pytest.raises(IntegrityError, match="ck_care_units_kind"), store.engine.begin() as conn:
        conn.execute(insert, {"kind": "throuple"})
    with store.engine.begin() as conn:
        conn.execute(insert, {"kind": "polycule"})
        assert conn.execute(text("SELECT kind FROM care_units")).scalar_one() == "polycule"


def test_a_checked_value_is_matched_exactly_as_before() -> None:
    # The ORs allow exactly what the list allowed: not another case, not NULL by itself.
    statuses = ("active", "inactive", "discharged")
    conn = create_engine("sqlite://").connect()
    for value in ("active", "ACTIVE", "active ", None, "discharged", "other"):
        as_list, as_ors = conn.exec_driver_sql(
            f"SELECT status IN {statuses!r}, {one_of('status', statuses)} "
            "FROM (SELECT ? AS status)", (value,)).one()
        assert as_ors == as_list, value
    conn.close()


@pytest.fixture
def upgraded_0006(tmp_path: Path) -> Iterator[Store]:
    """The frozen 0006 store (notes signed, sessions booked), opened and so upgraded."""
    shutil.copytree(FROZEN_0006, tmp_path / "0006")
    manifest = json.loads((tmp_path / "0006" / "expected.json").read_text(encoding="utf-8"))
    with Store.open(tmp_path / "0006", Passphrase(manifest["passphrase"])) as store:
        yield store


def test_an_upgraded_store_keeps_its_rows_and_its_rules(upgraded_0006: Store) -> None:
    with upgraded_0006.engine.connect() as conn:
        notes = conn.execute(text("SELECT * FROM progress_notes ORDER BY id")).all()
        signed = [row.id for row in notes if row.status == "signed"]
        assert signed
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    # The triggers on a copied-in-place table still fire: a signed note stays as signed.
    with pytest.raises(IntegrityError, match=SIGNED_NOTE_MESSAGE), \
            upgraded_0006.engine.begin() as conn:
        conn.execute(text("UPDATE progress_notes SET risk_level = 'low' WHERE id = :id"),
                     {"id": signed[0]})
    with upgraded_0006.engine.connect() as conn:
        assert conn.execute(text("SELECT * FROM progress_notes ORDER BY id")).all() == notes
    assert upgraded_0006.verify().structure_ok


def test_no_table_of_the_store_checks_a_value_against_an_in_list(store: Store) -> None:
    # Every CHECK of allowed values is written as ORs (models.checks.one_of): an IN list of
    # three or more values makes SQLite build a lookup table for every row it checks,
    # which brought the import to twice its time (migration 0007). A new model or
    # migration that writes one by hand fails here.
    with store.engine.connect() as conn:
        tables = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL").all()
    written = {name: re.findall(r"\bIN\s*\(", sql, flags=re.IGNORECASE) for name, sql in tables}
    assert {name: found for name, found in written.items() if found} == {}
