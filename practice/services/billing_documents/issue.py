"""Issuing a superbill or an estimate: drawn, written out, stored and logged as given.

Both are disclosures of the client's information to the client: the exact PDF is kept in
``billing_documents`` and the copy is logged in the client's disclosure log (``copy_to_client``)
with its audit entry, in one transaction. When the therapist asked for a file, it is
written first and removed again should the logging fail, as a record copy is
(``practice.services.record_access.export``): nothing leaves the practice unlogged, and
nothing is logged that was not made.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.billing.money import Money
from practice.models.billing import BillingDocument
from practice.services.billing_documents.channels import safe_channel
from practice.services.billing_documents.estimate import EstimatePlan, gather_estimate
from practice.services.billing_documents.model import IssuedDocument, Patient
from practice.services.billing_documents.superbill import gather_superbill
from practice.services.common import load, utcnow
from practice.services.letters.disclosures import record_client_copy
from practice.services.letters.profile import letterhead
from practice.services.releases import Scope
from practice.services.settings import LOGO, SIGNATURE, load_image, load_profile
from practice.store.audit import record as audit

#: The purposes the disclosure log gives for each document.
PURPOSES = {
    "superbill": "Superbill given to the client to claim reimbursement from their insurer",
    "estimate": "Good-faith estimate of expected charges given to the client (No Surprises Act)",
    "receipt": "Receipt",
    "statement": "Statement",
}


def _view(row: BillingDocument) -> IssuedDocument:
    return IssuedDocument(row.id, row.kind, row.client_id, row.issued_on, row.period_from,
                          row.period_to, Money(row.total_cents), row.sha256, row.disclosure_id,
                          bytes(row.pdf))


def _keep(sessions: sessionmaker[Session], kind: str, patient: Patient, pdf: bytes, *,
          today: date, period: tuple[date, date], total: Money,
          scopes: frozenset[Scope], **detail: int | str) -> IssuedDocument:
    """Store the document and log it as given to the client, in one transaction.

    ``detail`` goes into the audit entry (ids and the channel it is sent by, never names).
    """
    with sessions.begin() as s:
        logged = record_client_copy(s, client_id=patient.client_id,
                                    addressed_to=patient.legal_name, on=today, scopes=scopes,
                                    purpose=PURPOSES[kind])
        row = BillingDocument(client_id=patient.client_id, kind=kind, issued_on=today,
                              period_from=period[0], period_to=period[1],
                              total_cents=total.cents, pdf=pdf,
                              sha256=hashlib.sha256(pdf).hexdigest(), disclosure_id=logged,
                              created_at=utcnow())
        s.add(row)
        s.flush()
        # Ids and sums only: the audit trail never carries names or codes of diagnoses.
        audit(s, f"billing_document.{kind}", entity="billing_document", entity_id=row.id,
              client_id=patient.client_id, cents=total.cents, disclosure_id=logged, **detail)
        return _view(row)


def _issue(sessions: sessionmaker[Session], draw: Callable[[], bytes],
           keep: Callable[[bytes], IssuedDocument], out: Path | None,
           password: str | None) -> IssuedDocument:
    from practice.services.letters import export_pdf

    pdf = draw()
    if out is None:
        return keep(pdf)
    export_pdf(pdf, out, password)
    try:
        return keep(pdf)
    except BaseException:
        # Written but not logged would be a disclosure no one could account for.
        out.unlink(missing_ok=True)
        raise


def issue_superbill(sessions: sessionmaker[Session], client_id: int, *, start: date, end: date,
                    today: date, out: Path | None = None, password: str | None = None,
                    channel: str | None = None) -> IssuedDocument:
    """Issue a client's superbill for a period: drawn, optionally written, stored, logged.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client whose care the services were.
        start: The first service date.
        end: The last service date.
        today: The day it is given.
        out: Where to write the PDF, if anywhere.
        password: Protect the written file with AES-256 (the stored copy is in the store).
        channel: ``post`` or ``email``; the first the client marked safe when omitted.

    Returns:
        The stored document with its disclosure.

    Raises:
        ValidationError: Dates out of order, nothing charged in the period, the
            therapist's name, NPI or EIN missing or not valid, or no channel (or not the
            one named) marked safe by the client.
        NotFound: No such client.
        UndrawableText: A name or address the font cannot draw.
        LetterError: The file cannot be written where asked, or the password is blank.
    """
    bill = gather_superbill(sessions, client_id, start=start, end=end, today=today)
    sent = safe_channel(sessions, client_id, "superbill", channel)
    profile = load_profile(sessions)
    scopes: frozenset[Scope] = frozenset({"attendance", "diagnosis"} if bill.diagnoses
                                         else {"attendance"})

    def draw() -> bytes:
        from practice.services.billing_documents.render import render_superbill

        return render_superbill(bill, letterhead(profile, load_image(sessions, LOGO)),
                                load_image(sessions, SIGNATURE))

    return _issue(sessions, draw, lambda pdf: _keep(
        sessions, "superbill", bill.patient, pdf, today=today, period=(start, end),
        total=bill.total_fee, scopes=scopes, channel=sent.channel), out, password)


def issue_estimate(sessions: sessionmaker[Session], client_id: int, plan: EstimatePlan, *,
                   today: date, out: Path | None = None, password: str | None = None,
                   channel: str | None = None) -> IssuedDocument:
    """Issue a client's good-faith estimate: drawn, optionally written, stored, logged.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client (uninsured, or not using their insurance).
        plan: The expected services.
        today: The day it is given.
        out: Where to write the PDF, if anywhere.
        password: Protect the written file with AES-256.
        channel: ``post`` or ``email``; the first the client marked safe when omitted.

    Returns:
        The stored document with its disclosure.

    Raises:
        ValidationError: A plan that cannot be estimated, a fee missing, the therapist's
            name, NPI or EIN missing or not valid, or no channel (or not the one named)
            marked safe by the client.
        NotFound: No such client.
        UndrawableText: A name or address the font cannot draw.
        LetterError: The file cannot be written where asked, or the password is blank.
    """
    estimate = gather_estimate(sessions, client_id, plan, today=today)
    sent = safe_channel(sessions, client_id, "good-faith estimate", channel)
    profile = load_profile(sessions)
    scopes: frozenset[Scope] = frozenset({"diagnosis"} if estimate.diagnoses else set())

    def draw() -> bytes:
        from practice.services.billing_documents.render import render_estimate

        return render_estimate(estimate, letterhead(profile, load_image(sessions, LOGO)))

    return _issue(sessions, draw, lambda pdf: _keep(
        sessions, "estimate", estimate.patient, pdf, today=today,
        period=(estimate.start, estimate.end), total=estimate.total, scopes=scopes,
        channel=sent.channel),
        out, password)


def documents_for(sessions: sessionmaker[Session], client_id: int,
                  kind: str | None = None) -> list[IssuedDocument]:
    """A client's issued superbills and estimates, oldest first, with their PDFs.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client.
        kind: Only ``superbill`` or ``estimate`` documents, when given.

    Returns:
        The documents as stored.

    Raises:
        NotFound: No such client.
    """
    from practice.models.clients import Client

    with sessions.begin() as s:
        load(s, Client, client_id, "client")
        query = select(BillingDocument).where(BillingDocument.client_id == client_id)
        if kind is not None:
            query = query.where(BillingDocument.kind == kind)
        return [_view(row) for row in s.scalars(query.order_by(BillingDocument.id))]
