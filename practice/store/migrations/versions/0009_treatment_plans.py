"""Treatment plans: problems, goals, objectives, interventions and reviews.

Reserved by the lead for treatment plans (issue 14); until that work lands this revision changes nothing.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 18:15:00
"""

from __future__ import annotations

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
