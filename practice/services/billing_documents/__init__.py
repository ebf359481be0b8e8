"""Superbills and good-faith estimates: the money documents given to a client.

This package owns what a superbill (one client's services over a period, for their
insurer) and a good-faith estimate (expected charges over up to twelve months, No
Surprises Act) say, how they are drawn by the one PDF engine (``practice.documents``),
and how each is kept in ``billing_documents`` and logged as a copy given to the client.
The ledger they read is ``practice.services.billing``; the therapist's NPI and EIN are
practice-profile settings (``NPI_SETTING``, ``TAX_ID_SETTING``).
"""

from __future__ import annotations

from practice.services.billing_documents.estimate import (
    FREQUENCIES,
    EstimatePlan,
    check_plan,
    gather_estimate,
    planned_dates,
)
from practice.services.billing_documents.issue import (
    PURPOSES,
    documents_for,
    issue_estimate,
    issue_superbill,
)
from practice.services.billing_documents.model import (
    Biller,
    DiagnosisCode,
    Estimate,
    EstimateLine,
    IssuedDocument,
    Patient,
    ServiceLine,
    Superbill,
)
from practice.services.billing_documents.sources import NPI_SETTING, TAX_ID_SETTING, biller_of
from practice.services.billing_documents.superbill import check_period, gather_superbill

__all__ = [
    "FREQUENCIES",
    "NPI_SETTING",
    "PURPOSES",
    "TAX_ID_SETTING",
    "Biller",
    "DiagnosisCode",
    "Estimate",
    "EstimateLine",
    "EstimatePlan",
    "IssuedDocument",
    "Patient",
    "ServiceLine",
    "Superbill",
    "biller_of",
    "check_period",
    "check_plan",
    "documents_for",
    "gather_estimate",
    "gather_superbill",
    "issue_estimate",
    "issue_superbill",
    "planned_dates",
]
