"""The ledger's rules as plain values: money, the CPT catalogue, charge rules, fees, payers.

This package owns what billing *means* and nothing of where it is kept: amounts as whole
cents typed and printed, the psychotherapy codes with their CMS time thresholds, the place
of service and telehealth modifier, which lines a session is billed under, the policy fee a
late cancel or no-show owes, which fee applies on a day, how a unit's payers share a fee,
and how a payment is applied to charges. No database, no Qt; ``practice.services.billing``
stores what these functions return.
"""

from practice.billing.allocation import (
    Allocation,
    Due,
    allocate_by_hand,
    allocate_oldest_first,
    unapplied,
)
from practice.billing.catalogue import (
    CATALOGUE,
    FEE_KEYS,
    TELEHEALTH_MODIFIER,
    Code,
    PlaceOfService,
    PolicyFee,
    Service,
    label_of,
    modifiers_for,
    place_of_service,
)
from practice.billing.fees import FeeEntry, check_service, fee_for, latest
from practice.billing.money import MAX_CENTS, Money, money_of, parse_money
from practice.billing.payers import (
    Arrangement,
    PayerPlan,
    check_percentages,
    shares_for_session,
    split_cents,
)
from practice.billing.rules import (
    ChargeLine,
    SessionFacts,
    crisis_units,
    lines_for_session,
    policy_fee_for,
    psychotherapy_code,
)

__all__ = [
    "CATALOGUE",
    "FEE_KEYS",
    "MAX_CENTS",
    "TELEHEALTH_MODIFIER",
    "Allocation",
    "Arrangement",
    "ChargeLine",
    "Code",
    "Due",
    "FeeEntry",
    "Money",
    "PayerPlan",
    "PlaceOfService",
    "PolicyFee",
    "Service",
    "SessionFacts",
    "allocate_by_hand",
    "allocate_oldest_first",
    "check_percentages",
    "check_service",
    "crisis_units",
    "fee_for",
    "label_of",
    "latest",
    "lines_for_session",
    "modifiers_for",
    "money_of",
    "parse_money",
    "place_of_service",
    "policy_fee_for",
    "psychotherapy_code",
    "shares_for_session",
    "split_cents",
    "unapplied",
]
