"""The ledger in the store: fees, charges, corrections, payments, refunds and balances.

This package owns the money side of the record: the fee schedule and sliding scales, who
pays for a unit's sessions, the charges completed and missed sessions create, adjusting
entries and write-offs, payments with their allocation and refunds, each payer's balance,
and each client's coverage (self-pay or out of network) with when a good-faith estimate is
owed. Every write is audited; everything returned is a frozen value. The rules themselves
(codes, fees by date, shares, allocation) are in ``practice.billing``.
"""

from practice.services.billing.charges import (
    charge_completed_session,
    charge_for_session,
    charge_policy_fee,
    charges_for,
    uncharged_sessions,
)
from practice.services.billing.corrections import adjust_charge, write_off
from practice.services.billing.coverage import (
    OUT_OF_NETWORK,
    SELF_PAY,
    UNKNOWN,
    Coverage,
    coverage_of,
    estimate_owed_at_booking,
    set_coverage,
)
from practice.services.billing.fees import (
    fee_on,
    fee_schedule,
    payer_plan,
    set_fee,
    set_payer_plan,
    set_sliding_fee,
)
from practice.services.billing.model import Balance, ChargeRow, FeeRow, PaymentRow
from practice.services.billing.payments import (
    CLOSED_ACCOUNT,
    apply_payer_credit,
    balances,
    outstanding,
    payments_for,
    record_payment,
    refund,
)

__all__ = [
    "CLOSED_ACCOUNT",
    "OUT_OF_NETWORK",
    "SELF_PAY",
    "UNKNOWN",
    "Balance",
    "ChargeRow",
    "Coverage",
    "FeeRow",
    "PaymentRow",
    "adjust_charge",
    "apply_payer_credit",
    "balances",
    "charge_completed_session",
    "charge_for_session",
    "charge_policy_fee",
    "charges_for",
    "coverage_of",
    "estimate_owed_at_booking",
    "fee_on",
    "fee_schedule",
    "outstanding",
    "payer_plan",
    "payments_for",
    "record_payment",
    "refund",
    "set_coverage",
    "set_fee",
    "set_payer_plan",
    "set_sliding_fee",
    "uncharged_sessions",
    "write_off",
]
