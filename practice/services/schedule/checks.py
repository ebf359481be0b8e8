"""What every scheduling write checks first: who may be expected, double booking, licensure.

The no-double-booking rule is applied here, before each write, over everything that holds
the therapist's time in the window: stored rows and the occurrences series expand to. SQL
cannot express that expansion, so the store's own guard (``models.schedule.SCHEDULE_DDL``)
only refuses two stored sessions starting at the very same instant.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.clients import Client
from practice.schedule.conflicts import Conflict, check_no_double_booking, find_conflicts
from practice.schedule.licensure import (
    Licence,
    licence_warnings_for_sessions,
    telehealth_licence_warnings,
)
from practice.schedule.model import Appointment, Series
from practice.schedule.recurrence import sessions_between
from practice.schedule.timezones import to_local
from practice.services.schedule import rows
from practice.services.settings import PracticeProfile, load_profile
from practice.services.units import unit_view
from practice.store.audit import record

# How far ahead a series is checked for overlaps and for licences when it is booked.
SERIES_HORIZON = timedelta(days=2 * 365)
LICENCE_HORIZON = timedelta(days=366)


@dataclass(frozen=True)
class BookingPreview:
    """What saving a session (or series) would run into, without saving it.

    Attributes:
        conflicts: Every overlap found, in time order.
        warnings: Telehealth licensure warnings (never block a booking).
        message: The therapist-facing description of the conflicts, if any.
    """

    conflicts: tuple[Conflict, ...]
    warnings: tuple[str, ...]
    message: str | None

    @property
    def client_double_booked(self) -> bool:
        """Whether a client would be expected at two sessions at once (never allowed)."""
        return any(c.client_double_booked for c in self.conflicts)

    @property
    def needs_override(self) -> bool:
        """Whether saving needs ``allow_overlap=True`` (and is possible at all with it)."""
        return bool(self.conflicts) and not self.client_double_booked


def schedule_licences(profile: PracticeProfile) -> list[Licence]:
    """The practice profile's licences as the scheduling rules read them.

    A licence without an expiry date is taken as valid without end.
    """
    return [
        Licence(state=lic.state.strip().upper(), number=lic.number,
                expires_on=lic.expires_on or date.max)
        for lic in profile.licences
    ]


@dataclass(frozen=True)
class Rules:
    """What the checks need from the practice profile, read once per operation.

    Attributes:
        zone: The therapist's IANA zone (messages show times on this clock).
        licences: The therapist's licences.
    """

    zone: str
    licences: tuple[Licence, ...]


def practice_rules(sessions: sessionmaker[Session]) -> Rules:
    """Read the therapist's zone and licences from the practice profile."""
    profile = load_profile(sessions)
    return Rules(profile.time_zone, tuple(schedule_licences(profile)))


def expected_clients(session: Session, unit_id: int, day: date,
                     chosen: frozenset[int]) -> frozenset[int]:
    """Who is expected: the unit's members that day by default, else a check of the choice.

    Raises:
        NotFound: No such unit.
        ValidationError: Nobody, or someone who is not a member of the unit that day.
    """
    unit = unit_view(session, unit_id)
    if unit.closed_on is not None and unit.closed_on < day:
        raise ValidationError("The care unit was closed before the session date.")
    members = frozenset(m.client_id for m in unit.members_on(day))
    chosen = chosen or members
    if not chosen:
        raise ValidationError("Nobody is a member of the care unit on the session date.")
    if not chosen <= members:
        raise ValidationError("Each expected client must be a member of the care unit then.")
    return chosen


def with_expected(session: Session, value: Appointment) -> Appointment:
    """The session with its expected clients filled in and checked."""
    day = to_local(value.start_utc, value.zone).date()
    return replace(value, expected_client_ids=expected_clients(
        session, value.unit_id, day, value.expected_client_ids))


def series_with_expected(session: Session, value: Series) -> Series:
    """The series with its expected clients filled in and checked (as of its first session)."""
    chosen = expected_clients(session, value.unit_id, value.dtstart_local.date(),
                              value.expected_client_ids)
    return replace(value, expected_client_ids=chosen)


def sessions_in(session: Session, start_utc: datetime, end_utc: datetime, *,
                leave_out_series: int | None = None) -> list[Appointment]:
    """Every session overlapping a window, optionally without one series and its rows."""
    series = rows.series_in_window(session, start_utc, end_utc)
    stored = rows.rows_in_window(session, start_utc, end_utc)
    if leave_out_series is not None:
        series = [s for s in series if s.id != leave_out_series]
        stored = [r for r in stored if r.series_id != leave_out_series]
    return sessions_between(series, stored, start_utc, end_utc)


def span(candidates: Sequence[Appointment]) -> tuple[datetime, datetime]:
    """The window from the first candidate's start to the last one's end."""
    return min(c.start_utc for c in candidates), max(c.end_utc for c in candidates)


def find(session: Session, candidates: Sequence[Appointment], *,
         leave_out_series: int | None = None) -> list[Conflict]:
    """Conflicts of the candidates with what is booked (nothing is refused here)."""
    if not candidates:
        return []
    existing = sessions_in(session, *span(candidates), leave_out_series=leave_out_series)
    return find_conflicts(candidates, existing)


def refuse_double_booking(
    session: Session, candidates: Sequence[Appointment], rules: Rules, *, allow_overlap: bool,
    leave_out_series: int | None = None, also: Sequence[Appointment] = (),
) -> list[Conflict]:
    """Raise ``DoubleBooking`` unless the candidates fit; return what an override let through.

    Args:
        session: An open session.
        candidates: The sessions being booked or changed.
        rules: The therapist's zone (for the message).
        allow_overlap: The therapist overlaps their own sessions on purpose.
        leave_out_series: A series being changed: its stored sessions are left out.
        also: Sessions to count as booked besides the stored ones.

    Returns:
        The overlaps the override let through.

    Raises:
        DoubleBooking: A client is expected twice at once, or the therapist's time overlaps
            without ``allow_overlap``.
    """
    if not candidates:
        return []
    existing = sessions_in(session, *span(candidates), leave_out_series=leave_out_series)
    return check_no_double_booking(candidates, [*existing, *also], display_zone=rules.zone,
                                   allow_overlap=allow_overlap)


def client_states(session: Session, client_ids: Iterable[int]) -> dict[int, str | None]:
    """Each client's state of residence, by id."""
    wanted = set(client_ids)
    found = session.execute(select(Client.id, Client.state).where(Client.id.in_(wanted)))
    return {client_id: state for client_id, state in found}


def licence_warnings(
    session: Session, candidates: Sequence[Appointment], rules: Rules
) -> list[str]:
    """Telehealth licensure warnings for one session or for a series' coming sessions."""
    remote = [c for c in candidates if c.location.value == "telehealth"]
    if not remote:
        return []
    licences = rules.licences
    states = client_states(session, {c for s in remote for c in s.expected_client_ids})
    if len(candidates) == 1:
        return telehealth_licence_warnings(remote[0], states, licences)
    return licence_warnings_for_sessions(remote, states, licences)


def log_overrides(session: Session, overridden: Sequence[Conflict], *, entity: str,
                  entity_id: int) -> None:
    """Audit each session a deliberate overlap was booked over (ids only)."""
    others: dict[tuple[str, int], int] = {}
    for conflict in overridden:
        other = conflict.other
        key = (("appointment", other.id) if other.id is not None
               else ("series", other.series_id or 0))
        others[key] = others.get(key, 0) + 1
    for (kind, other_id), count in others.items():
        record(session, "schedule.overlap_allowed", entity=entity, entity_id=entity_id,
               other_entity=kind, other_id=other_id, overlapping_sessions=count)
