"""Standard measures: administrations, answers and their scores.

Reserved by the lead for measurement-based care (issue 14); until that work lands this revision changes nothing.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 18:15:00
"""

from __future__ import annotations

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
