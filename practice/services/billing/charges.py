"""Charges from the schedule: a held session's lines, a missed session's policy fee.

A session is charged once: its lines (``practice.billing.rules``) priced on its own date
(the unit's sliding scale, the identified client's, or the schedule), each line split among
the unit's payers. Credit a payer already holds is applied at once. Corrections come after
(``practice.services.billing.corrections``): nothing here edits a charge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.billing.catalogue import label_of
from practice.billing.payers import Arrangement, PayerPlan, shares_for_session
from practice.billing.rules import ChargeLine, SessionFacts, lines_for_session, policy_fee_for
from practice.errors import ValidationError
from practice.models.billing import Charge
from practice.models.notes import NoteAttendee, ProgressNote
from practice.models.schedule import AppointmentClient, AppointmentRecord
from practice.models.units import CareUnit, UnitMember
from practice.schedule.model import SessionKind
from practice.schedule.timezones import in_zone
from practice.services.billing.fees import fee_in, plan_in
from practice.services.billing.ledger import apply_credit, charge_rows
from practice.services.billing.model import ChargeRow
from practice.services.common.shared import load, utcnow
from practice.store.audit import record

NOT_COMPLETED = "Only a completed session is charged for its service."
NOT_MISSED = "A policy fee is charged only for a late cancellation or a no-show."
NO_FEE = "No fee is set for {what} ({code}) on {day}; set it in the fee schedule first."
CHOOSE_IDENTIFIED = ("Choose the identified client for this joint session (whose care it "
                     "bills) before charging it.")
NOT_ATTENDING_MEMBER = "The identified client must be a member of the session's unit."

_JOINT = {SessionKind.COUPLE, SessionKind.POLYCULE, SessionKind.FAMILY}


@dataclass(frozen=True, slots=True)
class _Session:
    record: AppointmentRecord
    day: date
    expected: frozenset[int]
    attended: frozenset[int]
    members: frozenset[int]


def _session(s: Session, appointment_id: int) -> _Session:
    row = load(s, AppointmentRecord, appointment_id, "session")
    expected = frozenset(s.scalars(select(AppointmentClient.client_id).where(
        AppointmentClient.appointment_id == appointment_id)))
    # Who the note says attended, when a note was started; else who was expected.
    noted = frozenset(s.scalars(select(NoteAttendee.client_id).join(
        ProgressNote, ProgressNote.id == NoteAttendee.note_id).where(
        ProgressNote.appointment_id == appointment_id)))
    members = frozenset(s.scalars(select(UnitMember.client_id).where(
        UnitMember.unit_id == row.unit_id)))
    return _Session(row, in_zone(row.start_utc, row.zone).date(), expected,
                    noted or expected, members)


def _identified(s: Session, held: _Session, chosen: int | None,
                plan_identified: int | None) -> int:
    unit = load(s, CareUnit, held.record.unit_id, "care unit")
    if chosen is None and (unit.kind == "individual" or len(held.members) == 1):
        chosen = min(held.members) if held.members else None
    chosen = chosen if chosen is not None else plan_identified
    if chosen is None:
        raise ValidationError(CHOOSE_IDENTIFIED)
    if chosen not in held.members:
        raise ValidationError(NOT_ATTENDING_MEMBER)
    return chosen


def _store(s: Session, held: _Session, client_id: int, plan: PayerPlan,
           lines: list[tuple[ChargeLine | None, str, int, int]]) -> list[int]:
    """Write each line's shares; ``lines`` is (line, code or policy, units, fee cents)."""
    now = utcnow()
    ids: list[int] = []
    payers: set[int] = set()
    for position, (line, code, units, fee) in enumerate(lines):
        for payer, cents in shares_for_session(fee, plan, held.attended or held.expected):
            charge = Charge(
                appointment_id=held.record.id, unit_id=held.record.unit_id, client_id=client_id,
                payer_client_id=payer, service_date=held.day,
                kind="service" if line is not None else code, code=code,
                modifiers=",".join(line.modifiers) if line is not None else "",
                place_of_service=line.place.value if line is not None else None, units=units,
                fee_cents=fee, amount_cents=cents, line=position, created_at=now)
            s.add(charge)
            s.flush()
            record(s, "charge.create", entity="charge", entity_id=charge.id,
                   appointment_id=held.record.id, code=code, cents=cents)
            ids.append(charge.id)
            payers.add(payer)
    for payer in sorted(payers):
        apply_credit(s, payer)
    return ids


def _fee(s: Session, code: str, held: _Session, client_id: int) -> int:
    cents = fee_in(s, code, held.day, unit_id=held.record.unit_id, client_id=client_id)
    if cents is None:
        raise ValidationError(NO_FEE.format(what=label_of(code).lower(), code=code,
                                            day=held.day.isoformat()))
    return cents


def _existing(s: Session, appointment_id: int) -> list[ChargeRow]:
    return charge_rows(s, Charge.appointment_id == appointment_id)


def charge_for_session(
    sessions: sessionmaker[Session], appointment_id: int, *,
    identified_client_id: int | None = None, identified_client_present: bool | None = None,
    client_at_home: bool = True, crisis: bool = False, interactive_complexity: bool = False,
) -> tuple[ChargeRow, ...]:
    """Charge a completed session: its lines, priced on its date, split among its payers.

    A session already charged is not charged again: its charges are returned as they are.

    Args:
        sessions: The store's sessionmaker.
        appointment_id: The stored session.
        identified_client_id: For a joint session, whose care it bills (else the unit's
            identified client; an individual unit's member needs no choosing).
        identified_client_present: Whether they attended (default: from the note's
            attendees, else the clients expected).
        client_at_home: For telehealth, the client joined from home (place 10, else 02).
        crisis: Psychotherapy for crisis (90839, +90840).
        interactive_complexity: Add +90785.

    Returns:
        The session's charges, one per line and payer.

    Raises:
        ValidationError: Not completed, too short for its code, no identified client for
            a joint session, or no fee set for a line on the session's date.
        NotFound: No such session.
    """
    with sessions.begin() as s:
        held = _session(s, appointment_id)
        if held.record.status != "completed":
            raise ValidationError(NOT_COMPLETED)
        existing = _existing(s, appointment_id)
        if existing:
            return tuple(existing)
        kind = SessionKind(held.record.kind)
        plan, plan_identified = plan_in(s, held.record.unit_id)
        client_id = _identified(s, held, identified_client_id, plan_identified)
        present = identified_client_present if identified_client_present is not None \
            else client_id in held.attended
        facts = SessionFacts(kind, held.record.duration_minutes,
                             telehealth=held.record.location == "telehealth",
                             client_at_home=client_at_home,
                             identified_client_present=present or kind not in _JOINT,
                             crisis=crisis, interactive_complexity=interactive_complexity)
        priced: list[tuple[ChargeLine | None, str, int, int]] = [
            (line, line.code.value, line.units,
             _fee(s, line.code.value, held, client_id) * line.units)
            for line in lines_for_session(facts)]
        payers = plan or PayerPlan(Arrangement.ONE_PAYS, payer_id=client_id)
        ids = _store(s, held, client_id, payers, priced)
        return tuple(charge_rows(s, Charge.id.in_(ids)))


def charge_completed_session(sessions: sessionmaker[Session],
                             appointment_id: int) -> tuple[ChargeRow, ...]:
    """Charge a session just marked completed, when it can be charged without asking.

    Called by the schedule as a session is completed. A practice with no fee schedule, a
    joint session with no identified client chosen, or a session too short for a code is
    left uncharged (``uncharged_sessions`` lists it) rather than holding up the schedule.

    Args:
        sessions: The store's sessionmaker.
        appointment_id: The session.

    Returns:
        Its charges; empty when it was left for the therapist.
    """
    try:
        return charge_for_session(sessions, appointment_id)
    except ValidationError:
        return ()


def charge_policy_fee(sessions: sessionmaker[Session], appointment_id: int, *,
                      identified_client_id: int | None = None) -> tuple[ChargeRow, ...]:
    """Charge the late-cancel or no-show fee the therapist confirmed for a missed session.

    Args:
        sessions: The store's sessionmaker.
        appointment_id: The session marked late cancel or no-show.
        identified_client_id: For a joint session, whose account it is charged under
            (else the unit's identified client).

    Returns:
        The fee's charges, one per payer (the session's, if already charged).

    Raises:
        ValidationError: The session was not a late cancel or no-show, or no policy fee
            is set for its date.
    """
    with sessions.begin() as s:
        held = _session(s, appointment_id)
        policy = policy_fee_for(held.record.status)
        if policy is None:
            raise ValidationError(NOT_MISSED)
        existing = _existing(s, appointment_id)
        if existing:
            return tuple(existing)
        plan, plan_identified = plan_in(s, held.record.unit_id)
        client_id = _identified(s, held, identified_client_id, plan_identified)
        fee = _fee(s, policy.value, held, client_id)
        payers = plan or PayerPlan(Arrangement.ONE_PAYS, payer_id=client_id)
        ids = _store(s, held, client_id, payers, [(None, policy.value, 1, fee)])
        return tuple(charge_rows(s, Charge.id.in_(ids)))


def charges_for(sessions: sessionmaker[Session], *, client_id: int | None = None,
                payer_id: int | None = None, start: date | None = None,
                end: date | None = None) -> list[ChargeRow]:
    """Charges by identified client and/or payer over a period, oldest first.

    Args:
        sessions: The store's sessionmaker.
        client_id: Whose care the charges bill (a superbill's client).
        payer_id: Who owes them (a statement's client).
        start: First service date to include.
        end: Last service date to include.

    Returns:
        The charges with what was adjusted, written off, paid and is still due.

    Raises:
        ValidationError: ``end`` before ``start``.
    """
    if start is not None and end is not None and end < start:
        raise ValidationError("The period ends before it starts.")
    conditions = []
    if client_id is not None:
        conditions.append(Charge.client_id == client_id)
    if payer_id is not None:
        conditions.append(Charge.payer_client_id == payer_id)
    if start is not None:
        conditions.append(Charge.service_date >= start)
    if end is not None:
        conditions.append(Charge.service_date <= end)
    with sessions.begin() as s:
        return charge_rows(s, *conditions)


def uncharged_sessions(sessions: sessionmaker[Session]) -> list[int]:
    """Completed sessions with no charge yet (the therapist has something to decide).

    Args:
        sessions: The store's sessionmaker.

    Returns:
        Their ids, oldest first.
    """
    with sessions.begin() as s:
        charged = select(Charge.appointment_id)
        return list(s.scalars(select(AppointmentRecord.id).where(
            AppointmentRecord.status == "completed", AppointmentRecord.id.not_in(charged))
            .order_by(AppointmentRecord.start_utc)))
