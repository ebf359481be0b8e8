"""Fees, charges, payments and the money documents given to clients.

A fee schedule priced from dates, sliding-scale fees for a client or unit, who pays for a
unit's sessions, the charges sessions create (one row per payer and line), adjustments,
payments and their allocations, refunds, write-offs, and the issued superbills, estimates,
receipts and statements. Triggers are literal SQL (copied from practice/models/billing.py
when this revision was written), so this migration keeps doing exactly what it did then.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fee_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service', sa.String(length=16), nullable=False),
    sa.Column('fee_cents', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(service = '90791' OR service = '90832' OR service = '90834' OR service = '90837' OR service = '90846' OR service = '90847' OR service = '90785' OR service = '90839' OR service = '90840' OR service = 'late_cancel' OR service = 'no_show')", name=op.f('ck_fee_schedule_service')),
    sa.CheckConstraint('fee_cents >= 0', name=op.f('ck_fee_schedule_fee_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fee_schedule')),
    sa.UniqueConstraint('service', 'effective_from', name='uq_fee_schedule_service_from')
    )
    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(method = 'cash' OR method = 'cheque' OR method = 'card' OR method = 'transfer')", name=op.f('ck_payments_method')),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_payments_amount_positive')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_payments_client_id_clients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payments_received_on'), ['received_on'], unique=False)

    op.create_table('sliding_fees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('service', sa.String(length=16), nullable=False),
    sa.Column('fee_cents', sa.Integer(), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(service = '90791' OR service = '90832' OR service = '90834' OR service = '90837' OR service = '90846' OR service = '90847' OR service = '90785' OR service = '90839' OR service = '90840' OR service = 'late_cancel' OR service = 'no_show')", name=op.f('ck_sliding_fees_service')),
    sa.CheckConstraint('(client_id IS NULL) <> (unit_id IS NULL)', name=op.f('ck_sliding_fees_one_owner')),
    sa.CheckConstraint('fee_cents IS NULL OR fee_cents >= 0', name=op.f('ck_sliding_fees_fee_not_negative')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_sliding_fees_client_id_clients')),
    sa.ForeignKeyConstraint(['unit_id'], ['care_units.id'], name=op.f('fk_sliding_fees_unit_id_care_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sliding_fees'))
    )
    with op.batch_alter_table('sliding_fees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sliding_fees_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sliding_fees_unit_id'), ['unit_id'], unique=False)

    op.create_table('unit_payers',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('arrangement', sa.String(length=16), nullable=False),
    sa.Column('payer_client_id', sa.Integer(), nullable=True),
    sa.Column('identified_client_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(arrangement = 'one_pays' OR arrangement = 'split' OR arrangement = 'each_own')", name=op.f('ck_unit_payers_arrangement')),
    sa.CheckConstraint("(arrangement = 'one_pays') = (payer_client_id IS NOT NULL)", name=op.f('ck_unit_payers_one_payer_named')),
    sa.ForeignKeyConstraint(['identified_client_id'], ['clients.id'], name=op.f('fk_unit_payers_identified_client_id_clients')),
    sa.ForeignKeyConstraint(['payer_client_id'], ['clients.id'], name=op.f('fk_unit_payers_payer_client_id_clients')),
    sa.ForeignKeyConstraint(['unit_id'], ['care_units.id'], name=op.f('fk_unit_payers_unit_id_care_units')),
    sa.PrimaryKeyConstraint('unit_id', name=op.f('pk_unit_payers'))
    )
    op.create_table('refunds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('refunded_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_refunds_amount_positive')),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_refunds_reason_present')),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_refunds_payment_id_payments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refunds'))
    )
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refunds_payment_id'), ['payment_id'], unique=False)

    op.create_table('unit_payer_shares',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.CheckConstraint('percent BETWEEN 1 AND 100', name=op.f('ck_unit_payer_shares_percent')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_unit_payer_shares_client_id_clients')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit_payers.unit_id'], name=op.f('fk_unit_payer_shares_unit_id_unit_payers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('unit_id', 'client_id', name=op.f('pk_unit_payer_shares'))
    )
    op.create_table('charges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('payer_client_id', sa.Integer(), nullable=False),
    sa.Column('service_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('modifiers', sa.String(length=16), nullable=False),
    sa.Column('place_of_service', sa.String(length=2), nullable=True),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('fee_cents', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(code = '90791' OR code = '90832' OR code = '90834' OR code = '90837' OR code = '90846' OR code = '90847' OR code = '90785' OR code = '90839' OR code = '90840' OR code = 'late_cancel' OR code = 'no_show')", name=op.f('ck_charges_code')),
    sa.CheckConstraint("(kind = 'service' AND place_of_service IS NOT NULL AND (place_of_service = '11' OR place_of_service = '10' OR place_of_service = '02')) OR (kind <> 'service' AND place_of_service IS NULL)", name=op.f('ck_charges_place_of_service')),
    sa.CheckConstraint("(kind = 'service' OR kind = 'late_cancel' OR kind = 'no_show')", name=op.f('ck_charges_kind')),
    sa.CheckConstraint("kind = 'service' OR code = kind", name=op.f('ck_charges_policy_code')),
    sa.CheckConstraint('amount_cents >= 0 AND amount_cents <= fee_cents', name=op.f('ck_charges_amount')),
    sa.CheckConstraint('fee_cents >= 0', name=op.f('ck_charges_fee_not_negative')),
    sa.CheckConstraint('units >= 1', name=op.f('ck_charges_units')),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], name=op.f('fk_charges_appointment_id_appointments')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_charges_client_id_clients')),
    sa.ForeignKeyConstraint(['payer_client_id'], ['clients.id'], name=op.f('fk_charges_payer_client_id_clients')),
    sa.ForeignKeyConstraint(['unit_id'], ['care_units.id'], name=op.f('fk_charges_unit_id_care_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charges')),
    sa.UniqueConstraint('appointment_id', 'code', 'payer_client_id', name='uq_charges_session_code_payer')
    )
    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_charges_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_charges_payer_client_id'), ['payer_client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_charges_service_date'), ['service_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_charges_unit_id'), ['unit_id'], unique=False)

    op.create_table('charge_adjustments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('charge_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('adjusted_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(direction = 'increase' OR direction = 'decrease')", name=op.f('ck_charge_adjustments_direction')),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_charge_adjustments_amount_positive')),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_charge_adjustments_reason_present')),
    sa.ForeignKeyConstraint(['charge_id'], ['charges.id'], name=op.f('fk_charge_adjustments_charge_id_charges')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charge_adjustments'))
    )
    with op.batch_alter_table('charge_adjustments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_charge_adjustments_charge_id'), ['charge_id'], unique=False)

    op.create_table('payment_allocations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('charge_id', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_payment_allocations_amount_positive')),
    sa.ForeignKeyConstraint(['charge_id'], ['charges.id'], name=op.f('fk_payment_allocations_charge_id_charges')),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_allocations_payment_id_payments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_allocations'))
    )
    with op.batch_alter_table('payment_allocations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_allocations_charge_id'), ['charge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_allocations_payment_id'), ['payment_id'], unique=False)

    op.create_table('write_offs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('charge_id', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('written_off_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_write_offs_amount_positive')),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_write_offs_reason_present')),
    sa.ForeignKeyConstraint(['charge_id'], ['charges.id'], name=op.f('fk_write_offs_charge_id_charges')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_write_offs'))
    )
    with op.batch_alter_table('write_offs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_write_offs_charge_id'), ['charge_id'], unique=False)

    op.create_table('billing_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=True),
    sa.Column('period_to', sa.Date(), nullable=True),
    sa.Column('total_cents', sa.Integer(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('disclosure_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(kind = 'superbill' OR kind = 'estimate' OR kind = 'receipt' OR kind = 'statement')", name=op.f('ck_billing_documents_kind')),
    sa.CheckConstraint('(period_from IS NULL) = (period_to IS NULL)', name=op.f('ck_billing_documents_period_whole')),
    sa.CheckConstraint('length(pdf) > 0', name=op.f('ck_billing_documents_pdf_present')),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_billing_documents_sha256_present')),
    sa.CheckConstraint('period_to IS NULL OR period_to >= period_from', name=op.f('ck_billing_documents_period_in_order')),
    sa.CheckConstraint('total_cents >= 0', name=op.f('ck_billing_documents_total_not_negative')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_billing_documents_client_id_clients')),
    sa.ForeignKeyConstraint(['disclosure_id'], ['disclosures.id'], name=op.f('fk_billing_documents_disclosure_id_disclosures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_documents'))
    )
    with op.batch_alter_table('billing_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_billing_documents_client_id'), ['client_id'], unique=False)
    for statement in BILLING_DDL:
        op.execute(statement)


# Copied from practice/models/billing.py when this revision was written: money records are
# never changed or deleted, a charge on a signed session is never edited, and no payment is
# applied or refunded beyond itself, nor any charge paid, adjusted or written off below zero.
BILLING_DDL = (
    "CREATE TRIGGER trg_fee_schedule_no_update BEFORE UPDATE ON fee_schedule BEGIN SELECT RAISE(ABORT, 'a fee is never changed or deleted; set a new fee from a date'); END",
    "CREATE TRIGGER trg_fee_schedule_no_delete BEFORE DELETE ON fee_schedule BEGIN SELECT RAISE(ABORT, 'a fee is never changed or deleted; set a new fee from a date'); END",
    "CREATE TRIGGER trg_sliding_fees_no_update BEFORE UPDATE ON sliding_fees BEGIN SELECT RAISE(ABORT, 'a fee is never changed or deleted; set a new fee from a date'); END",
    "CREATE TRIGGER trg_sliding_fees_no_delete BEFORE DELETE ON sliding_fees BEGIN SELECT RAISE(ABORT, 'a fee is never changed or deleted; set a new fee from a date'); END",
    "CREATE TRIGGER trg_charge_adjustments_no_update BEFORE UPDATE ON charge_adjustments BEGIN SELECT RAISE(ABORT, 'a money record is never changed or deleted; record a correcting entry'); END",
    "CREATE TRIGGER trg_charge_adjustments_no_delete BEFORE DELETE ON charge_adjustments BEGIN SELECT RAISE(ABORT, 'a money record is never changed or deleted; record a correcting entry'); END",
    "CREATE TRIGGER trg_payments_no_update BEFORE UPDATE ON payments BEGIN SELECT RAISE(ABORT, 'a money record is never changed or deleted; record a correcting entry'); END",
    "CREATE TRIGGER trg_payments_no_delete BEFORE DELETE ON payments BEGIN SELECT RAISE(ABORT, 'a money record is never changed or deleted; record a correcting entry'); END",
    "CREATE TRIGGER trg_refunds_no_update BEFORE UPDATE ON refunds BEGIN SELECT RAISE(ABORT, 'a money record is never changed or deleted; record a correcting entry'); END",
    "CREATE TRIGGER trg_refunds_no_delete BEFORE DELETE ON refunds BEGIN SELECT RAISE(ABORT, 'a money record is never changed or deleted; record a correcting entry'); END",
    "CREATE TRIGGER trg_write_offs_no_update BEFORE UPDATE ON write_offs BEGIN SELECT RAISE(ABORT, 'a money record is never changed or deleted; record a correcting entry'); END",
    "CREATE TRIGGER trg_write_offs_no_delete BEFORE DELETE ON write_offs BEGIN SELECT RAISE(ABORT, 'a money record is never changed or deleted; record a correcting entry'); END",
    "CREATE TRIGGER trg_billing_documents_no_delete BEFORE DELETE ON billing_documents BEGIN SELECT RAISE(ABORT, 'an issued money document is never changed or deleted'); END",
    "CREATE TRIGGER trg_billing_documents_no_update BEFORE UPDATE ON billing_documents WHEN OLD.disclosure_id IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.client_id IS NOT OLD.client_id OR NEW.kind IS NOT OLD.kind OR NEW.issued_on IS NOT OLD.issued_on OR NEW.period_from IS NOT OLD.period_from OR NEW.period_to IS NOT OLD.period_to OR NEW.total_cents IS NOT OLD.total_cents OR NEW.pdf IS NOT OLD.pdf OR NEW.sha256 IS NOT OLD.sha256 OR NEW.created_at IS NOT OLD.created_at BEGIN SELECT RAISE(ABORT, 'an issued money document is never changed or deleted'); END",
    "CREATE TRIGGER trg_payment_allocations_no_update BEFORE UPDATE ON payment_allocations BEGIN SELECT RAISE(ABORT, 'a money record is never changed or deleted; record a correcting entry'); END",
    "CREATE TRIGGER trg_charges_signed_update BEFORE UPDATE ON charges WHEN EXISTS (SELECT 1 FROM progress_notes WHERE appointment_id = OLD.appointment_id AND status = 'signed') BEGIN SELECT RAISE(ABORT, 'a charge on a session whose note is signed is corrected by an adjusting entry, never edited'); END",
    "CREATE TRIGGER trg_charges_signed_delete BEFORE DELETE ON charges WHEN EXISTS (SELECT 1 FROM progress_notes WHERE appointment_id = OLD.appointment_id AND status = 'signed') BEGIN SELECT RAISE(ABORT, 'a charge on a session whose note is signed is corrected by an adjusting entry, never edited'); END",
    "CREATE TRIGGER trg_payment_allocations_within_payment BEFORE INSERT ON payment_allocations WHEN coalesce((SELECT sum(amount_cents) FROM payment_allocations WHERE payment_id = NEW.payment_id), 0) + coalesce((SELECT sum(amount_cents) FROM refunds WHERE payment_id = NEW.payment_id), 0) + NEW.amount_cents > (SELECT amount_cents FROM payments WHERE id = NEW.payment_id) BEGIN SELECT RAISE(ABORT, 'more of the payment is applied or refunded than was paid'); END",
    "CREATE TRIGGER trg_payment_allocations_within_charge BEFORE INSERT ON payment_allocations WHEN (SELECT amount_cents FROM charges WHERE id = NEW.charge_id) + coalesce((SELECT sum(CASE direction WHEN 'increase' THEN amount_cents ELSE -amount_cents END) FROM charge_adjustments WHERE charge_id = NEW.charge_id), 0) - coalesce((SELECT sum(amount_cents) FROM write_offs WHERE charge_id = NEW.charge_id), 0) - coalesce((SELECT sum(amount_cents) FROM payment_allocations WHERE charge_id = NEW.charge_id), 0) - NEW.amount_cents < 0 BEGIN SELECT RAISE(ABORT, 'a charge cannot owe less than nothing'); END",
    "CREATE TRIGGER trg_refunds_within_payment BEFORE INSERT ON refunds WHEN coalesce((SELECT sum(amount_cents) FROM payment_allocations WHERE payment_id = NEW.payment_id), 0) + coalesce((SELECT sum(amount_cents) FROM refunds WHERE payment_id = NEW.payment_id), 0) + NEW.amount_cents > (SELECT amount_cents FROM payments WHERE id = NEW.payment_id) BEGIN SELECT RAISE(ABORT, 'more of the payment is applied or refunded than was paid'); END",
    "CREATE TRIGGER trg_charge_adjustments_not_below_zero BEFORE INSERT ON charge_adjustments WHEN NEW.direction = 'decrease' AND (SELECT amount_cents FROM charges WHERE id = NEW.charge_id) + coalesce((SELECT sum(CASE direction WHEN 'increase' THEN amount_cents ELSE -amount_cents END) FROM charge_adjustments WHERE charge_id = NEW.charge_id), 0) - coalesce((SELECT sum(amount_cents) FROM write_offs WHERE charge_id = NEW.charge_id), 0) - coalesce((SELECT sum(amount_cents) FROM payment_allocations WHERE charge_id = NEW.charge_id), 0) - NEW.amount_cents < 0 BEGIN SELECT RAISE(ABORT, 'a charge cannot owe less than nothing'); END",
    "CREATE TRIGGER trg_write_offs_not_below_zero BEFORE INSERT ON write_offs WHEN (SELECT amount_cents FROM charges WHERE id = NEW.charge_id) + coalesce((SELECT sum(CASE direction WHEN 'increase' THEN amount_cents ELSE -amount_cents END) FROM charge_adjustments WHERE charge_id = NEW.charge_id), 0) - coalesce((SELECT sum(amount_cents) FROM write_offs WHERE charge_id = NEW.charge_id), 0) - coalesce((SELECT sum(amount_cents) FROM payment_allocations WHERE charge_id = NEW.charge_id), 0) - NEW.amount_cents < 0 BEGIN SELECT RAISE(ABORT, 'a charge cannot owe less than nothing'); END",
)


def downgrade() -> None:
    raise NotImplementedError("A therapist's store is never downgraded; restore a backup.")
