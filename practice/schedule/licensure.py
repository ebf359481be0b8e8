"""Telehealth licensure: warn when a client's state is not covered by an active licence.

Telehealth is practised where the client is, so a telehealth session needs an active
licence in the client's state of residence on the session's date. The check gives plain
warnings, not errors: the therapist may hold a temporary permit, a compact privilege or
an exemption that Practice does not know about. Office sessions are not checked.

The session's date is its date on the clock of the zone it was booked in. Licences are
valid from their issue date (if known) through their expiry date, both included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from practice.errors import ValidationError
from practice.schedule.model import Appointment, LocationKind
from practice.schedule.timezones import format_long_date, in_zone

_STATE = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True, slots=True)
class Licence:
    """One of the therapist's licences (a practice setting).

    Attributes:
        state: The two-letter code of the state that issued it, such as ``TX``.
        number: The licence number.
        expires_on: The last day it is valid.
        issued_on: The first day it is valid, if known.
        id: The row id, or ``None`` until stored.
    """

    state: str
    number: str
    expires_on: date
    issued_on: date | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        """Refuse a licence that cannot be stored as given."""
        if not _STATE.fullmatch(self.state):
            raise ValidationError("The licence state must be a two-letter code, such as TX.")
        if not self.number.strip():
            raise ValidationError("The licence number is missing.")
        if self.issued_on is not None and self.issued_on > self.expires_on:
            raise ValidationError("The licence's issue date is after its expiry date.")

    def active_on(self, day: date) -> bool:
        """Whether the licence is valid on a day.

        Args:
            day: The day.

        Returns:
            True from the issue date (if known) through the expiry date.
        """
        return (self.issued_on is None or self.issued_on <= day) and day <= self.expires_on


def _normal_state(state: str | None) -> str | None:
    cleaned = (state or "").strip().upper()
    return cleaned or None


def _why_not(state: str, day: date, licences: Iterable[Licence]) -> str:
    """The reason a state's licences do not cover a day, for the warning's tail."""
    same_state = [lic for lic in licences if lic.state == state]
    expired = [lic.expires_on for lic in same_state if lic.expires_on < day]
    if expired:
        return f" (the {state} licence expired on {format_long_date(max(expired))})"
    starts = [lic.issued_on for lic in same_state if lic.issued_on and lic.issued_on > day]
    if starts:
        return f" (the {state} licence takes effect on {format_long_date(min(starts))})"
    return ""


@dataclass(frozen=True, slots=True)
class _Gap:
    state: str | None
    day: date
    whose: str


def _gaps(
    session: Appointment,
    client_states: Mapping[int, str | None],
    licences: list[Licence],
    day: date,
) -> list[_Gap]:
    if session.location is not LocationKind.TELEHEALTH:
        return []
    whose = "The client's" if len(session.expected_client_ids) <= 1 else "A client's"
    states = {_normal_state(client_states.get(cid)) for cid in session.expected_client_ids}
    return [
        _Gap(state, day, whose)
        for state in sorted(states, key=lambda s: s or "")
        if state is None or not any(lic.state == state and lic.active_on(day) for lic in licences)
    ]


def _warning(gap: _Gap, licences: list[Licence]) -> str:
    if gap.state is None:
        return (
            f"{gap.whose} state of residence is not recorded, so telehealth licensure "
            "cannot be checked."
        )
    return (
        f"{gap.whose} state of residence ({gap.state}) is not covered by an active licence "
        f"on {format_long_date(gap.day)}{_why_not(gap.state, gap.day, licences)}."
    )


def session_day(session: Appointment) -> date:
    """The session's date on the clock of the zone it was booked in.

    Args:
        session: The session.

    Returns:
        Its local date.
    """
    return in_zone(session.start_utc, session.zone).date()


def telehealth_licence_warnings(
    session: Appointment,
    client_states: Mapping[int, str | None],
    licences: Iterable[Licence],
    *,
    on: date | None = None,
) -> list[str]:
    """Warnings for a telehealth session whose clients' states are not covered.

    Args:
        session: The session (office sessions give no warnings).
        client_states: Each expected client's state of residence (two-letter code), by
            client id; a missing or empty state gives its own warning.
        licences: The therapist's licences.
        on: The date to check; by default the session's own date.

    Returns:
        Plain sentences for the therapist, without names; empty when all is covered.
    """
    held = list(licences)
    day = on or session_day(session)
    return [_warning(gap, held) for gap in _gaps(session, client_states, held, day)]


def licence_warnings_for_sessions(
    sessions: Iterable[Appointment],
    client_states: Mapping[int, str | None],
    licences: Iterable[Licence],
) -> list[str]:
    """Warnings for many sessions (a series' coming sessions), one per state.

    Args:
        sessions: The sessions to check, such as a series' occurrences for the next year.
        client_states: Each expected client's state of residence, by client id.
        licences: The therapist's licences.

    Returns:
        One warning per uncovered state, for its first uncovered session, saying how
        many later sessions are affected too.
    """
    held = list(licences)
    first: dict[str | None, tuple[_Gap, int]] = {}
    ordered = sorted(sessions, key=lambda s: s.start_utc)
    for session in ordered:
        for gap in _gaps(session, client_states, held, session_day(session)):
            seen = first.get(gap.state)
            first[gap.state] = (gap, 1) if seen is None else (seen[0], seen[1] + 1)
    warnings = []
    for gap, count in first.values():
        text = _warning(gap, held)
        if count > 1:
            later = count - 1
            text += f" {later} later session{'s are' if later > 1 else ' is'} affected too."
        warnings.append(text)
    return warnings
