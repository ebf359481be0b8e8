"""CHECKs on enumerated columns written as ORs, so a row check builds no table.

Revisions 0002 and 0003 wrote each enumerated column's CHECK as ``status IN ('active',
'inactive', 'discharged')``. For a list of more than two values SQLite builds a small
lookup table anew for every row it checks; under the store's memory protection each such
table costs about 100 µs of locked allocations (bench/bench_store.py measures it;
tests/store/test_value_checks.py finds the table in the statement's program), so a
whole-practice import spent seconds checking statuses and kinds. The same
rule written ``(status = 'active' OR status = 'inactive' OR status = 'discharged')`` allows
exactly the same values and costs well under a microsecond.

How: SQLite keeps a table's definition as the text of its CREATE TABLE in
``sqlite_master``. Copying a table into a new one, as 0006 did for the disclosure log, is
not safe here: these tables are parents (clients, care units, notes, appointments), and
with foreign keys on, which they are inside every migration's transaction, dropping a
parent deletes or orphans its children (``ON DELETE CASCADE`` on appointments and
series). SQLite documents the alternative for a change that leaves every stored row
valid, such as a CHECK rewritten into an equivalent one (https://sqlite.org/lang_altertable.html,
section 7): the CREATE TABLE text is edited in place and the schema version raised, so
every connection reads the new text. Nothing is copied, so every row, rowid, index,
trigger, foreign key and search index stays exactly as it was; only the listed CHECKs
change, each found exactly once or the upgrade stops with nothing changed.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 18:15:00
"""

from __future__ import annotations

from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# (table, column, allowed values) exactly as revisions 0002 and 0003 wrote them: a frozen
# copy, never an import of the models (which may change after this revision).
ENUMERATED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ('care_units', 'confidentiality', ('no_secrets', 'individual_private', 'other')),
    ('care_units', 'kind', ('individual', 'couple', 'polycule')),
    ('clients', 'status', ('active', 'inactive', 'discharged')),
    ('client_channels', 'channel', ('phone', 'voicemail', 'text', 'email', 'post')),
    ('client_channels', 'name_style', ('chosen', 'legal', 'initials', 'none', 'custom')),
    ('client_status_changes', 'status', ('active', 'inactive', 'discharged')),
    ('progress_notes', 'format', ('soap', 'dap', 'birp', 'free')),
    ('progress_notes', 'risk_level', ('none', 'low', 'moderate', 'high')),
    ('progress_notes', 'status', ('draft', 'signed')),
    ('providers', 'specialty', ('cardiology', 'urology', 'gynecology', 'pelvic_floor_pt',
                                'oncology', 'endocrinology', 'primary_care', 'psychiatry',
                                'other')),
    ('relationships', 'kind', ('partner', 'spouse', 'nesting_partner', 'co_parent',
                               'former_partner', 'other')),
    ('addenda', 'status', ('draft', 'signed')),
    ('release_scopes', 'scope', ('attendance', 'diagnosis', 'treatment_summary',
                                 'recommendations', 'progress', 'risk')),
    ('appointment_series', 'kind', ('intake', 'individual', 'couple', 'polycule', 'family')),
    ('appointment_series', 'location', ('office', 'telehealth')),
    ('appointments', 'kind', ('intake', 'individual', 'couple', 'polycule', 'family')),
    ('appointments', 'location', ('office', 'telehealth')),
    ('appointments', 'status', ('scheduled', 'completed', 'cancelled', 'late_cancel',
                                'no_show')),
)


def _as_list(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _as_ors(column: str, values: tuple[str, ...]) -> str:
    # The text practice/models/checks.py ``one_of`` gives, so a store and the models agree.
    return "(" + " OR ".join(f"{column} = {v!r}" for v in values) + ")"


def rewritten(table: str, sql: str) -> str:
    """The table's CREATE TABLE text with each of its listed CHECKs written as ORs.

    Raises:
        RuntimeError: A listed CHECK is not in the text exactly once (the store was not
            made by revisions 0001-0006); nothing is changed.
    """
    for name, column, values in ENUMERATED:
        if name != table:
            continue
        old = _as_list(column, values)
        if sql.count(old) != 1:
            raise RuntimeError(f"table {table}: the check on {column} is not as 0002-0003 "
                               "wrote it; the store was left as it was")
        sql = sql.replace(old, _as_ors(column, values))
    return sql


def upgrade() -> None:
    conn = op.get_bind()
    tables = dict.fromkeys(name for name, _column, _values in ENUMERATED)
    changed = []
    for table in tables:
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).scalar_one()
        changed.append((rewritten(table, sql), table))
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
    conn.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        conn.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", changed)
        # Every other connection holds the old text parsed; a new schema version makes each
        # read the new one before its next statement.
        conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        # RESET also makes this connection parse the new text now.
        conn.exec_driver_sql("PRAGMA writable_schema = RESET")


def downgrade() -> None:
    raise NotImplementedError("A therapist's store is never downgraded; restore a backup.")
