"""The fee schedule, sliding-scale fees, and who pays for a unit's sessions.

A fee is set from a date and never changed: a new fee is a new row from a later date, and
a date on or before a session already charged under the service is refused, so no charge
is ever priced again backwards.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session, sessionmaker

from practice.billing.fees import FeeEntry, check_service, fee_for
from practice.billing.money import Money, money_of
from practice.billing.payers import Arrangement, PayerPlan
from practice.errors import ValidationError
from practice.models.billing import (
    Charge,
    FeeScheduleEntry,
    SlidingFee,
    UnitPayer,
    UnitPayerShare,
)
from practice.models.clients import Client
from practice.models.units import CareUnit, UnitMember
from practice.services.billing.model import FeeRow
from practice.services.common.shared import load, utcnow
from practice.store.audit import record

RETROACTIVE = ("Sessions from {day} on were already charged under {service}; a fee change "
               "applies from a date after the last charged session, never backwards.")
SAME_DAY = ("A fee for {service} from {day} is already set; fees are never changed, so set "
            "the new fee from a later date.")
NOT_A_MEMBER = "The identified client must be a current member of the unit."


def _entries(s: Session, service: str) -> list[FeeEntry]:
    rows = s.scalars(select(FeeScheduleEntry).where(FeeScheduleEntry.service == service))
    return [FeeEntry(r.service, r.fee_cents, r.effective_from) for r in rows]


def _sliding(s: Session, service: str, *, client_id: int | None = None,
             unit_id: int | None = None) -> list[FeeEntry]:
    owner = SlidingFee.client_id == client_id if client_id is not None \
        else SlidingFee.unit_id == unit_id
    rows = s.scalars(select(SlidingFee).where(owner, SlidingFee.service == service)
                     .order_by(SlidingFee.id))
    return [FeeEntry(r.service, r.fee_cents, r.effective_from) for r in rows]


def fee_in(s: Session, service: str, on: date, *, unit_id: int | None = None,
           client_id: int | None = None) -> int | None:
    """The fee in cents for a service on a day, inside an open session (see ``fee_on``)."""
    scales = []
    if unit_id is not None:
        scales.append(_sliding(s, service, unit_id=unit_id))
    if client_id is not None:
        scales.append(_sliding(s, service, client_id=client_id))
    return fee_for(service, on, _entries(s, service), *scales)


def fee_on(sessions: sessionmaker[Session], service: str, on: date, *,
           unit_id: int | None = None, client_id: int | None = None) -> Money | None:
    """The fee for a service on a day: the unit's sliding scale, the client's, or the schedule.

    Args:
        sessions: The store's sessionmaker.
        service: A CPT code (``"90834"``) or policy fee (``"no_show"``).
        on: The day of the service.
        unit_id: The unit, for its sliding scale.
        client_id: The client, for their sliding scale.

    Returns:
        The fee, or ``None`` when none is set for that day.
    """
    key = check_service(service)
    with sessions.begin() as s:
        cents = fee_in(s, key, on, unit_id=unit_id, client_id=client_id)
    return None if cents is None else Money(cents)


def _refuse_backwards(s: Session, service: str, effective_from: date,
                      *owner: ColumnElement[bool]) -> None:
    last = s.scalar(select(Charge.service_date).where(
        Charge.code == service, Charge.service_date >= effective_from, *owner
    ).order_by(Charge.service_date.desc()).limit(1))
    if last is not None:
        raise ValidationError(RETROACTIVE.format(day=effective_from.isoformat(), service=service))


def set_fee(sessions: sessionmaker[Session], service: str, fee: Money | str | int,
            effective_from: date) -> FeeRow:
    """Set the practice's fee for a service from a date on.

    Args:
        sessions: The store's sessionmaker.
        service: A CPT code of the catalogue, or ``late_cancel`` / ``no_show``.
        fee: The fee (``Money``, typed text such as ``"150.00"``, or cents).
        effective_from: The first day it applies.

    Returns:
        The stored fee.

    Raises:
        ValidationError: An unknown service, a bad amount, a date already priced, or a date
            on or before a session already charged under the service.
    """
    key = check_service(service)
    amount = money_of(fee, "The fee")
    with sessions.begin() as s:
        if s.scalar(select(FeeScheduleEntry.id).where(
                FeeScheduleEntry.service == key,
                FeeScheduleEntry.effective_from == effective_from)) is not None:
            raise ValidationError(SAME_DAY.format(service=key, day=effective_from.isoformat()))
        _refuse_backwards(s, key, effective_from)
        row = FeeScheduleEntry(service=key, fee_cents=amount.cents,
                               effective_from=effective_from, created_at=utcnow())
        s.add(row)
        s.flush()
        record(s, "fee.set", entity="fee", entity_id=row.id, service=key, cents=amount.cents)
        return FeeRow(row.id, key, amount, effective_from)


def set_sliding_fee(sessions: sessionmaker[Session], service: str,
                    fee: Money | str | int | None, effective_from: date, *,
                    client_id: int | None = None, unit_id: int | None = None) -> FeeRow:
    """Agree a sliding-scale fee with one client or one unit from a date (``None`` ends it).

    Args:
        sessions: The store's sessionmaker.
        service: A CPT code or policy fee.
        fee: The reduced fee, or ``None`` to return to the schedule from that date.
        effective_from: The first day it applies.
        client_id: The client (exactly one of client and unit).
        unit_id: The unit.

    Returns:
        The stored row.

    Raises:
        ValidationError: Not exactly one owner, a bad amount or service, or a date on or
            before a session already charged to that client or unit under the service.
    """
    if (client_id is None) == (unit_id is None):
        raise ValidationError("A sliding-scale fee is agreed with one client or one unit.")
    key = check_service(service)
    amount = None if fee is None else money_of(fee, "The fee")
    with sessions.begin() as s:
        if client_id is not None:
            load(s, Client, client_id, "client")
            _refuse_backwards(s, key, effective_from, Charge.client_id == client_id)
        else:
            assert unit_id is not None
            load(s, CareUnit, unit_id, "care unit")
            _refuse_backwards(s, key, effective_from, Charge.unit_id == unit_id)
        row = SlidingFee(client_id=client_id, unit_id=unit_id, service=key,
                         fee_cents=None if amount is None else amount.cents,
                         effective_from=effective_from, created_at=utcnow())
        s.add(row)
        s.flush()
        record(s, "fee.sliding", entity="sliding_fee", entity_id=row.id, service=key,
               client_id=client_id, unit_id=unit_id,
               cents=None if amount is None else amount.cents)
        return FeeRow(row.id, key, amount, effective_from, client_id, unit_id)


def fee_schedule(sessions: sessionmaker[Session]) -> list[FeeRow]:
    """Every fee the practice has set, by service and date.

    Args:
        sessions: The store's sessionmaker.

    Returns:
        The rows, each service's oldest first.
    """
    with sessions.begin() as s:
        rows = s.scalars(select(FeeScheduleEntry).order_by(
            FeeScheduleEntry.service, FeeScheduleEntry.effective_from))
        return [FeeRow(r.id, r.service, Money(r.fee_cents), r.effective_from) for r in rows]


def _current_members(s: Session, unit_id: int) -> list[int]:
    return list(s.scalars(select(UnitMember.client_id).where(
        UnitMember.unit_id == unit_id, UnitMember.left_on.is_(None))))


def set_payer_plan(sessions: sessionmaker[Session], unit_id: int, plan: PayerPlan, *,
                   identified_client_id: int | None = None) -> None:
    """Say who pays for a unit's sessions from now on, and whose care joint sessions bill.

    Args:
        sessions: The store's sessionmaker.
        unit_id: The unit.
        plan: One member pays, a split, or each their own.
        identified_client_id: The member whose care a joint session bills (90847).

    Raises:
        ValidationError: A payer, share holder or identified client not a current member.
    """
    with sessions.begin() as s:
        load(s, CareUnit, unit_id, "care unit")
        members = _current_members(s, unit_id)
        plan.check_members(members)
        if identified_client_id is not None and identified_client_id not in members:
            raise ValidationError(NOT_A_MEMBER)
        payer = plan.payer_id if plan.arrangement is Arrangement.ONE_PAYS else None
        s.execute(delete(UnitPayerShare).where(UnitPayerShare.unit_id == unit_id))
        row = s.get(UnitPayer, unit_id)
        if row is None:
            row = UnitPayer(unit_id=unit_id)
            s.add(row)
        row.arrangement = plan.arrangement.value
        row.payer_client_id = payer
        row.identified_client_id = identified_client_id
        row.updated_at = utcnow()
        s.flush()
        for client_id, percent in plan.shares if plan.arrangement is Arrangement.SPLIT else ():
            s.add(UnitPayerShare(unit_id=unit_id, client_id=client_id, percent=percent))
        record(s, "payer.set", entity="unit", entity_id=unit_id,
               arrangement=plan.arrangement.value)


def plan_in(s: Session, unit_id: int) -> tuple[PayerPlan | None, int | None]:
    """A unit's payer plan and identified client inside an open session (``None`` if unset)."""
    row = s.get(UnitPayer, unit_id)
    if row is None:
        return None, None
    shares = tuple((sh.client_id, sh.percent) for sh in s.scalars(
        select(UnitPayerShare).where(UnitPayerShare.unit_id == unit_id)
        .order_by(UnitPayerShare.client_id)))
    return (PayerPlan(Arrangement(row.arrangement), row.payer_client_id, shares),
            row.identified_client_id)


def payer_plan(sessions: sessionmaker[Session], unit_id: int
               ) -> tuple[PayerPlan | None, int | None]:
    """Who pays for a unit's sessions, and its identified client.

    Args:
        sessions: The store's sessionmaker.
        unit_id: The unit.

    Returns:
        The plan (``None`` when never set) and the identified client (``None`` if unset).
    """
    with sessions.begin() as s:
        return plan_in(s, unit_id)
