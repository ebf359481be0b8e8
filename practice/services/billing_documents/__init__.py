"""Superbills, estimates, receipts and statements: the money documents given to a client.

This package owns what a superbill (one client's services over a period, for their
insurer) and a good-faith estimate (expected charges over up to twelve months, No
Surprises Act) say, how they are drawn by the one PDF engine (``practice.documents``),
and how each is kept in ``billing_documents`` and logged as a copy given to the client.
The ledger they read is ``practice.services.billing``; the therapist's NPI and EIN are
practice-profile settings (``NPI_SETTING``, ``TAX_ID_SETTING``). Each goes to the client
only by a channel they marked safe (``safe_channel``). The accountant's yearly income
summary (``write_income``) is sums by month, naming no client.
"""

from __future__ import annotations

from practice.services.billing_documents.account import (
    Receipt,
    ReceiptLine,
    Statement,
    StatementEntry,
    check_statement_period,
    gather_receipt,
    gather_statement,
)
from practice.services.billing_documents.account_issue import issue_receipt, issue_statement
from practice.services.billing_documents.channels import DOCUMENT_CHANNELS, safe_channel
from practice.services.billing_documents.estimate import (
    FREQUENCIES,
    EstimatePlan,
    check_plan,
    gather_estimate,
    planned_dates,
)
from practice.services.billing_documents.income import (
    IncomeMonth,
    IncomeYear,
    check_year,
    gather_income,
    income_csv,
    write_income,
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
    "DOCUMENT_CHANNELS",
    "FREQUENCIES",
    "NPI_SETTING",
    "PURPOSES",
    "TAX_ID_SETTING",
    "Biller",
    "DiagnosisCode",
    "Estimate",
    "EstimateLine",
    "EstimatePlan",
    "IncomeMonth",
    "IncomeYear",
    "IssuedDocument",
    "Patient",
    "Receipt",
    "ReceiptLine",
    "ServiceLine",
    "Statement",
    "StatementEntry",
    "Superbill",
    "biller_of",
    "check_period",
    "check_plan",
    "check_statement_period",
    "check_year",
    "documents_for",
    "gather_estimate",
    "gather_income",
    "gather_receipt",
    "gather_statement",
    "gather_superbill",
    "income_csv",
    "issue_estimate",
    "issue_receipt",
    "issue_statement",
    "issue_superbill",
    "planned_dates",
    "safe_channel",
    "write_income",
]
