"""A client's coverage (self-pay, out of network, unknown) and when a good-faith estimate is owed.

The No Surprises Act owes an uninsured or self-pay client a good-faith estimate when their
care is scheduled. The schedule asks ``estimate_owed_at_booking`` after a booking: the
self-pay clients it expects for whom this is the first session booked and who hold no
estimate yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.billing import BillingDocument
from practice.models.billing_coverage import COVERAGES, ClientCoverage
from practice.models.clients import Client
from practice.models.schedule import AppointmentClient, AppointmentRecord, SeriesClient
from practice.services.common.shared import load, utcnow
from practice.store.audit import record

SELF_PAY = "self_pay"
OUT_OF_NETWORK = "out_of_network"
UNKNOWN = "unknown"
BAD_COVERAGE = "Coverage is one of: self-pay, out of network, or not known yet."


@dataclass(frozen=True, slots=True)
class Coverage:
    """How a client pays for their care.

    Attributes:
        client_id: The client.
        coverage: ``self_pay``, ``out_of_network`` or ``unknown``.
        since: The day it was recorded as from; ``None`` when never recorded.
    """

    client_id: int
    coverage: str
    since: date | None


def set_coverage(sessions: sessionmaker[Session], client_id: int, coverage: str,
                 since: date) -> Coverage:
    """Record how a client pays from a date (replacing what was recorded before).

    Args:
        sessions: The store's sessionmaker.
        client_id: The client.
        coverage: ``self_pay``, ``out_of_network`` or ``unknown``.
        since: The day it applies from.

    Returns:
        The coverage as stored.

    Raises:
        ValidationError: A coverage not among the three.
        NotFound: No such client.
    """
    if coverage not in COVERAGES:
        raise ValidationError(BAD_COVERAGE)
    with sessions.begin() as s:
        load(s, Client, client_id, "client")
        row = s.get(ClientCoverage, client_id)
        if row is None:
            row = ClientCoverage(client_id=client_id)
            s.add(row)
        row.coverage, row.since, row.updated_at = coverage, since, utcnow()
        s.flush()
        record(s, "coverage.set", entity="client", entity_id=client_id, coverage=coverage)
    return Coverage(client_id, coverage, since)


def coverage_of(sessions: sessionmaker[Session], client_id: int) -> Coverage:
    """How a client pays (``unknown`` with no date when never recorded).

    Args:
        sessions: The store's sessionmaker.
        client_id: The client.

    Returns:
        Their coverage.

    Raises:
        NotFound: No such client.
    """
    with sessions.begin() as s:
        load(s, Client, client_id, "client")
        row = s.get(ClientCoverage, client_id)
        if row is None:
            return Coverage(client_id, UNKNOWN, None)
        return Coverage(client_id, row.coverage, row.since)


def _booked_elsewhere(s: Session, client_id: int, appointment_id: int | None,
                      series_id: int | None) -> bool:
    """Whether the client has any session or series booked other than this booking."""
    others = select(AppointmentClient.appointment_id).join(
        AppointmentRecord, AppointmentRecord.id == AppointmentClient.appointment_id).where(
        AppointmentClient.client_id == client_id)
    if appointment_id is not None:
        others = others.where(AppointmentRecord.id != appointment_id)
    if series_id is not None:
        others = others.where((AppointmentRecord.series_id.is_(None))
                              | (AppointmentRecord.series_id != series_id))
    if s.scalar(others.limit(1)) is not None:
        return True
    series = select(SeriesClient.series_id).where(SeriesClient.client_id == client_id)
    if series_id is not None:
        series = series.where(SeriesClient.series_id != series_id)
    return s.scalar(series.limit(1)) is not None


def estimate_owed_at_booking(sessions: sessionmaker[Session], client_ids: Iterable[int], *,
                             appointment_id: int | None = None,
                             series_id: int | None = None) -> tuple[int, ...]:
    """The self-pay clients of a booking just made who are owed a good-faith estimate now.

    A client is, when their coverage is self-pay, nothing else was ever booked for them (this
    is their first session), and no estimate of theirs is kept yet.

    Args:
        sessions: The store's sessionmaker.
        client_ids: The clients the booking expects.
        appointment_id: The session just booked.
        series_id: Or the series just booked.

    Returns:
        Their ids, in ascending order.
    """
    owed: list[int] = []
    with sessions.begin() as s:
        for client_id in sorted(set(client_ids)):
            row = s.get(ClientCoverage, client_id)
            if row is None or row.coverage != SELF_PAY:
                continue
            if _booked_elsewhere(s, client_id, appointment_id, series_id):
                continue
            if s.scalar(select(BillingDocument.id).where(
                    BillingDocument.client_id == client_id,
                    BillingDocument.kind == "estimate").limit(1)) is not None:
                continue
            owed.append(client_id)
    return tuple(owed)
