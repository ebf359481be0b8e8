"""Scheduling: appointments, recurring series with their clients and removed occurrences.

Triggers are literal SQL (copied from practice/models/schedule.py when this revision was
written), so this migration keeps doing exactly what it did then.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 04:09:40.458124
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appointment_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('rule', sa.String(length=500), nullable=False),
    sa.Column('dtstart_local', sa.DateTime(), nullable=False),
    sa.Column('zone', sa.String(length=64), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=16), nullable=False),
    sa.Column('video_link', sa.String(length=2000), nullable=True),
    sa.Column('cpt_code', sa.String(length=5), nullable=True),
    sa.Column('ends_before_local', sa.DateTime(), nullable=True),
    sa.Column('overlap_allowed', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(location = 'office' AND video_link IS NULL) OR (location = 'telehealth' AND coalesce(length(trim(video_link)), 0) > 0)", name=op.f('ck_appointment_series_video_link')),
    sa.CheckConstraint("kind IN ('intake', 'individual', 'couple', 'polycule', 'family')", name=op.f('ck_appointment_series_kind')),
    sa.CheckConstraint("location IN ('office', 'telehealth')", name=op.f('ck_appointment_series_location')),
    sa.CheckConstraint('cpt_code IS NULL OR length(cpt_code) = 5', name=op.f('ck_appointment_series_cpt_code')),
    sa.CheckConstraint('duration_minutes BETWEEN 1 AND 480', name=op.f('ck_appointment_series_duration')),
    sa.CheckConstraint('ends_before_local IS NULL OR ends_before_local >= dtstart_local', name=op.f('ck_appointment_series_ends_after_start')),
    sa.CheckConstraint('length(trim(rule)) > 0', name=op.f('ck_appointment_series_rule_present')),
    sa.ForeignKeyConstraint(['unit_id'], ['care_units.id'], name=op.f('fk_appointment_series_unit_id_care_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment_series'))
    )
    op.create_index(op.f('ix_appointment_series_unit_id'), 'appointment_series', ['unit_id'], unique=False)

    op.create_table('appointment_series_clients',
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_appointment_series_clients_client_id_clients')),
    sa.ForeignKeyConstraint(['series_id'], ['appointment_series.id'], name=op.f('fk_appointment_series_clients_series_id_appointment_series'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('series_id', 'client_id', name=op.f('pk_appointment_series_clients'))
    )
    op.create_index(op.f('ix_appointment_series_clients_client_id'), 'appointment_series_clients', ['client_id'], unique=False)

    op.create_table('appointment_series_exdates',
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('recurrence_id', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['series_id'], ['appointment_series.id'], name=op.f('fk_appointment_series_exdates_series_id_appointment_series'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('series_id', 'recurrence_id', name=op.f('pk_appointment_series_exdates'))
    )
    op.create_index(op.f('ix_appointment_series_exdates_recurrence_id'), 'appointment_series_exdates', ['recurrence_id'], unique=False)

    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('start_utc', sa.DateTime(), nullable=False),
    sa.Column('zone', sa.String(length=64), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=16), nullable=False),
    sa.Column('video_link', sa.String(length=2000), nullable=True),
    sa.Column('cpt_code', sa.String(length=5), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_reason', sa.String(length=2000), nullable=True),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('recurrence_id', sa.DateTime(), nullable=True),
    sa.Column('overlap_allowed', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(location = 'office' AND video_link IS NULL) OR (location = 'telehealth' AND coalesce(length(trim(video_link)), 0) > 0)", name=op.f('ck_appointments_video_link')),
    sa.CheckConstraint("kind IN ('intake', 'individual', 'couple', 'polycule', 'family')", name=op.f('ck_appointments_kind')),
    sa.CheckConstraint("location IN ('office', 'telehealth')", name=op.f('ck_appointments_location')),
    sa.CheckConstraint("status IN ('scheduled', 'completed', 'cancelled', 'late_cancel', 'no_show')", name=op.f('ck_appointments_status')),
    sa.CheckConstraint('(series_id IS NULL) = (recurrence_id IS NULL)', name=op.f('ck_appointments_occurrence_named')),
    sa.CheckConstraint('cpt_code IS NULL OR length(cpt_code) = 5', name=op.f('ck_appointments_cpt_code')),
    sa.CheckConstraint('duration_minutes BETWEEN 1 AND 480', name=op.f('ck_appointments_duration')),
    sa.ForeignKeyConstraint(['series_id'], ['appointment_series.id'], name=op.f('fk_appointments_series_id_appointment_series')),
    sa.ForeignKeyConstraint(['unit_id'], ['care_units.id'], name=op.f('fk_appointments_unit_id_care_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments')),
    sa.UniqueConstraint('series_id', 'recurrence_id', name='uq_appointments_occurrence')
    )
    op.create_index(op.f('ix_appointments_recurrence_id'), 'appointments', ['recurrence_id'], unique=False)
    op.create_index(op.f('ix_appointments_start_utc'), 'appointments', ['start_utc'], unique=False)
    op.create_index(op.f('ix_appointments_unit_id'), 'appointments', ['unit_id'], unique=False)

    op.create_table('appointment_clients',
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], name=op.f('fk_appointment_clients_appointment_id_appointments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_appointment_clients_client_id_clients')),
    sa.PrimaryKeyConstraint('appointment_id', 'client_id', name=op.f('pk_appointment_clients'))
    )
    op.create_index(op.f('ix_appointment_clients_client_id'), 'appointment_clients', ['client_id'], unique=False)
    for statement in SCHEDULE_DDL:
        op.execute(statement)


# Copied from practice/models/schedule.py when this revision was written: the store refuses
# two stored sessions starting at the same instant (unless one is a deliberate overlap) and
# the deletion of a completed session or one with a progress note.
SCHEDULE_DDL = (
    "CREATE TRIGGER trg_appointments_same_start_insert BEFORE INSERT ON appointments WHEN NEW.status IN ('scheduled', 'completed') AND NOT NEW.overlap_allowed AND EXISTS (SELECT 1 FROM appointments AS other WHERE other.start_utc = NEW.start_utc AND other.id IS NOT NEW.id AND other.status IN ('scheduled', 'completed') AND NOT other.overlap_allowed) BEGIN SELECT RAISE(ABORT, 'the therapist already has a session starting at that moment'); END",
    "CREATE TRIGGER trg_appointments_same_start_update BEFORE UPDATE OF start_utc, status, overlap_allowed ON appointments WHEN NEW.status IN ('scheduled', 'completed') AND NOT NEW.overlap_allowed AND EXISTS (SELECT 1 FROM appointments AS other WHERE other.start_utc = NEW.start_utc AND other.id IS NOT NEW.id AND other.status IN ('scheduled', 'completed') AND NOT other.overlap_allowed) BEGIN SELECT RAISE(ABORT, 'the therapist already has a session starting at that moment'); END",
    "CREATE TRIGGER trg_appointments_kept BEFORE DELETE ON appointments WHEN OLD.status = 'completed' OR EXISTS (SELECT 1 FROM progress_notes WHERE appointment_id = OLD.id) BEGIN SELECT RAISE(ABORT, 'a completed session, or one with a progress note, is never deleted'); END",
)


def downgrade() -> None:
    raise NotImplementedError("A therapist's store is never downgraded; restore a backup.")
