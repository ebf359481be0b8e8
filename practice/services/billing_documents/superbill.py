"""A superbill: one client's services over a period, as their insurer needs to reimburse them.

Only services are listed (a late-cancel or no-show fee is not reimbursable care). A couple's
session split between payers is one line: its whole fee, everything paid on it by anyone,
and what is still owed. The fee printed is what the line comes to after adjustments and
write-offs, so fee less paid is the balance on every line and in the totals.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from practice.billing.money import Money
from practice.errors import ValidationError
from practice.services.billing import ChargeRow, charges_for
from practice.services.billing_documents.model import ServiceLine, Superbill
from practice.services.billing_documents.sources import (
    biller_of,
    diagnoses_by_session,
    patient_in,
    pointed,
)
from practice.services.settings import load_profile

DOCUMENT = "superbill"
OUT_OF_ORDER = "The superbill's period ends ({end}) before it starts ({start}); swap the dates."
NOTHING_BILLED = ("No services were charged for this client from {start} to {end}, so there is "
                  "nothing to put on a superbill. Nothing was issued.")
# A claim form's service line points to at most four diagnoses.
MAX_POINTERS = 4


def check_period(start: date, end: date) -> None:
    """Refuse a period that ends before it starts, before the store is read.

    Args:
        start: The first day.
        end: The last day.

    Raises:
        ValidationError: ``end`` is before ``start``.
    """
    if end < start:
        raise ValidationError(OUT_OF_ORDER.format(start=start.isoformat(), end=end.isoformat()))


def _lines(rows: list[ChargeRow]) -> list[tuple[ChargeRow, Money, Money, Money]]:
    """Sum each session line's payers' parts: (first row, fee, paid, balance)."""
    grouped: dict[tuple[int, str], list[ChargeRow]] = {}
    for row in rows:
        if row.kind == "service":
            grouped.setdefault((row.appointment_id, row.code), []).append(row)
    summed = []
    for parts in grouped.values():
        fee = sum((p.owed for p in parts), Money.zero())
        paid = sum((p.paid for p in parts), Money.zero())
        due = sum((p.due for p in parts), Money.zero())
        summed.append((parts[0], fee, paid, due))
    return summed


def gather_superbill(sessions: sessionmaker[Session], client_id: int, *, start: date,
                     end: date, today: date) -> Superbill:
    """Read what a client's superbill for a period prints.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client whose care the services were (the identified client).
        start: The first service date.
        end: The last service date.
        today: The day it is prepared.

    Returns:
        The superbill's contents.

    Raises:
        ValidationError: The period is out of order, the therapist's name, NPI or EIN is
            missing or not valid, or no service was charged in the period.
        NotFound: No such client.
    """
    check_period(start, end)
    biller = biller_of(load_profile(sessions), today, DOCUMENT)
    with sessions.begin() as s:
        patient = patient_in(s, client_id)
    lines = _lines(charges_for(sessions, client_id=client_id, start=start, end=end))
    if not lines:
        raise ValidationError(NOTHING_BILLED.format(start=start.isoformat(), end=end.isoformat()))
    with sessions.begin() as s:
        by_session = diagnoses_by_session(s, client_id, (r.appointment_id for r, *_ in lines))
    diagnoses = pointed(code for row, *_ in lines
                        for code in by_session.get(row.appointment_id, ()))
    letter = {d.code: d.pointer for d in diagnoses}
    return Superbill(
        patient=patient, biller=biller, start=start, end=end, issued_on=today,
        diagnoses=diagnoses,
        lines=tuple(
            ServiceLine(row.service_date, row.place_of_service or "", row.code, row.modifiers,
                        tuple(letter[c] for c in by_session.get(row.appointment_id, ()))
                        [:MAX_POINTERS], row.units, fee, paid, due)
            for row, fee, paid, due in lines))
