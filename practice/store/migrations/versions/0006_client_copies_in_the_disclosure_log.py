"""Client copies in the disclosure log: a copy of the record given to the client is logged too.

A client's copy of their own record (45 CFR 164.524) goes out under no release, so
``disclosures.release_id`` becomes nullable and ``copy_to_client`` marks such a row; a CHECK
holds that each row has exactly one of the two (and a copy has no provider and no letter),
and a copy's scopes may be empty when it held none of them.

SQLite changes a column's nullability only by copying the table into a new one, as batch mode
does; here the copy is written out (see ``upgrade`` for why), with every CHECK, foreign key
and index of 0004's table. Dropping the old table drops its triggers: the two that make a
disclosure row immutable are created again, literally as 0004 made them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 16:38:51.900594
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_KNOWN_SCOPES = "length(scopes) > 0 AND length(replace(replace(replace(replace(replace(replace(replace(scopes, 'attendance', ''), 'diagnosis', ''), 'treatment_summary', ''), 'recommendations', ''), 'progress', ''), 'risk', ''), ',', '')) = 0"
_COLUMNS = ('id', 'client_id', 'provider_id', 'recipient', 'recipient_address', 'disclosed_on',
            'scopes', 'purpose', 'release_id', 'letter_id', 'recorded_at')


def upgrade() -> None:
    # The copy Alembic's batch mode would make, spelled out: batch mode lists the copied
    # constraints in an order that changes from run to run, and every store must hold the
    # same table text (an imported practice is compared with the one it came from).
    op.create_table('_alembic_tmp_disclosures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=500), nullable=False),
    sa.Column('recipient_address', sa.String(length=1000), nullable=False),
    sa.Column('disclosed_on', sa.Date(), nullable=False),
    sa.Column('scopes', sa.String(length=120), nullable=False),
    sa.Column('purpose', sa.String(length=500), nullable=False),
    sa.Column('release_id', sa.Integer(), nullable=True),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('copy_to_client', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.CheckConstraint(f"(copy_to_client = 1 AND scopes = '') OR ({_KNOWN_SCOPES})", name=op.f('ck_disclosures_scopes_known')),
    sa.CheckConstraint('length(trim(purpose)) > 0', name=op.f('ck_disclosures_purpose_present')),
    sa.CheckConstraint('length(trim(recipient)) > 0', name=op.f('ck_disclosures_recipient_present')),
    sa.CheckConstraint("(copy_to_client = 0 AND release_id IS NOT NULL) OR (copy_to_client = 1 AND release_id IS NULL AND provider_id IS NULL AND letter_id IS NULL)", name=op.f('ck_disclosures_release_or_client_copy')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_disclosures_client_id_clients')),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_disclosures_letter_id_letters')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_disclosures_provider_id_providers')),
    sa.ForeignKeyConstraint(['release_id'], ['releases.id'], name=op.f('fk_disclosures_release_id_releases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosures'))
    )
    listed = ', '.join(_COLUMNS)
    # Every row so far went out under a release: copy_to_client takes its default, 0.
    op.execute(f'INSERT INTO _alembic_tmp_disclosures ({listed}) SELECT {listed} FROM disclosures')
    # Nothing refers to disclosures, so dropping it checks no foreign key; its indexes and
    # triggers go with it and are made again below.
    op.drop_table('disclosures')
    op.rename_table('_alembic_tmp_disclosures', 'disclosures')
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosures_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosures_disclosed_on'), ['disclosed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosures_letter_id'), ['letter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosures_provider_id'), ['provider_id'], unique=False)
    for statement in DISCLOSURES_DDL:
        op.execute(statement)


# Copied from revision 0004 (the same text as practice/models/letters.py then and now): the
# store refuses any UPDATE or DELETE of a disclosure record.
DISCLOSURES_DDL = (
    "CREATE TRIGGER trg_disclosures_no_update BEFORE UPDATE ON disclosures BEGIN SELECT RAISE(ABORT, 'a disclosure record is never changed or deleted'); END",
    "CREATE TRIGGER trg_disclosures_no_delete BEFORE DELETE ON disclosures BEGIN SELECT RAISE(ABORT, 'a disclosure record is never changed or deleted'); END",
)


def downgrade() -> None:
    raise NotImplementedError("A therapist's store is never downgraded; restore a backup.")
