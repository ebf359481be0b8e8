"""Letter drafts: the prose typed for a letter not yet issued, kept in the encrypted store.

One row per client, recipient and template; the service deletes it when the letter is issued,
discarded, or every text is blank. No triggers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 07:33:52.417823
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('letter_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('template_key', sa.String(length=64), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=True),
    sa.Column('use_legal_name', sa.Boolean(), nullable=False),
    sa.Column('prose', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("json_valid(prose) AND json_type(prose) = 'object'", name=op.f('ck_letter_drafts_prose_object')),
    sa.CheckConstraint('length(trim(template_key)) > 0', name=op.f('ck_letter_drafts_template_present')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_letter_drafts_client_id_clients')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_letter_drafts_provider_id_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_drafts')),
    sa.UniqueConstraint('client_id', 'provider_id', 'template_key', name=op.f('uq_letter_drafts_client_id'))
    )
    with op.batch_alter_table('letter_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_drafts_provider_id'), ['provider_id'], unique=False)


def downgrade() -> None:
    raise NotImplementedError("A therapist's store is never downgraded; restore a backup.")
