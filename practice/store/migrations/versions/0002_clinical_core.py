"""Clinical core: clients, care units and relationships, notes, providers, releases, search.

Triggers and FTS5 tables are literal SQL (copied from practice/models/ddl.py when this
revision was written), so this migration keeps doing exactly what it did then.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 04:08:40.933708
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('care_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=True),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('confidentiality', sa.String(length=24), nullable=True),
    sa.Column('confidentiality_text', sa.String(length=2000), nullable=True),
    sa.Column('confidentiality_agreed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("confidentiality IS NULL OR confidentiality IN ('no_secrets', 'individual_private', 'other')", name=op.f('ck_care_units_confidentiality')),
    sa.CheckConstraint("kind IN ('individual', 'couple', 'polycule')", name=op.f('ck_care_units_kind')),
    sa.CheckConstraint('closed_on IS NULL OR closed_on >= opened_on', name=op.f('ck_care_units_closed_after_opened')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_units'))
    )
    op.create_table('clients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('legal_name', sa.String(length=200), nullable=False),
    sa.Column('chosen_name', sa.String(length=200), nullable=True),
    sa.Column('pronouns', sa.String(length=60), nullable=True),
    sa.Column('gender_identity', sa.String(length=200), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('emergency_name', sa.String(length=200), nullable=True),
    sa.Column('emergency_phone', sa.String(length=40), nullable=True),
    sa.Column('emergency_relationship', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_since', sa.Date(), nullable=False),
    sa.Column('sort_key', sa.String(length=400), nullable=False),
    sa.Column('search_text', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('active', 'inactive', 'discharged')", name=op.f('ck_clients_status')),
    sa.CheckConstraint('length(trim(legal_name)) > 0', name=op.f('ck_clients_legal_name_present')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clients'))
    )
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clients_sort_key'), ['sort_key'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('fax', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('sort_key', sa.String(length=400), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_organisations_name_present')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_sort_key'), ['sort_key'], unique=False)

    op.create_table('practice_assets',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('media_type', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_practice_assets'))
    )
    op.create_table('client_channels',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('safe', sa.Boolean(), nullable=False),
    sa.Column('name_style', sa.String(length=16), nullable=False),
    sa.Column('custom_name', sa.String(length=200), nullable=True),
    sa.CheckConstraint("channel IN ('phone', 'voicemail', 'text', 'email', 'post')", name=op.f('ck_client_channels_channel')),
    sa.CheckConstraint("name_style <> 'custom' OR coalesce(length(trim(custom_name)), 0) > 0", name=op.f('ck_client_channels_custom_name_present')),
    sa.CheckConstraint("name_style IN ('chosen', 'legal', 'initials', 'none', 'custom')", name=op.f('ck_client_channels_name_style')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_channels_client_id_clients')),
    sa.PrimaryKeyConstraint('client_id', 'channel', name=op.f('pk_client_channels'))
    )
    op.create_table('client_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('active', 'inactive', 'discharged')", name=op.f('ck_client_status_changes_status')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_status_changes_client_id_clients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_status_changes'))
    )
    with op.batch_alter_table('client_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_status_changes_client_id'), ['client_id'], unique=False)

    op.create_table('progress_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('session_date', sa.Date(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('risk_level', sa.String(length=12), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('signed_by', sa.String(length=200), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.CheckConstraint("(status = 'draft' AND signed_at IS NULL AND signed_by IS NULL AND content_hash IS NULL) OR (status = 'signed' AND signed_at IS NOT NULL AND coalesce(length(trim(signed_by)), 0) > 0 AND coalesce(length(content_hash), 0) = 64)", name=op.f('ck_progress_notes_signature')),
    sa.CheckConstraint("format IN ('soap', 'dap', 'birp', 'free')", name=op.f('ck_progress_notes_format')),
    sa.CheckConstraint("risk_level IS NULL OR risk_level IN ('none', 'low', 'moderate', 'high')", name=op.f('ck_progress_notes_risk_level')),
    sa.CheckConstraint("status IN ('draft', 'signed')", name=op.f('ck_progress_notes_status')),
    sa.ForeignKeyConstraint(['unit_id'], ['care_units.id'], name=op.f('fk_progress_notes_unit_id_care_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_notes'))
    )
    with op.batch_alter_table('progress_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_notes_appointment_id'), ['appointment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_notes_session_date'), ['session_date'], unique=False)
        batch_op.create_index('ix_progress_notes_unit_session', ['unit_id', 'session_date'], unique=False)

    op.create_table('providers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('credentials', sa.String(length=100), nullable=True),
    sa.Column('specialty', sa.String(length=24), nullable=False),
    sa.Column('specialty_detail', sa.String(length=100), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('fax', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('npi', sa.String(length=10), nullable=True),
    sa.Column('sort_key', sa.String(length=400), nullable=False),
    sa.Column('search_text', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("npi IS NULL OR (length(npi) = 10 AND npi NOT GLOB '*[^0-9]*')", name=op.f('ck_providers_npi_shape')),
    sa.CheckConstraint("specialty IN ('cardiology', 'urology', 'gynecology', 'pelvic_floor_pt', 'oncology', 'endocrinology', 'primary_care', 'psychiatry', 'other')", name=op.f('ck_providers_specialty')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_providers_name_present')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_providers_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_providers'))
    )
    with op.batch_alter_table('providers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_providers_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_providers_sort_key'), ['sort_key'], unique=False)
        batch_op.create_index('uq_providers_npi', ['npi'], unique=True, sqlite_where=sa.text('npi IS NOT NULL'))

    op.create_table('psychotherapy_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('session_date', sa.Date(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['care_units.id'], name=op.f('fk_psychotherapy_notes_unit_id_care_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_psychotherapy_notes'))
    )
    with op.batch_alter_table('psychotherapy_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_psychotherapy_notes_unit_id'), ['unit_id'], unique=False)

    op.create_table('relationships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_a_id', sa.Integer(), nullable=False),
    sa.Column('person_b_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.CheckConstraint("kind <> 'metamour'", name=op.f('ck_relationships_metamour_is_derived')),
    sa.CheckConstraint("kind <> 'other' OR coalesce(length(trim(label)), 0) > 0", name=op.f('ck_relationships_other_needs_label')),
    sa.CheckConstraint("kind IN ('partner', 'spouse', 'nesting_partner', 'co_parent', 'former_partner', 'other')", name=op.f('ck_relationships_kind')),
    sa.CheckConstraint('ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on', name=op.f('ck_relationships_ended_after_started')),
    sa.CheckConstraint('person_a_id < person_b_id', name=op.f('ck_relationships_ordered_pair')),
    sa.ForeignKeyConstraint(['person_a_id'], ['clients.id'], name=op.f('fk_relationships_person_a_id_clients')),
    sa.ForeignKeyConstraint(['person_b_id'], ['clients.id'], name=op.f('fk_relationships_person_b_id_clients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relationships'))
    )
    with op.batch_alter_table('relationships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_relationships_person_a_id'), ['person_a_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relationships_person_b_id'), ['person_b_id'], unique=False)

    op.create_table('unit_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.CheckConstraint('left_on IS NULL OR left_on >= joined_on', name=op.f('ck_unit_members_left_after_joined')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_unit_members_client_id_clients')),
    sa.ForeignKeyConstraint(['unit_id'], ['care_units.id'], name=op.f('fk_unit_members_unit_id_care_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_members'))
    )
    with op.batch_alter_table('unit_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_members_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_members_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index('uq_unit_members_current', ['unit_id', 'client_id'], unique=True, sqlite_where=sa.text('left_on IS NULL'))

    op.create_table('addenda',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('signed_by', sa.String(length=200), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.CheckConstraint("(status = 'draft' AND signed_at IS NULL AND signed_by IS NULL AND content_hash IS NULL) OR (status = 'signed' AND signed_at IS NOT NULL AND coalesce(length(trim(signed_by)), 0) > 0 AND coalesce(length(content_hash), 0) = 64)", name=op.f('ck_addenda_signature')),
    sa.CheckConstraint("status IN ('draft', 'signed')", name=op.f('ck_addenda_status')),
    sa.ForeignKeyConstraint(['note_id'], ['progress_notes.id'], name=op.f('fk_addenda_note_id_progress_notes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_addenda'))
    )
    with op.batch_alter_table('addenda', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_addenda_note_id'), ['note_id'], unique=False)

    op.create_table('care_team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=100), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.CheckConstraint('length(trim(role)) > 0', name=op.f('ck_care_team_role_present')),
    sa.CheckConstraint('until IS NULL OR since IS NULL OR until >= since', name=op.f('ck_care_team_dates')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_care_team_client_id_clients')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_care_team_provider_id_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_team'))
    )
    with op.batch_alter_table('care_team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_team_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_care_team_provider_id'), ['provider_id'], unique=False)

    op.create_table('note_attendees',
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_note_attendees_client_id_clients')),
    sa.ForeignKeyConstraint(['note_id'], ['progress_notes.id'], name=op.f('fk_note_attendees_note_id_progress_notes')),
    sa.PrimaryKeyConstraint('note_id', 'client_id', name=op.f('pk_note_attendees'))
    )
    with op.batch_alter_table('note_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_attendees_client_id'), ['client_id'], unique=False)

    op.create_table('note_procedures',
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['note_id'], ['progress_notes.id'], name=op.f('fk_note_procedures_note_id_progress_notes')),
    sa.PrimaryKeyConstraint('note_id', 'code', name=op.f('pk_note_procedures'))
    )
    op.create_table('note_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['note_id'], ['progress_notes.id'], name=op.f('fk_note_sections_note_id_progress_notes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_sections')),
    sa.UniqueConstraint('note_id', 'key', name=op.f('uq_note_sections_note_id'))
    )
    op.create_table('releases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.String(length=500), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(provider_id IS NULL) <> (organisation_id IS NULL)', name=op.f('ck_releases_one_recipient')),
    sa.CheckConstraint('expires_on >= signed_on', name=op.f('ck_releases_expires_after_signed')),
    sa.CheckConstraint('length(trim(purpose)) > 0', name=op.f('ck_releases_purpose_present')),
    sa.CheckConstraint('revoked_on IS NULL OR revoked_on >= signed_on', name=op.f('ck_releases_revoked_after_signed')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_releases_client_id_clients')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_releases_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_releases_provider_id_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_releases'))
    )
    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_releases_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_releases_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_releases_provider_id'), ['provider_id'], unique=False)

    op.create_table('note_diagnoses',
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['note_id', 'client_id'], ['note_attendees.note_id', 'note_attendees.client_id'], name='fk_note_diagnoses_attendee', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('note_id', 'client_id', 'code', name=op.f('pk_note_diagnoses'))
    )
    op.create_table('release_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('release_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('size_bytes = length(content) AND size_bytes <= 20971520', name=op.f('ck_release_scans_size')),
    sa.ForeignKeyConstraint(['release_id'], ['releases.id'], name=op.f('fk_release_scans_release_id_releases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_release_scans')),
    sa.UniqueConstraint('release_id', name=op.f('uq_release_scans_release_id'))
    )
    op.create_table('release_scopes',
    sa.Column('release_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=24), nullable=False),
    sa.CheckConstraint("scope IN ('attendance', 'diagnosis', 'treatment_summary', 'recommendations', 'progress', 'risk')", name=op.f('ck_release_scopes_scope')),
    sa.ForeignKeyConstraint(['release_id'], ['releases.id'], name=op.f('fk_release_scopes_release_id_releases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('release_id', 'scope', name=op.f('pk_release_scopes'))
    )
    for statement in STORE_DDL:
        op.execute(statement)


STORE_DDL = (
    "CREATE TRIGGER trg_progress_notes_signed_update BEFORE UPDATE ON progress_notes WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_progress_notes_signed_delete BEFORE DELETE ON progress_notes WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_sections_signed_insert BEFORE INSERT ON note_sections WHEN ((SELECT status FROM progress_notes WHERE id = NEW.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_sections_signed_update BEFORE UPDATE ON note_sections WHEN ((SELECT status FROM progress_notes WHERE id = OLD.note_id) = 'signed') OR ((SELECT status FROM progress_notes WHERE id = NEW.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_sections_signed_delete BEFORE DELETE ON note_sections WHEN ((SELECT status FROM progress_notes WHERE id = OLD.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_attendees_signed_insert BEFORE INSERT ON note_attendees WHEN ((SELECT status FROM progress_notes WHERE id = NEW.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_attendees_signed_update BEFORE UPDATE ON note_attendees WHEN ((SELECT status FROM progress_notes WHERE id = OLD.note_id) = 'signed') OR ((SELECT status FROM progress_notes WHERE id = NEW.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_attendees_signed_delete BEFORE DELETE ON note_attendees WHEN ((SELECT status FROM progress_notes WHERE id = OLD.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_diagnoses_signed_insert BEFORE INSERT ON note_diagnoses WHEN ((SELECT status FROM progress_notes WHERE id = NEW.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_diagnoses_signed_update BEFORE UPDATE ON note_diagnoses WHEN ((SELECT status FROM progress_notes WHERE id = OLD.note_id) = 'signed') OR ((SELECT status FROM progress_notes WHERE id = NEW.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_diagnoses_signed_delete BEFORE DELETE ON note_diagnoses WHEN ((SELECT status FROM progress_notes WHERE id = OLD.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_procedures_signed_insert BEFORE INSERT ON note_procedures WHEN ((SELECT status FROM progress_notes WHERE id = NEW.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_procedures_signed_update BEFORE UPDATE ON note_procedures WHEN ((SELECT status FROM progress_notes WHERE id = OLD.note_id) = 'signed') OR ((SELECT status FROM progress_notes WHERE id = NEW.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_note_procedures_signed_delete BEFORE DELETE ON note_procedures WHEN ((SELECT status FROM progress_notes WHERE id = OLD.note_id) = 'signed') BEGIN SELECT RAISE(ABORT, 'a signed note cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_addenda_needs_signed_note BEFORE INSERT ON addenda WHEN ((SELECT status FROM progress_notes WHERE id = NEW.note_id) = 'signed') IS NOT 1 BEGIN SELECT RAISE(ABORT, 'an addendum can only be added to a signed note'); END",
    "CREATE TRIGGER trg_addenda_signed_update BEFORE UPDATE ON addenda WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, 'a signed addendum cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_addenda_moved BEFORE UPDATE OF note_id ON addenda WHEN ((SELECT status FROM progress_notes WHERE id = NEW.note_id) = 'signed') IS NOT 1 BEGIN SELECT RAISE(ABORT, 'an addendum can only be added to a signed note'); END",
    "CREATE TRIGGER trg_addenda_signed_delete BEFORE DELETE ON addenda WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, 'a signed addendum cannot be changed or deleted'); END",
    "CREATE TRIGGER trg_unit_members_cap_insert BEFORE INSERT ON unit_members WHEN NEW.left_on IS NULL AND (SELECT count(*) FROM unit_members WHERE unit_id = NEW.unit_id AND left_on IS NULL) >= CASE (SELECT kind FROM care_units WHERE id = NEW.unit_id) WHEN 'individual' THEN 1 WHEN 'couple' THEN 2 END BEGIN SELECT RAISE(ABORT, 'the unit already has as many current members as its kind allows'); END",
    "CREATE TRIGGER trg_unit_members_cap_rejoin BEFORE UPDATE OF left_on ON unit_members WHEN OLD.left_on IS NOT NULL AND NEW.left_on IS NULL AND (SELECT count(*) FROM unit_members WHERE unit_id = NEW.unit_id AND left_on IS NULL) >= CASE (SELECT kind FROM care_units WHERE id = NEW.unit_id) WHEN 'individual' THEN 1 WHEN 'couple' THEN 2 END BEGIN SELECT RAISE(ABORT, 'the unit already has as many current members as its kind allows'); END",
    "CREATE TRIGGER trg_care_units_cap_kind BEFORE UPDATE OF kind ON care_units WHEN (SELECT count(*) FROM unit_members WHERE unit_id = NEW.id AND left_on IS NULL) > (CASE NEW.kind WHEN 'individual' THEN 1 WHEN 'couple' THEN 2 ELSE 1000000000 END) BEGIN SELECT RAISE(ABORT, 'the unit already has as many current members as its kind allows'); END",
    "CREATE TRIGGER trg_releases_fixed BEFORE UPDATE ON releases WHEN NEW.client_id IS NOT OLD.client_id OR NEW.provider_id IS NOT OLD.provider_id OR NEW.organisation_id IS NOT OLD.organisation_id OR NEW.purpose IS NOT OLD.purpose OR NEW.signed_on IS NOT OLD.signed_on OR NEW.expires_on IS NOT OLD.expires_on OR NEW.created_at IS NOT OLD.created_at OR (OLD.revoked_on IS NOT NULL AND NEW.revoked_on IS NOT OLD.revoked_on) BEGIN SELECT RAISE(ABORT, 'a release is never edited; record a new one or revoke it'); END",
    "CREATE VIRTUAL TABLE note_sections_fts USING fts5(search_text, content='note_sections', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    'CREATE TRIGGER trg_note_sections_fts_insert AFTER INSERT ON note_sections BEGIN INSERT INTO note_sections_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END',
    "CREATE TRIGGER trg_note_sections_fts_delete AFTER DELETE ON note_sections BEGIN INSERT INTO note_sections_fts(note_sections_fts, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text); END",
    "CREATE TRIGGER trg_note_sections_fts_update AFTER UPDATE OF search_text ON note_sections BEGIN INSERT INTO note_sections_fts(note_sections_fts, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text); INSERT INTO note_sections_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END",
    "CREATE VIRTUAL TABLE addenda_fts USING fts5(search_text, content='addenda', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    'CREATE TRIGGER trg_addenda_fts_insert AFTER INSERT ON addenda BEGIN INSERT INTO addenda_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END',
    "CREATE TRIGGER trg_addenda_fts_delete AFTER DELETE ON addenda BEGIN INSERT INTO addenda_fts(addenda_fts, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text); END",
    "CREATE TRIGGER trg_addenda_fts_update AFTER UPDATE OF search_text ON addenda BEGIN INSERT INTO addenda_fts(addenda_fts, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text); INSERT INTO addenda_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END",
    "CREATE VIRTUAL TABLE clients_fts USING fts5(search_text, content='clients', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    'CREATE TRIGGER trg_clients_fts_insert AFTER INSERT ON clients BEGIN INSERT INTO clients_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END',
    "CREATE TRIGGER trg_clients_fts_delete AFTER DELETE ON clients BEGIN INSERT INTO clients_fts(clients_fts, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text); END",
    "CREATE TRIGGER trg_clients_fts_update AFTER UPDATE OF search_text ON clients BEGIN INSERT INTO clients_fts(clients_fts, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text); INSERT INTO clients_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END",
    "CREATE VIRTUAL TABLE providers_fts USING fts5(search_text, content='providers', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    'CREATE TRIGGER trg_providers_fts_insert AFTER INSERT ON providers BEGIN INSERT INTO providers_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END',
    "CREATE TRIGGER trg_providers_fts_delete AFTER DELETE ON providers BEGIN INSERT INTO providers_fts(providers_fts, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text); END",
    "CREATE TRIGGER trg_providers_fts_update AFTER UPDATE OF search_text ON providers BEGIN INSERT INTO providers_fts(providers_fts, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text); INSERT INTO providers_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END",
    "CREATE VIRTUAL TABLE psychotherapy_notes_fts USING fts5(search_text, content='psychotherapy_notes', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    'CREATE TRIGGER trg_psychotherapy_notes_fts_insert AFTER INSERT ON psychotherapy_notes BEGIN INSERT INTO psychotherapy_notes_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END',
    "CREATE TRIGGER trg_psychotherapy_notes_fts_delete AFTER DELETE ON psychotherapy_notes BEGIN INSERT INTO psychotherapy_notes_fts(psychotherapy_notes_fts, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text); END",
    "CREATE TRIGGER trg_psychotherapy_notes_fts_update AFTER UPDATE OF search_text ON psychotherapy_notes BEGIN INSERT INTO psychotherapy_notes_fts(psychotherapy_notes_fts, rowid, search_text) VALUES ('delete', OLD.id, OLD.search_text); INSERT INTO psychotherapy_notes_fts(rowid, search_text) VALUES (NEW.id, NEW.search_text); END",
)


def downgrade() -> None:
    raise NotImplementedError("A therapist's store is never downgraded; restore a backup.")
