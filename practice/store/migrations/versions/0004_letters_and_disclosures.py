"""Letters and disclosures: issued letters with their exact PDF, and the disclosure log.

Both tables are append-only; the triggers are literal SQL (copied from
practice/models/letters.py when this revision was written), so this migration keeps doing
exactly what it did then.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 04:50:38.785971
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('release_id', sa.Integer(), nullable=False),
    sa.Column('template_key', sa.String(length=64), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=False),
    sa.Column('purpose', sa.String(length=500), nullable=False),
    sa.Column('legal_name_used', sa.Boolean(), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(pdf_sha256) = 64', name=op.f('ck_letters_sha256_present')),
    sa.CheckConstraint('length(trim(purpose)) > 0', name=op.f('ck_letters_purpose_present')),
    sa.CheckConstraint('length(trim(template_key)) > 0', name=op.f('ck_letters_template_present')),
    sa.CheckConstraint('size_bytes = length(pdf) AND size_bytes BETWEEN 1 AND 20971520', name=op.f('ck_letters_size')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_letters_client_id_clients')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_letters_provider_id_providers')),
    sa.ForeignKeyConstraint(['release_id'], ['releases.id'], name=op.f('fk_letters_release_id_releases')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['letters.id'], name=op.f('fk_letters_supersedes_id_letters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letters')),
    sa.UniqueConstraint('supersedes_id', name=op.f('uq_letters_supersedes_id'))
    )
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letters_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_provider_id'), ['provider_id'], unique=False)

    op.create_table('disclosures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=500), nullable=False),
    sa.Column('recipient_address', sa.String(length=1000), nullable=False),
    sa.Column('disclosed_on', sa.Date(), nullable=False),
    sa.Column('scopes', sa.String(length=120), nullable=False),
    sa.Column('purpose', sa.String(length=500), nullable=False),
    sa.Column('release_id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("length(scopes) > 0 AND length(replace(replace(replace(replace(replace(replace(replace(scopes, 'attendance', ''), 'diagnosis', ''), 'treatment_summary', ''), 'recommendations', ''), 'progress', ''), 'risk', ''), ',', '')) = 0", name=op.f('ck_disclosures_scopes_known')),
    sa.CheckConstraint('length(trim(purpose)) > 0', name=op.f('ck_disclosures_purpose_present')),
    sa.CheckConstraint('length(trim(recipient)) > 0', name=op.f('ck_disclosures_recipient_present')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_disclosures_client_id_clients')),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_disclosures_letter_id_letters')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_disclosures_provider_id_providers')),
    sa.ForeignKeyConstraint(['release_id'], ['releases.id'], name=op.f('fk_disclosures_release_id_releases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosures'))
    )
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosures_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosures_disclosed_on'), ['disclosed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosures_letter_id'), ['letter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosures_provider_id'), ['provider_id'], unique=False)
    for statement in LETTERS_DDL:
        op.execute(statement)


# Copied from practice/models/letters.py when this revision was written: the store refuses
# any UPDATE or DELETE of an issued letter or a disclosure record.
LETTERS_DDL = (
    "CREATE TRIGGER trg_letters_no_update BEFORE UPDATE ON letters BEGIN SELECT RAISE(ABORT, 'an issued letter is never changed or deleted; issue a correction instead'); END",
    "CREATE TRIGGER trg_letters_no_delete BEFORE DELETE ON letters BEGIN SELECT RAISE(ABORT, 'an issued letter is never changed or deleted; issue a correction instead'); END",
    "CREATE TRIGGER trg_disclosures_no_update BEFORE UPDATE ON disclosures BEGIN SELECT RAISE(ABORT, 'a disclosure record is never changed or deleted'); END",
    "CREATE TRIGGER trg_disclosures_no_delete BEFORE DELETE ON disclosures BEGIN SELECT RAISE(ABORT, 'a disclosure record is never changed or deleted'); END",
)


def downgrade() -> None:
    raise NotImplementedError("A therapist's store is never downgraded; restore a backup.")
