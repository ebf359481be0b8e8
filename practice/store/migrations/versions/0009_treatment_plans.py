"""Treatment plans: problems, goals, objectives, interventions and reviews.

A plan belongs to one client or one care unit (a CHECK); its problems, goals (with their
measurable objectives, optionally a target score on a standard instrument) and interventions
are ended on a date, never deleted; reviews are dated. ``note_goals`` links a progress note
to the goals its session addressed, and the triggers (literal SQL, copied from
practice/models/plans.py when this revision was written) fix those ticks once the note is
signed, as the note's own parts are.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 18:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('treatment_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('target_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("end_reason IS NULL OR (end_reason = 'goals_met' OR end_reason = 'replaced' OR end_reason = 'discharged' OR end_reason = 'discontinued')", name=op.f('ck_treatment_plans_end_reason')),
    sa.CheckConstraint('(client_id IS NULL) <> (unit_id IS NULL)', name=op.f('ck_treatment_plans_one_owner')),
    sa.CheckConstraint('(ended_on IS NULL) = (end_reason IS NULL)', name=op.f('ck_treatment_plans_end_has_reason')),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= started_on', name=op.f('ck_treatment_plans_ended_after_start')),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_treatment_plans_title_present')),
    sa.CheckConstraint('review_on IS NULL OR review_on >= started_on', name=op.f('ck_treatment_plans_review_after_start')),
    sa.CheckConstraint('target_on IS NULL OR target_on >= started_on', name=op.f('ck_treatment_plans_target_after_start')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_treatment_plans_client_id_clients')),
    sa.ForeignKeyConstraint(['unit_id'], ['care_units.id'], name=op.f('fk_treatment_plans_unit_id_care_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_treatment_plans'))
    )
    with op.batch_alter_table('treatment_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_treatment_plans_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_treatment_plans_review_on'), ['review_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_treatment_plans_unit_id'), ['unit_id'], unique=False)

    op.create_table('plan_problems',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.CheckConstraint('length(trim(text)) > 0', name=op.f('ck_plan_problems_text_present')),
    sa.CheckConstraint('resolved_on IS NULL OR resolved_on >= added_on', name=op.f('ck_plan_problems_resolved_after')),
    sa.ForeignKeyConstraint(['plan_id'], ['treatment_plans.id'], name=op.f('fk_plan_problems_plan_id_treatment_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_problems'))
    )
    with op.batch_alter_table('plan_problems', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_problems_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(trim(summary)) > 0', name=op.f('ck_plan_reviews_summary_present')),
    sa.CheckConstraint('next_review_on IS NULL OR next_review_on > reviewed_on', name=op.f('ck_plan_reviews_next_after_this')),
    sa.ForeignKeyConstraint(['plan_id'], ['treatment_plans.id'], name=op.f('fk_plan_reviews_plan_id_treatment_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_reviews'))
    )
    with op.batch_alter_table('plan_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_reviews_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.Column('target_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.CheckConstraint("outcome IS NULL OR (outcome = 'met' OR outcome = 'partly_met' OR outcome = 'not_met' OR outcome = 'discontinued')", name=op.f('ck_plan_goals_outcome')),
    sa.CheckConstraint('(ended_on IS NULL) = (outcome IS NULL)', name=op.f('ck_plan_goals_end_has_outcome')),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= added_on', name=op.f('ck_plan_goals_ended_after')),
    sa.CheckConstraint('length(trim(text)) > 0', name=op.f('ck_plan_goals_text_present')),
    sa.CheckConstraint('target_on IS NULL OR target_on >= added_on', name=op.f('ck_plan_goals_target_after')),
    sa.ForeignKeyConstraint(['plan_id'], ['treatment_plans.id'], name=op.f('fk_plan_goals_plan_id_treatment_plans')),
    sa.ForeignKeyConstraint(['problem_id'], ['plan_problems.id'], name=op.f('fk_plan_goals_problem_id_plan_problems')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_goals'))
    )
    with op.batch_alter_table('plan_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_goals_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_goals_problem_id'), ['problem_id'], unique=False)

    op.create_table('note_goals',
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], name=op.f('fk_note_goals_goal_id_plan_goals')),
    sa.ForeignKeyConstraint(['note_id'], ['progress_notes.id'], name=op.f('fk_note_goals_note_id_progress_notes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('note_id', 'goal_id', name=op.f('pk_note_goals'))
    )
    with op.batch_alter_table('note_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_goals_goal_id'), ['goal_id'], unique=False)

    op.create_table('plan_interventions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('frequency', sa.String(length=200), nullable=True),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= added_on', name=op.f('ck_plan_interventions_ended_after')),
    sa.CheckConstraint('length(trim(text)) > 0', name=op.f('ck_plan_interventions_text_present')),
    sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], name=op.f('fk_plan_interventions_goal_id_plan_goals')),
    sa.ForeignKeyConstraint(['plan_id'], ['treatment_plans.id'], name=op.f('fk_plan_interventions_plan_id_treatment_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_interventions'))
    )
    with op.batch_alter_table('plan_interventions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_interventions_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_interventions_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_objectives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('instrument', sa.String(length=16), nullable=True),
    sa.Column('target_score', sa.Float(), nullable=True),
    sa.Column('direction', sa.String(length=12), nullable=True),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.Column('target_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.CheckConstraint("direction IS NULL OR (direction = 'at_or_below' OR direction = 'at_or_above')", name=op.f('ck_plan_objectives_direction')),
    sa.CheckConstraint("instrument IS NULL OR (length(instrument) BETWEEN 2 AND 16 AND instrument NOT GLOB '*[^a-z0-9_]*')", name=op.f('ck_plan_objectives_instrument_key')),
    sa.CheckConstraint("outcome IS NULL OR (outcome = 'met' OR outcome = 'partly_met' OR outcome = 'not_met' OR outcome = 'discontinued')", name=op.f('ck_plan_objectives_outcome')),
    sa.CheckConstraint('(ended_on IS NULL) = (outcome IS NULL)', name=op.f('ck_plan_objectives_end_has_outcome')),
    sa.CheckConstraint('(instrument IS NULL AND target_score IS NULL AND direction IS NULL) OR (instrument IS NOT NULL AND target_score IS NOT NULL AND direction IS NOT NULL)', name=op.f('ck_plan_objectives_score_target_whole')),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= added_on', name=op.f('ck_plan_objectives_ended_after')),
    sa.CheckConstraint('length(trim(text)) > 0', name=op.f('ck_plan_objectives_text_present')),
    sa.CheckConstraint('target_on IS NULL OR target_on >= added_on', name=op.f('ck_plan_objectives_target_after')),
    sa.ForeignKeyConstraint(['goal_id'], ['plan_goals.id'], name=op.f('fk_plan_objectives_goal_id_plan_goals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_objectives'))
    )
    with op.batch_alter_table('plan_objectives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_objectives_goal_id'), ['goal_id'], unique=False)

    for statement in PLANS_DDL:
        op.execute(statement)


# The store refuses a signed note's ticks being added, changed or removed.
PLANS_DDL = (
    "CREATE TRIGGER trg_note_goals_signed_insert BEFORE INSERT ON note_goals WHEN ((SELECT status FROM progress_notes WHERE id = NEW.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_goals_signed_update BEFORE UPDATE ON note_goals WHEN ((SELECT status FROM progress_notes WHERE id = OLD.note_id) = 'signed') OR ((SELECT status FROM progress_notes WHERE id = NEW.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_goals_signed_delete BEFORE DELETE ON note_goals WHEN ((SELECT status FROM progress_notes WHERE id = OLD.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
)


def downgrade() -> None:
    raise NotImplementedError("A therapist's store is never downgraded; restore a backup.")
