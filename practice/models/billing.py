"""The ledger: fees, charges, adjustments, payments, allocations, refunds, write-offs, documents.

Every amount is whole cents, zero or more (a CHECK on each): money going the other way is
a row of its own (an adjustment down, a refund, a write-off), never a negative number.
Nothing that records money is edited or deleted (store triggers, ``BILLING_DDL``): a fee
changes from a date by a new row; a charge on a session whose progress note is signed is
corrected only by an adjusting entry. The store also refuses, for anyone writing SQL past
the services, a payment applied or refunded beyond its amount and a charge paid, adjusted
or written off below zero. Only an allocation may be taken back (deleted), and only so that
an adjustment down can return the money to the payer's credit.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from practice.billing.catalogue import FEE_KEYS, PlaceOfService
from practice.models.base import Base
from practice.models.checks import one_of

CHARGE_KINDS = ("service", "late_cancel", "no_show")
PLACES = tuple(place.value for place in PlaceOfService)
DIRECTIONS = ("increase", "decrease")
PAYMENT_METHODS = ("cash", "cheque", "card", "transfer")
ARRANGEMENTS = ("one_pays", "split", "each_own")
DOCUMENT_KINDS = ("superbill", "estimate", "receipt", "statement")

_REASON = "length(trim(reason)) > 0"


class FeeScheduleEntry(Base):
    """The practice's fee for one service from a date on; a change is a new row."""

    __tablename__ = "fee_schedule"
    __table_args__ = (
        CheckConstraint(one_of("service", FEE_KEYS), name="service"),
        CheckConstraint("fee_cents >= 0", name="fee_not_negative"),
        UniqueConstraint("service", "effective_from", name="uq_fee_schedule_service_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service: Mapped[str] = mapped_column(String(16))
    fee_cents: Mapped[int]
    effective_from: Mapped[date]
    created_at: Mapped[datetime]


class SlidingFee(Base):
    """A reduced fee agreed with one client or one unit from a date; no fee ends it."""

    __tablename__ = "sliding_fees"
    __table_args__ = (
        CheckConstraint("(client_id IS NULL) <> (unit_id IS NULL)", name="one_owner"),
        CheckConstraint(one_of("service", FEE_KEYS), name="service"),
        CheckConstraint("fee_cents IS NULL OR fee_cents >= 0", name="fee_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("care_units.id"), index=True)
    service: Mapped[str] = mapped_column(String(16))
    fee_cents: Mapped[int | None]
    effective_from: Mapped[date]
    created_at: Mapped[datetime]


class UnitPayer(Base):
    """Who pays for a unit's sessions, and whose care they bill, from now on.

    Charges already made keep their payer and identified client.
    """

    __tablename__ = "unit_payers"
    __table_args__ = (
        CheckConstraint(one_of("arrangement", ARRANGEMENTS), name="arrangement"),
        CheckConstraint("(arrangement = 'one_pays') = (payer_client_id IS NOT NULL)",
                        name="one_payer_named"),
    )

    unit_id: Mapped[int] = mapped_column(ForeignKey("care_units.id"), primary_key=True)
    arrangement: Mapped[str] = mapped_column(String(16))
    payer_client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    # The member whose care a joint session bills (90847's "client present"), chosen once.
    identified_client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    updated_at: Mapped[datetime]


class UnitPayerShare(Base):
    """One member's percentage of a unit's split."""

    __tablename__ = "unit_payer_shares"
    __table_args__ = (CheckConstraint("percent BETWEEN 1 AND 100", name="percent"),)

    unit_id: Mapped[int] = mapped_column(
        ForeignKey("unit_payers.unit_id", ondelete="CASCADE"), primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True)
    percent: Mapped[int]


class Charge(Base):
    """One payer's part of one line of a session's bill.

    ``fee_cents`` is the line's whole fee (what a superbill prints); ``amount_cents`` is what
    this payer owes of it (the whole fee unless the unit splits it). ``client_id`` is the
    identified client: the person whose care the line bills (for 90847, chosen explicitly).
    """

    __tablename__ = "charges"
    __table_args__ = (
        CheckConstraint(one_of("kind", CHARGE_KINDS), name="kind"),
        CheckConstraint(one_of("code", FEE_KEYS), name="code"),
        CheckConstraint("kind = 'service' OR code = kind", name="policy_code"),
        CheckConstraint(
            "(kind = 'service' AND place_of_service IS NOT NULL AND "
            + one_of("place_of_service", PLACES) + ") OR "
            "(kind <> 'service' AND place_of_service IS NULL)", name="place_of_service"),
        CheckConstraint("units >= 1", name="units"),
        CheckConstraint("fee_cents >= 0", name="fee_not_negative"),
        CheckConstraint("amount_cents >= 0 AND amount_cents <= fee_cents", name="amount"),
        UniqueConstraint("appointment_id", "code", "payer_client_id",
                         name="uq_charges_session_code_payer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("care_units.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    payer_client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    service_date: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(16))
    # Comma-separated, in order ("95" for telehealth); empty for none.
    modifiers: Mapped[str] = mapped_column(String(16), default="")
    place_of_service: Mapped[str | None] = mapped_column(String(2))
    units: Mapped[int] = mapped_column(default=1)
    fee_cents: Mapped[int]
    amount_cents: Mapped[int]
    line: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]


class ChargeAdjustment(Base):
    """A dated correction of what a charge owes, up or down, with the reason."""

    __tablename__ = "charge_adjustments"
    __table_args__ = (
        CheckConstraint(one_of("direction", DIRECTIONS), name="direction"),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(_REASON, name="reason_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    charge_id: Mapped[int] = mapped_column(ForeignKey("charges.id"), index=True)
    direction: Mapped[str] = mapped_column(String(8))
    amount_cents: Mapped[int]
    adjusted_on: Mapped[date]
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime]


class Payment(Base):
    """Money received from a payer: the method's label only, never card or bank details."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint(one_of("method", PAYMENT_METHODS), name="method"),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    amount_cents: Mapped[int]
    received_on: Mapped[date] = mapped_column(index=True)
    method: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


class PaymentAllocation(Base):
    """Part of a payment applied to one charge."""

    __tablename__ = "payment_allocations"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    charge_id: Mapped[int] = mapped_column(ForeignKey("charges.id"), index=True)
    amount_cents: Mapped[int]
    created_at: Mapped[datetime]


class Refund(Base):
    """Money given back from a payment's unapplied part, with the reason."""

    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(_REASON, name="reason_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    amount_cents: Mapped[int]
    refunded_on: Mapped[date]
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime]


class WriteOff(Base):
    """What the therapist decided not to collect on a charge, with the reason."""

    __tablename__ = "write_offs"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(_REASON, name="reason_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    charge_id: Mapped[int] = mapped_column(ForeignKey("charges.id"), index=True)
    amount_cents: Mapped[int]
    written_off_on: Mapped[date]
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime]


class BillingDocument(Base):
    """A money document as given to the client: the exact PDF bytes, never edited.

    Only ``disclosure_id`` may be filled in once, when the document is sent.
    """

    __tablename__ = "billing_documents"
    __table_args__ = (
        CheckConstraint(one_of("kind", DOCUMENT_KINDS), name="kind"),
        CheckConstraint("total_cents >= 0", name="total_not_negative"),
        CheckConstraint("length(sha256) = 64", name="sha256_present"),
        CheckConstraint("length(pdf) > 0", name="pdf_present"),
        CheckConstraint("(period_from IS NULL) = (period_to IS NULL)", name="period_whole"),
        CheckConstraint("period_to IS NULL OR period_to >= period_from", name="period_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    issued_on: Mapped[date]
    period_from: Mapped[date | None]
    period_to: Mapped[date | None]
    total_cents: Mapped[int]
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    disclosure_id: Mapped[int | None] = mapped_column(ForeignKey("disclosures.id"))
    created_at: Mapped[datetime]


# --- what the store itself refuses (copied literally into migration 0010) -------------------

FEE_FIXED_MESSAGE = "a fee is never changed or deleted; set a new fee from a date"
MONEY_FIXED_MESSAGE = "a money record is never changed or deleted; record a correcting entry"
SIGNED_CHARGE_MESSAGE = ("a charge on a session whose note is signed is corrected by an "
                         "adjusting entry, never edited")
OVER_PAYMENT_MESSAGE = "more of the payment is applied or refunded than was paid"
BELOW_ZERO_MESSAGE = "a charge cannot owe less than nothing"
DOCUMENT_FIXED_MESSAGE = "an issued money document is never changed or deleted"

# Built from constants only, never from input.
_SIGNED = ("EXISTS (SELECT 1 FROM progress_notes WHERE appointment_id = OLD.appointment_id "
           "AND status = 'signed')")
_APPLIED = ("coalesce((SELECT sum(amount_cents) FROM payment_allocations "
            "WHERE payment_id = {p}), 0) + coalesce((SELECT sum(amount_cents) FROM refunds "
            "WHERE payment_id = {p}), 0)")
_OWED = ("(SELECT amount_cents FROM charges WHERE id = {c}) + coalesce((SELECT "
         "sum(CASE direction WHEN 'increase' THEN amount_cents ELSE -amount_cents END) "
         "FROM charge_adjustments WHERE charge_id = {c}), 0) - coalesce((SELECT "
         "sum(amount_cents) FROM write_offs WHERE charge_id = {c}), 0) - coalesce((SELECT "
         "sum(amount_cents) FROM payment_allocations WHERE charge_id = {c}), 0)")
_PAID = "(SELECT amount_cents FROM payments WHERE id = NEW.payment_id)"


def _refuse(name: str, when: str, message: str) -> str:
    return f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{message}'); END"


def _fixed(table: str, message: str) -> list[str]:
    return [_refuse(f"trg_{table}_no_{event.lower()}", f"BEFORE {event} ON {table}", message)
            for event in ("UPDATE", "DELETE")]


_OWED_AFTER_NEW = _OWED.format(c="NEW.charge_id")
_APPLIED_NEW = _APPLIED.format(p="NEW.payment_id")

# Triggers an import pauses while it loads a ledger (each checks a sum the rows arriving in
# any order only reach at the end); ``BROKEN_LEDGER`` checks them all once afterwards.
SUM_TRIGGERS = (
    "trg_payment_allocations_within_payment", "trg_payment_allocations_within_charge",
    "trg_refunds_within_payment", "trg_charge_adjustments_not_below_zero",
    "trg_write_offs_not_below_zero",
)

BILLING_DDL: tuple[str, ...] = (
    *_fixed("fee_schedule", FEE_FIXED_MESSAGE),
    *_fixed("sliding_fees", FEE_FIXED_MESSAGE),
    *_fixed("charge_adjustments", MONEY_FIXED_MESSAGE),
    *_fixed("payments", MONEY_FIXED_MESSAGE),
    *_fixed("refunds", MONEY_FIXED_MESSAGE),
    *_fixed("write_offs", MONEY_FIXED_MESSAGE),
    *_fixed("billing_documents", DOCUMENT_FIXED_MESSAGE)[1:],
    _refuse("trg_billing_documents_no_update", "BEFORE UPDATE ON billing_documents WHEN "
            "OLD.disclosure_id IS NOT NULL OR NEW.id IS NOT OLD.id OR " + " OR ".join(
                f"NEW.{c} IS NOT OLD.{c}" for c in (
                    "client_id", "kind", "issued_on", "period_from", "period_to",
                    "total_cents", "pdf", "sha256", "created_at")), DOCUMENT_FIXED_MESSAGE),
    _refuse("trg_payment_allocations_no_update", "BEFORE UPDATE ON payment_allocations",
            MONEY_FIXED_MESSAGE),
    _refuse("trg_charges_signed_update", f"BEFORE UPDATE ON charges WHEN {_SIGNED}",
            SIGNED_CHARGE_MESSAGE),
    _refuse("trg_charges_signed_delete", f"BEFORE DELETE ON charges WHEN {_SIGNED}",
            SIGNED_CHARGE_MESSAGE),
    _refuse(SUM_TRIGGERS[0], f"BEFORE INSERT ON payment_allocations WHEN "
            f"{_APPLIED_NEW} + NEW.amount_cents > {_PAID}", OVER_PAYMENT_MESSAGE),
    _refuse(SUM_TRIGGERS[1], f"BEFORE INSERT ON payment_allocations WHEN "
            f"{_OWED_AFTER_NEW} - NEW.amount_cents < 0", BELOW_ZERO_MESSAGE),
    _refuse(SUM_TRIGGERS[2], f"BEFORE INSERT ON refunds WHEN "
            f"{_APPLIED_NEW} + NEW.amount_cents > {_PAID}", OVER_PAYMENT_MESSAGE),
    _refuse(SUM_TRIGGERS[3], f"BEFORE INSERT ON charge_adjustments WHEN "
            f"NEW.direction = 'decrease' AND {_OWED_AFTER_NEW} - NEW.amount_cents < 0",
            BELOW_ZERO_MESSAGE),
    _refuse(SUM_TRIGGERS[4], f"BEFORE INSERT ON write_offs WHEN "
            f"{_OWED_AFTER_NEW} - NEW.amount_cents < 0", BELOW_ZERO_MESSAGE),
)

# After an import: any payment applied beyond itself, or any charge owing below zero.
# Built from this module's constants only, never from input.
_PAYMENTS_OVER = "SELECT 1 FROM payments AS p WHERE " + _APPLIED.format(p="p.id")  # noqa: S608
_CHARGES_UNDER = "SELECT 1 FROM charges AS c WHERE " + _OWED.format(c="c.id")  # noqa: S608
BROKEN_LEDGER = f"{_PAYMENTS_OVER} > p.amount_cents UNION ALL {_CHARGES_UNDER} < 0 LIMIT 1"
