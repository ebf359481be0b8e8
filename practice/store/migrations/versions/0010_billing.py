"""Fees, charges, payments and the money documents given to clients.

Reserved by the lead for billing (issue 15); until that work lands this revision changes nothing.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:15:00
"""

from __future__ import annotations

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
