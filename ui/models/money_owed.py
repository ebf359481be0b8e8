"""The practice-wide money lists, read on the worker: who owes what, and sessions not charged.

``outstanding`` is the core's list (oldest unpaid session first). A completed session the
core could not charge by itself waits in ``uncharged_sessions``; each is shown with why in
the therapist's words (no fee set for its code that day, no identified client chosen for a
joint session, too short for a code), so she knows what to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from practice.billing.catalogue import label_of
from practice.billing.rules import SessionFacts, lines_for_session
from practice.errors import ValidationError
from practice.schedule.model import LocationKind, SessionKind
from practice.schedule.timezones import in_zone

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.schedule.model import Appointment
    from practice.services.billing import Balance

_JOINT = frozenset({SessionKind.COUPLE, SessionKind.POLYCULE, SessionKind.FAMILY})
CHOOSE_IDENTIFIED = "Choose the identified client (whose care this joint session bills)"
NO_FEE = "No fee set for {code} ({label}) on {day}: set it in Settings → Fees"


@dataclass(frozen=True)
class Uncharged:
    """A completed session with no charge yet.

    Attributes:
        id: The session.
        day: Its day on its own clock.
        who: The unit's name.
        kind: The sort of session, in words.
        members: The unit's members (id, name), to choose the identified client from.
        joint: Whether it is a joint session (an identified client is chosen).
        reason: Why it waits, in words.
    """

    id: int
    day: date
    who: str
    kind: str
    members: tuple[tuple[int, str], ...]
    joint: bool
    reason: str


@dataclass(frozen=True)
class OwedRow:
    """One payer who owes something (``id`` is the client, for the table model)."""

    id: int
    balance: Balance


@dataclass(frozen=True)
class MoneyOwed:
    """Who owes what (oldest debt first) and the sessions waiting to be charged."""

    owed: tuple[OwedRow, ...]
    uncharged: tuple[Uncharged, ...]


def _reason(sessions: sessionmaker[Session], session: Appointment, day: date,
            identified: int | None, members: tuple[tuple[int, str], ...]) -> str:
    from practice.services.billing import fee_on

    joint = session.kind in _JOINT and len(members) > 1
    if joint and identified is None:
        return CHOOSE_IDENTIFIED
    facts = SessionFacts(session.kind, session.duration_minutes,
                         telehealth=session.location is LocationKind.TELEHEALTH)
    try:
        lines = lines_for_session(facts)
    except ValidationError as error:
        return error.message
    whose = identified if joint else (members[0][0] if members else None)
    for line in lines:
        code = line.code.value
        if fee_on(sessions, code, day, unit_id=session.unit_id, client_id=whose) is None:
            return NO_FEE.format(code=code, label=label_of(code).lower(), day=day.isoformat())
    return "Not charged yet"


def _uncharged(sessions: sessionmaker[Session], appointment_id: int) -> Uncharged:
    from practice.services.billing import payer_plan
    from practice.services.schedule import SessionRef, get_session
    from practice.services.units import get_unit

    session = get_session(sessions, SessionRef(appointment_id))
    unit = get_unit(sessions, session.unit_id)
    day = in_zone(session.start_utc, session.zone).date()
    members = tuple((m.client_id, m.display_name) for m in unit.members_on(day)) or tuple(
        (m.client_id, m.display_name) for m in unit.members)
    identified = payer_plan(sessions, unit.id)[1]
    joint = session.kind in _JOINT and len(members) > 1
    return Uncharged(appointment_id, day, unit.display_name,
                     session.kind.value.replace("_", " ").capitalize(), members, joint,
                     _reason(sessions, session, day, identified, members))


def read_money_owed(sessions: sessionmaker[Session]) -> MoneyOwed:
    """Read the outstanding balances and the sessions waiting for a charge (on the worker).

    Args:
        sessions: The store's sessionmaker.

    Returns:
        Both lists, oldest first.
    """
    from practice.services.billing import outstanding, uncharged_sessions

    owed = tuple(OwedRow(b.client_id, b) for b in outstanding(sessions))
    return MoneyOwed(owed, tuple(_uncharged(sessions, i) for i in uncharged_sessions(sessions)))


def owed_cells(row: OwedRow) -> tuple[str, ...]:
    """A debt's row: who, owes, charged, paid, oldest unpaid session."""
    balance = row.balance
    oldest = balance.oldest_due.isoformat() if balance.oldest_due else ""
    return (balance.name, balance.balance.display(), balance.charged.display(),
            balance.paid.display(), oldest)


def uncharged_cells(row: Uncharged) -> tuple[str, ...]:
    """A waiting session's row: date, who, kind, why it waits."""
    return (row.day.isoformat(), row.who, row.kind, row.reason)


OWED_HEADERS = ("Client", "Owes", "Charged", "Paid", "Oldest unpaid")
UNCHARGED_HEADERS = ("Date", "Who", "Session", "Why it is not charged")
