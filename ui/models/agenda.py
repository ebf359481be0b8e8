"""The day's agenda, read on the worker: sessions today, notes due, releases running out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from practice.schedule.timezones import to_local, wall_to_utc
from ui.models.directory import Directory, read_named

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.schedule.model import Appointment
    from practice.services.releases import ReleaseView
    from practice.services.schedule import NoteDue

EXPIRY_WINDOW_DAYS = 30


@dataclass(frozen=True)
class ExpiringRelease:
    """A release in force today that expires within the window, and whom it names."""

    release: ReleaseView
    recipient: str


@dataclass(frozen=True)
class Agenda:
    """What the Today section shows."""

    practice_name: str
    zone: str
    today: date
    directory: Directory  # only the units and clients named below
    sessions: tuple[Appointment, ...]
    notes_due: tuple[NoteDue, ...]
    expiring: tuple[ExpiringRelease, ...]
    has_clients: bool = True  # False on an empty store: Today says what comes first


def read_agenda(sessions: sessionmaker[Session], now_utc: datetime | None = None) -> Agenda:
    """Read today's agenda on the therapist's clock (call on the worker).

    A few queries whatever the size of the practice: the sessions, notes and releases
    first, then the names of only the units and clients they mention.

    Args:
        sessions: The store's sessionmaker.
        now_utc: The present moment (for tests).

    Returns:
        The agenda.
    """
    from practice.services.clients import list_clients
    from practice.services.releases import releases_expiring
    from practice.services.schedule import notes_due, week_view
    from practice.services.settings import load_profile

    profile = load_profile(sessions)
    zone = profile.time_zone
    today = to_local(now_utc or datetime.now(UTC), zone).date()
    midnight = datetime(today.year, today.month, today.day)
    start = wall_to_utc(midnight, zone)
    end = wall_to_utc(midnight + timedelta(days=1), zone)
    day = tuple(week_view(sessions, start, end))
    due = tuple(notes_due(sessions, today=today))
    lapsing = releases_expiring(sessions, today, EXPIRY_WINDOW_DAYS)
    named_units = {s.unit_id for s in day} | {d.appointment.unit_id for d in due}
    directory = read_named(sessions, named_units, {r.details.client_id for r in lapsing})
    return Agenda(profile.practice_name, zone, today, directory, day, due,
                  expiring_releases(sessions, lapsing),
                  has_clients=bool(day or due or lapsing) or bool(list_clients(sessions, limit=1)))


def expiring_releases(sessions: sessionmaker[Session], found: Sequence[ReleaseView]
                      ) -> tuple[ExpiringRelease, ...]:
    """The releases with whom each names, soonest first.

    Args:
        sessions: The store's sessionmaker.
        found: Releases in force today that expire within the window, soonest first.

    Returns:
        Each release with its recipient's name.
    """
    from practice.services.providers import list_organisations, list_providers

    if not found:
        return ()
    providers = {p.id: p.details.name for p in list_providers(sessions)}
    organisations = {o.id: o.details.name for o in list_organisations(sessions)}
    return tuple(
        ExpiringRelease(r, providers.get(r.details.provider_id or -1)
                        or organisations.get(r.details.organisation_id or -1, "a recipient"))
        for r in found
    )
