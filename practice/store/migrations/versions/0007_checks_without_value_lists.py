"""CHECKs on enumerated columns written as ORs, so a row check builds no table.

Reserved by the lead for the store's write-speed work (issue 13); until that work lands this revision changes nothing.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 18:15:00
"""

from __future__ import annotations

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
