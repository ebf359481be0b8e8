"""The demo practice's money: a fee schedule, a sliding scale, who pays, charges, payments.

A few sessions of the last two weeks are held (and so charged) through the schedule, one
is missed with its no-show fee confirmed, and payments cover some of it: every kind of row
the ledger keeps, from about a dozen sessions, so the demo stays quick to build.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session, sessionmaker

from practice.billing.payers import Arrangement, PayerPlan
from practice.demo_extras import DEMO_ZONE
from practice.schedule.model import Appointment, LocationKind, SessionKind, SessionStatus
from practice.schedule.timezones import wall_to_utc
from practice.services import billing, units
from practice.services.common.shared import utcnow
from practice.services.schedule import SessionRef, book, complete_session, set_session_status

FEES = (("90791", "200.00"), ("90832", "100.00"), ("90834", "150.00"), ("90837", "190.00"),
        ("90846", "160.00"), ("90847", "180.00"), ("90785", "25.00"), ("90839", "220.00"),
        ("90840", "110.00"), ("late_cancel", "75.00"), ("no_show", "100.00"))
_KIND = {"individual": SessionKind.INDIVIDUAL, "couple": SessionKind.COUPLE,
         "polycule": SessionKind.POLYCULE}


def _hold(sessions: sessionmaker[Session], unit_id: int, kind: SessionKind, day: date,
          hour: int, *, telehealth: bool = False, status: SessionStatus = SessionStatus.COMPLETED,
          ) -> int | None:
    start = wall_to_utc(datetime.combine(day, time(hour, 0)), DEMO_ZONE)
    if start > utcnow():
        return None  # a demo dated ahead of the clock: nothing of it has been held yet
    stored = book(sessions, Appointment(
        unit_id, kind, start, DEMO_ZONE, 50,
        LocationKind.TELEHEALTH if telehealth else LocationKind.OFFICE,
        video_link="https://video.example.org/room-demo" if telehealth else None)).appointment
    assert stored.id is not None
    if status is SessionStatus.COMPLETED:
        complete_session(sessions, SessionRef(stored.id))
    else:
        set_session_status(sessions, SessionRef(stored.id), status)
    return stored.id


def make_ledger(sessions: sessionmaker[Session], unit_ids: list[int], today: date) -> int:
    """Fees, payer arrangements, two weeks of held sessions and their payments.

    Args:
        sessions: The store's sessionmaker.
        unit_ids: The demo's units: six individuals, two couples, a polycule.
        today: The practice's today.

    Returns:
        How many charges were made.
    """
    for service, fee in FEES:
        billing.set_fee(sessions, service, fee, today - timedelta(days=365))
    shown = [units.get_unit(sessions, unit_id) for unit_id in unit_ids]
    members = [sorted(m.client_id for m in unit.current_members) for unit in shown]
    # The third client pays a sliding-scale fee; the first couple splits 60/40 and bills
    # its first member's care; the polycule each pay their own share.
    billing.set_sliding_fee(sessions, "90834", "90.00", today - timedelta(days=120),
                            client_id=members[2][0])
    first, second = members[6]
    billing.set_payer_plan(sessions, unit_ids[6],
                           PayerPlan(Arrangement.SPLIT, shares=((first, 60), (second, 40))),
                           identified_client_id=first)
    billing.set_payer_plan(sessions, unit_ids[7], PayerPlan(Arrangement.ONE_PAYS,
                                                            payer_id=members[7][1]),
                           identified_client_id=members[7][0])
    billing.set_payer_plan(sessions, unit_ids[8], PayerPlan(Arrangement.EACH_OWN),
                           identified_client_id=members[8][0])
    monday = today - timedelta(days=today.weekday())
    for weeks_ago in (2, 1):
        for index, (unit_id, unit) in enumerate(zip(unit_ids, shown, strict=True)):
            if weeks_ago == 2 and index % 2:
                continue  # fortnightly for some; few sessions keep the demo quick to build
            day = monday - timedelta(weeks=weeks_ago, days=-(index % 5))
            missed = weeks_ago == 1 and index == 4
            held = _hold(sessions, unit_id, _KIND[unit.kind], day, 9 + index // 5 * 3,
                         telehealth=bool(index % 2),
                         status=SessionStatus.NO_SHOW if missed else SessionStatus.COMPLETED)
            if missed and held is not None:
                billing.charge_policy_fee(sessions, held)
    paid_on = min(monday - timedelta(days=3), utcnow().date())
    billing.record_payment(sessions, members[0][0], "300.00", paid_on, "card", today=today)
    billing.record_payment(sessions, members[1][0], "150.00", paid_on, "cash", today=today)
    billing.record_payment(sessions, members[2][0], "200.00", paid_on, "transfer", today=today)
    billing.record_payment(sessions, first, "216.00", paid_on, "cheque", today=today)
    return len(billing.charges_for(sessions))
