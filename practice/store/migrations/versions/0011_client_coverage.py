"""Client coverage: self-pay, out of network or unknown, from a date.

One row per client. The CHECK is comparisons joined by OR, never an IN list (see 0007: an
IN list costs a lookup table built for every row checked under the store's memory guard).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 18:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('client_coverage',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('coverage', sa.String(length=16), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(coverage = 'self_pay' OR coverage = 'out_of_network' OR coverage = 'unknown')", name=op.f('ck_client_coverage_coverage')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_coverage_client_id_clients'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('client_id', name=op.f('pk_client_coverage'))
    )


def downgrade() -> None:
    raise NotImplementedError("A therapist's store is never downgraded; restore a backup.")
