"""The client's billing records in their copy: charges, what they paid, and the money documents.

Billing records are part of the designated record set (45 CFR 164.501). Only what is the
client's own appears: the charges for their care or billed to them, their own payments,
refunds, adjustments and write-offs on their own account, their balance, and the documents
given to them. In a couple where a partner pays, the client sees the line for their own
care (date, code, fee) marked as billed to another payer, but never what that payer was
charged, paid or still owes: that account is the partner's record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.billing.catalogue import label_of
from practice.billing.money import Money
from practice.errors import ValidationError
from practice.models.billing import BillingDocument
from practice.services.billing import Balance, ChargeRow, balances, charges_for
from practice.services.billing_documents import StatementEntry, gather_statement

JSON = dict[str, Any]
CPT = "http://www.ama-assn.org/go/cpt"
CURRENCY = "USD"
ANOTHER_PAYER = "Billed to another payer"
DOCUMENT_WORDS = {"superbill": "Superbill", "estimate": "Good-faith estimate",
                  "receipt": "Receipt", "statement": "Statement"}


@dataclass(frozen=True)
class BilledLine:
    """One service line of the client's care or billed to them, as their copy shows it.

    Attributes:
        key: The first charge's id (for a resource id).
        service_date: The session's date.
        code: The code with its modifiers ("90834-95").
        service: The service in words.
        units: Units of the code.
        fee: The line's whole fee.
        share: The client's part as it stands (after adjustments and write-offs); ``None``
            when another payer is billed for it.
        paid: What the client paid on it (``None`` when another payer is billed).
        due: What the client still owes on it (``None`` when another payer is billed).
    """

    key: int
    service_date: date
    code: str
    service: str
    units: int
    fee: Money
    share: Money | None
    paid: Money | None
    due: Money | None


@dataclass(frozen=True)
class MoneyDocument:
    """A superbill, estimate, receipt or statement given to the client.

    Attributes:
        document_id: Its row.
        kind: ``superbill``, ``estimate``, ``receipt`` or ``statement``.
        issued_on: The day it was given.
        period_from: The first day it covers, if it covers a period.
        period_to: The last day it covers.
        total: Its total.
    """

    document_id: int
    kind: str
    issued_on: date
    period_from: date | None
    period_to: date | None
    total: Money

    @property
    def words(self) -> str:
        """The kind in words ("Good-faith estimate")."""
        return DOCUMENT_WORDS.get(self.kind, self.kind)

    @property
    def period(self) -> str:
        """The period covered, "2026-01-01 to 2026-03-31", or ""."""
        if self.period_from is None or self.period_to is None:
            return ""
        return f"{self.period_from.isoformat()} to {self.period_to.isoformat()}"


@dataclass(frozen=True)
class BillingRecord:
    """The client's billing records.

    Attributes:
        lines: Service lines of their care or billed to them, oldest first.
        entries: Their payments, refunds, adjustments and write-offs, oldest first, with
            the running balance of their own account.
        balance: Their account: charged, paid, balance (negative is credit).
        documents: The money documents given to them, oldest first.
    """

    lines: tuple[BilledLine, ...]
    entries: tuple[StatementEntry, ...]
    balance: Balance
    documents: tuple[MoneyDocument, ...]

    @property
    def empty(self) -> bool:
        """Whether the client has no billing record at all."""
        return not (self.lines or self.entries or self.documents or self.balance.balance)


def gather_billing(sessions: sessionmaker[Session], client_id: int) -> BillingRecord:
    """Collect the client's own billing records.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client whose copy this is.

    Returns:
        Their charges, account entries, balance and money documents.

    Raises:
        NotFound: No such client.
    """
    own = {c.id: c for c in charges_for(sessions, client_id=client_id)}
    own |= {c.id: c for c in charges_for(sessions, payer_id=client_id)}
    try:
        # The whole account, from its first entry on: the statement's running balance.
        statement = gather_statement(sessions, client_id, start=date.min, end=date.max,
                                     today=date.max)
        entries = tuple(e for e in statement.entries if e.kind != "charge")
    except ValidationError:  # nothing charged to or paid by the client
        entries = ()
    with sessions.begin() as s:
        documents = _documents(s, client_id)
    return BillingRecord(_lines(client_id, list(own.values())), entries,
                         balances(sessions, client_id)[0], documents)


def _lines(client_id: int, charges: list[ChargeRow]) -> tuple[BilledLine, ...]:
    # A split session has one charge per payer; the client sees its line once, with
    # their own part, and nothing of another payer's part.
    groups: dict[tuple[int, str], list[ChargeRow]] = {}
    for charge in sorted(charges, key=lambda c: (c.service_date, c.appointment_id, c.id)):
        groups.setdefault((charge.appointment_id, charge.code), []).append(charge)
    lines = []
    for group in groups.values():
        first = group[0]
        theirs = [c for c in group if c.payer_id == client_id]
        lines.append(BilledLine(
            key=first.id, service_date=first.service_date,
            code="-".join((first.code, *first.modifiers)), service=label_of(first.code),
            units=first.units, fee=first.fee,
            share=_sum([c.owed for c in theirs]) if theirs else None,
            paid=_sum([c.paid for c in theirs]) if theirs else None,
            due=_sum([c.due for c in theirs]) if theirs else None))
    return tuple(lines)


def _sum(amounts: list[Money]) -> Money:
    return sum(amounts, Money.zero())


def _documents(s: Session, client_id: int) -> tuple[MoneyDocument, ...]:
    # The columns only: the PDFs themselves were given to the client already.
    rows = s.execute(
        select(BillingDocument.id, BillingDocument.kind, BillingDocument.issued_on,
               BillingDocument.period_from, BillingDocument.period_to,
               BillingDocument.total_cents)
        .where(BillingDocument.client_id == client_id)
        .order_by(BillingDocument.issued_on, BillingDocument.id))
    return tuple(MoneyDocument(i, kind, on, start, end, Money(cents))
                 for i, kind, on, start, end, cents in rows)


def _money(amount: Money) -> JSON:
    return {"value": float(amount.decimal), "currency": CURRENCY}


def billing_resources(client_id: int, billing: BillingRecord | None, on: date,
                      ref: Callable[[str, int | str], JSON]
                      ) -> list[tuple[str, int | str, JSON]]:
    """The billing records as FHIR: a ChargeItem per line, an Invoice for the account.

    Each money document is a DocumentReference (listed, not attached: the client holds
    it already). Nothing is made when the client has no billing record.

    Args:
        client_id: The patient.
        billing: From ``gather_billing``.
        on: The day the copy is prepared (the account's date).
        ref: Makes a reference to another resource of the bundle (kind, number).

    Returns:
        (resource kind, number, resource) for the bundle.
    """
    if billing is None or billing.empty:
        return []
    patient = ref("Patient", client_id)
    out: list[tuple[str, int | str, JSON]] = []
    for line in billing.lines:
        note = (ANOTHER_PAYER if line.share is None else
                f"Your share {_shown(line.share)}; paid {_shown(line.paid)}; "
                f"still owed {_shown(line.due)}")
        out.append(("ChargeItem", f"billing/{line.key}", {
            "resourceType": "ChargeItem", "status": "billed",
            "code": _code(line),
            "subject": patient, "occurrenceDateTime": line.service_date.isoformat(),
            "quantity": {"value": line.units}, "priceOverride": _money(line.fee),
            "note": [{"text": note}]}))
    account = billing.balance
    out.append(("Invoice", f"account/{client_id}", {
        "resourceType": "Invoice", "status": "issued", "type": {"text": "Your account"},
        "subject": patient, "date": on.isoformat(),
        "totalGross": _money(account.charged), "totalNet": _money(account.balance),
        **({"lineItem": [{"sequence": n, "chargeItemReference": ref(
            "ChargeItem", f"billing/{line.key}")} for n, line in enumerate(billing.lines, 1)]}
           if billing.lines else {}),
        "note": [{"text": f"Charged {account.charged.display()}, paid {account.paid.display()}, "
                          f"balance {account.balance.display()}"}]
        + [{"text": f"{e.on.isoformat()} {e.description}: {e.amount.display()}"}
           for e in billing.entries]}))
    out += [("DocumentReference", f"billing-document/{d.document_id}", {
        "resourceType": "DocumentReference", "status": "current", "type": {"text": d.words},
        "subject": patient, "date": f"{d.issued_on.isoformat()}T00:00:00+00:00",
        "description": ", ".join(x for x in (d.words, d.period, f"total {d.total.display()}")
                                 if x),
        "content": [{"attachment": {"contentType": "application/pdf",
                                    "title": f"{d.words} of {d.issued_on.isoformat()}"}}],
        **({"context": {"period": {"start": d.period_from.isoformat(),
                                   "end": d.period_to.isoformat()}}}
           if d.period_from and d.period_to else {}),
    }) for d in billing.documents]
    return out


def _code(line: BilledLine) -> JSON:
    code: JSON = {"text": f"{line.code} {line.service}"}
    if line.code[0].isdigit():  # a CPT code; a late-cancel or no-show fee has none
        code["coding"] = [{"system": CPT, "code": line.code.split("-")[0]}]
    return code


def _shown(amount: Money | None) -> str:
    return (amount or Money.zero()).display()
