"""A good-faith estimate (No Surprises Act) for a client who is uninsured or paying themselves.

The estimate lists the sessions expected over up to twelve months at a planned frequency,
each priced on its own date from the fee schedule (a fee already set to change from a later
date is taken into account) or the client's sliding scale, with the notice and the dispute
rights 45 CFR 149.610 requires.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.billing.catalogue import CATALOGUE, Code, label_of
from practice.errors import ValidationError
from practice.models.units import CareUnit, UnitMember
from practice.services.billing import fee_on
from practice.services.billing_documents.model import Estimate, EstimateLine
from practice.services.billing_documents.sources import (
    biller_of,
    latest_diagnoses,
    patient_in,
    pointed,
)
from practice.services.settings import load_profile

DOCUMENT = "good-faith estimate"
#: The planned frequencies, as typed on the command line, and in words.
FREQUENCIES: dict[str, str] = {"weekly": "Weekly", "every-2-weeks": "Every two weeks",
                               "monthly": "Monthly"}
MAX_MONTHS = 12

BAD_MONTHS = "A good-faith estimate covers from 1 to 12 months."
BAD_FREQUENCY = "The planned frequency is one of: weekly, every-2-weeks, monthly."
BAD_SERVICE = ("Plan the estimate on a session code such as 90834, 90837 or 90847 (the intake "
               "is added on its own).")
NO_FEE = ("No fee is set for {label} ({code}) on {day}; set it in the fee schedule first. "
          "Nothing was issued.")
_NOT_PLANNED = {Code.INTAKE.value}


@dataclass(frozen=True, slots=True)
class EstimatePlan:
    """What the therapist expects to provide.

    Attributes:
        start: The first expected session.
        service: The CPT code of the regular session (``90834``).
        frequency: A key of ``FREQUENCIES``.
        months: How many months the estimate covers (1 to 12).
        intake: Whether the first session is an intake (90791).
    """

    start: date
    service: str = "90834"
    frequency: str = "weekly"
    months: int = MAX_MONTHS
    intake: bool = False


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_plan(plan: EstimatePlan) -> date:
    """Refuse a plan an estimate cannot be made for, before the store is read.

    Args:
        plan: The plan.

    Returns:
        The last day the estimate covers.

    Raises:
        ValidationError: Months outside 1-12, an unknown frequency, or a service that is
            not a session code of the catalogue.
    """
    if not 1 <= plan.months <= MAX_MONTHS:
        raise ValidationError(BAD_MONTHS)
    if plan.frequency not in FREQUENCIES:
        raise ValidationError(BAD_FREQUENCY)
    service = CATALOGUE.get(plan.service.strip())
    if service is None or service.add_on or service.code.value in _NOT_PLANNED:
        raise ValidationError(BAD_SERVICE)
    return _add_months(plan.start, plan.months) - timedelta(days=1)


def planned_dates(plan: EstimatePlan) -> list[date]:
    """The days sessions are expected on, from the start to the end of the period.

    Args:
        plan: A checked plan.

    Returns:
        The dates, first to last.
    """
    end = check_plan(plan)
    days: list[date] = []
    count = 0
    day = plan.start
    while day <= end:
        days.append(day)
        count += 1
        weeks = 2 if plan.frequency == "every-2-weeks" else 1
        day = _add_months(plan.start, count) if plan.frequency == "monthly" \
            else plan.start + timedelta(weeks=count * weeks)
    return days


def _individual_unit(s: Session, client_id: int) -> int | None:
    return s.scalar(select(CareUnit.id).join(UnitMember, UnitMember.unit_id == CareUnit.id).where(
        UnitMember.client_id == client_id, UnitMember.left_on.is_(None),
        CareUnit.kind == "individual", CareUnit.closed_on.is_(None)).order_by(CareUnit.id).limit(1))


def _priced(sessions: sessionmaker[Session], code: str, days: list[date], client_id: int,
            unit_id: int | None) -> list[EstimateLine]:
    """Group the days by the fee in force on each, in date order."""
    lines: list[EstimateLine] = []
    for day in days:
        fee = fee_on(sessions, code, day, unit_id=unit_id, client_id=client_id)
        if fee is None:
            raise ValidationError(NO_FEE.format(label=label_of(code).lower(), code=code,
                                                day=day.isoformat()))
        if lines and lines[-1].fee == fee:
            last = lines[-1]
            lines[-1] = EstimateLine(code, last.label, last.sessions + 1, fee, last.first)
        else:
            lines.append(EstimateLine(code, label_of(code), 1, fee, day))
    return lines


def gather_estimate(sessions: sessionmaker[Session], client_id: int, plan: EstimatePlan, *,
                    today: date) -> Estimate:
    """Work out a client's good-faith estimate from the fee schedule and the plan.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client.
        plan: The expected services.
        today: The day it is given.

    Returns:
        The estimate's contents.

    Raises:
        ValidationError: A plan that cannot be estimated, a missing fee for an expected
            date, or the therapist's name, NPI or EIN missing or not valid.
        NotFound: No such client.
    """
    days = planned_dates(plan)
    end = check_plan(plan)
    biller = biller_of(load_profile(sessions), today, DOCUMENT)
    with sessions.begin() as s:
        patient = patient_in(s, client_id)
        unit_id = _individual_unit(s, client_id)
        codes = latest_diagnoses(s, client_id)
    service = plan.service.strip()
    lines: list[EstimateLine] = []
    if plan.intake:
        lines += _priced(sessions, Code.INTAKE.value, days[:1], client_id, unit_id)
        days = days[1:]
    lines += _priced(sessions, service, days, client_id, unit_id)
    return Estimate(patient=patient, biller=biller, issued_on=today, start=plan.start, end=end,
                    frequency=FREQUENCIES[plan.frequency], diagnoses=pointed(codes),
                    lines=tuple(lines))

