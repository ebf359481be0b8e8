"""Standard measures: administrations, answers and their scores, and risk flags to review.

``measure_administrations`` holds each completed questionnaire (answers as a JSON array,
the total and band they scored, and for a per-relationship measure the partner it is
about); ``measure_risk_flags`` holds a risk item answered above zero until the therapist
records a review. The triggers are copied literally from ``practice/models/measures.py``:
a recorded administration is never updated, a partner must share a unit or a relationship
with the client, and a reviewed flag is never changed or deleted.

It also adds the release scope ``measures`` (a letter may carry the client's own scores):
the CHECKs on ``release_scopes.scope`` and ``disclosures.scopes`` allow one more value. As
in 0007, the CREATE TABLE text is edited in place (https://sqlite.org/lang_altertable.html,
section 7): a CHECK that allows more leaves every stored row valid, and nothing is copied.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 18:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('measure_administrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('instrument', sa.String(length=16), nullable=False),
    sa.Column('administered_on', sa.Date(), nullable=False),
    sa.Column('answers', sa.Text(), nullable=False),
    sa.Column('total', sa.Float(), nullable=False),
    sa.Column('band', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("json_valid(answers) AND json_type(answers) = 'array' AND json_array_length(answers) > 0", name=op.f('ck_measure_administrations_answers_array')),
    sa.CheckConstraint('length(instrument) BETWEEN 2 AND 16 AND instrument = lower(trim(instrument))', name=op.f('ck_measure_administrations_instrument_key')),
    sa.CheckConstraint('length(trim(band)) > 0', name=op.f('ck_measure_administrations_band_present')),
    sa.CheckConstraint('partner_id IS NULL OR partner_id <> client_id', name=op.f('ck_measure_administrations_partner_not_self')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_measure_administrations_client_id_clients')),
    sa.ForeignKeyConstraint(['partner_id'], ['clients.id'], name=op.f('fk_measure_administrations_partner_id_clients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_administrations'))
    )
    with op.batch_alter_table('measure_administrations', schema=None) as batch_op:
        batch_op.create_index('ix_measure_administrations_client_instrument', ['client_id', 'instrument', 'administered_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_administrations_partner_id'), ['partner_id'], unique=False)

    op.create_table('measure_risk_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('administration_id', sa.Integer(), nullable=False),
    sa.Column('items', sa.String(length=40), nullable=False),
    sa.Column('raised_at', sa.DateTime(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('review_note', sa.String(length=2000), nullable=True),
    sa.CheckConstraint('(reviewed_at IS NULL) = (review_note IS NULL)', name=op.f('ck_measure_risk_flags_review_has_note')),
    sa.CheckConstraint('length(trim(items)) > 0', name=op.f('ck_measure_risk_flags_items_present')),
    sa.CheckConstraint('review_note IS NULL OR length(trim(review_note)) > 0', name=op.f('ck_measure_risk_flags_review_note_present')),
    sa.CheckConstraint('reviewed_at IS NULL OR reviewed_at >= raised_at', name=op.f('ck_measure_risk_flags_reviewed_after_raised')),
    sa.ForeignKeyConstraint(['administration_id'], ['measure_administrations.id'], name=op.f('fk_measure_risk_flags_administration_id_measure_administrations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_risk_flags')),
    sa.UniqueConstraint('administration_id', name=op.f('uq_measure_risk_flags_administration_id'))
    )
    with op.batch_alter_table('measure_risk_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_risk_flags_reviewed_at'), ['reviewed_at'], unique=False)
    for statement in MEASURES_DDL:
        op.execute(statement)
    _allow_the_measures_scope()


# The scope CHECKs as 0007 (release_scopes) and 0006 (disclosures) left them, and with
# "measures" added as practice/models/checks.py and practice/models/letters.py write it.
_OLD_SCOPES = ('attendance', 'diagnosis', 'treatment_summary', 'recommendations', 'progress',
               'risk')
_NEW_SCOPES = (*_OLD_SCOPES, 'measures')


def _as_ors(column: str, values: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f"{column} = {v!r}" for v in values) + ")"


def _known(values: tuple[str, ...]) -> str:
    erased = 'scopes'
    for scope in values:
        erased = f"replace({erased}, '{scope}', '')"
    return f"length(scopes) > 0 AND length(replace({erased}, ',', '')) = 0"


SCOPE_CHECKS = (
    ('release_scopes', _as_ors('scope', _OLD_SCOPES), _as_ors('scope', _NEW_SCOPES)),
    ('disclosures', _known(_OLD_SCOPES), _known(_NEW_SCOPES)),
)


def _allow_the_measures_scope() -> None:
    conn = op.get_bind()
    changed = []
    for table, old, new in SCOPE_CHECKS:
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).scalar_one()
        if sql.count(old) != 1:
            raise RuntimeError(f"table {table}: the scope check is not as 0006-0007 left it; "
                               "the store was left as it was")
        changed.append((sql.replace(old, new), table))
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
    conn.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        conn.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", changed)
        conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.exec_driver_sql("PRAGMA writable_schema = RESET")


# Copied from practice/models/measures.py as it stood for this revision.
MEASURES_DDL = (
    "CREATE TRIGGER trg_measure_administrations_fixed BEFORE UPDATE ON measure_administrations BEGIN SELECT RAISE(ABORT, 'a recorded measure is never changed; delete it and record it again'); END",
    "CREATE TRIGGER trg_measure_administrations_partner BEFORE INSERT ON measure_administrations WHEN NEW.partner_id IS NOT NULL AND NOT (EXISTS (SELECT 1 FROM unit_members AS mine JOIN unit_members AS theirs ON theirs.unit_id = mine.unit_id WHERE mine.client_id = NEW.client_id AND theirs.client_id = NEW.partner_id) OR EXISTS (SELECT 1 FROM relationships WHERE person_a_id = min(NEW.client_id, NEW.partner_id) AND person_b_id = max(NEW.client_id, NEW.partner_id))) BEGIN SELECT RAISE(ABORT, 'a measure about a partner needs the partner to share a unit or a relationship with the client'); END",
    "CREATE TRIGGER trg_measure_risk_flags_reviewed_update BEFORE UPDATE ON measure_risk_flags WHEN OLD.reviewed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'a reviewed risk flag is never changed or deleted'); END",
    "CREATE TRIGGER trg_measure_risk_flags_reviewed_delete BEFORE DELETE ON measure_risk_flags WHEN OLD.reviewed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'a reviewed risk flag is never changed or deleted'); END",
)


def downgrade() -> None:
    raise NotImplementedError("A therapist's store is never downgraded; restore a backup.")
