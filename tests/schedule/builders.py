"""Small builders for scheduling tests: series and sessions with plain defaults."""

from __future__ import annotations

from datetime import UTC, datetime

from practice.schedule.model import Appointment, LocationKind, Series, SessionKind, SessionStatus
from practice.schedule.rules import WEEKLY

CHICAGO = "America/Chicago"
BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
LINK = "https://video.example.net/room/4821"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def weekly(
    dtstart_local: datetime,
    zone: str = CHICAGO,
    *,
    series_id: int | None = 1,
    unit_id: int = 10,
    clients: frozenset[int] = frozenset({1}),
    rule: str = WEEKLY,
    minutes: int = 50,
    telehealth: bool = False,
) -> Series:
    return Series(
        unit_id=unit_id,
        kind=SessionKind.INDIVIDUAL,
        rule=rule,
        dtstart_local=dtstart_local,
        zone=zone,
        duration_minutes=minutes,
        location=LocationKind.TELEHEALTH if telehealth else LocationKind.OFFICE,
        video_link=LINK if telehealth else None,
        expected_client_ids=clients,
        cpt_code="90834",
        id=series_id,
    )


def session(
    start_utc: datetime,
    *,
    unit_id: int = 20,
    minutes: int = 50,
    clients: frozenset[int] = frozenset({2}),
    status: SessionStatus = SessionStatus.SCHEDULED,
    row_id: int | None = None,
    zone: str = CHICAGO,
    telehealth: bool = False,
) -> Appointment:
    return Appointment(
        unit_id=unit_id,
        kind=SessionKind.INDIVIDUAL,
        start_utc=start_utc,
        zone=zone,
        duration_minutes=minutes,
        location=LocationKind.TELEHEALTH if telehealth else LocationKind.OFFICE,
        video_link=LINK if telehealth else None,
        expected_client_ids=clients,
        status=status,
        id=row_id,
    )
