"""The demo practice's own details and its weekly schedule (fictional, like the rest)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session, sessionmaker

from practice.schedule.model import LocationKind, Series, SessionKind
from practice.schedule.rules import FORTNIGHTLY, WEEKLY
from practice.services import units
from practice.services.schedule.series import create_series
from practice.services.settings import Licence, PracticeProfile, save_profile

DEMO_ZONE = "America/Chicago"
_KIND_BY_UNIT = {"individual": SessionKind.INDIVIDUAL, "couple": SessionKind.COUPLE,
                 "polycule": SessionKind.POLYCULE}
_CPT_BY_UNIT = {"individual": "90834", "couple": "90847", "polycule": "90847"}


def make_profile(sessions: sessionmaker[Session], today: date) -> None:
    """A fictional solo practice licensed in three states and three time zones."""
    save_profile(sessions, PracticeProfile(
        practice_name="Riverbend Sex & Relationship Therapy (demo)",
        therapist_name="Dr. Jordan Avery",
        credentials="PhD, LMFT, CST",
        licences=(
            Licence("MN", "LMFT-000000", "LMFT", today + timedelta(days=400)),
            Licence("TX", "LMFT-111111", "LMFT", today + timedelta(days=200)),
            Licence("LA", "LMFT-222222", "LMFT", today - timedelta(days=10)),
        ),
        certifications=("AASECT Certified Sex Therapist",),
        address_lines=("100 Example Avenue, Suite 5", "Minneapolis, MN 55401"),
        phone="+1 555 0100", fax="+1 555 0101", email="office@example.org",
        time_zone=DEMO_ZONE,
    ))


def make_schedule(sessions: sessionmaker[Session], unit_ids: list[int], today: date) -> int:
    """Weekly or fortnightly sessions for the first units, starting this week.

    Returns:
        How many series were created.
    """
    monday = today - timedelta(days=today.weekday())
    made = 0
    for index, unit_id in enumerate(unit_ids[:6]):
        unit = units.get_unit(sessions, unit_id)
        day = monday + timedelta(days=index % 5)
        start = datetime.combine(day, time(9 + 2 * (index // 5) + index % 3, 0))
        create_series(sessions, Series(
            unit_id=unit_id, kind=_KIND_BY_UNIT[unit.kind],
            rule=FORTNIGHTLY if index % 3 == 2 else WEEKLY, dtstart_local=start,
            zone=DEMO_ZONE, duration_minutes=50,
            location=LocationKind.TELEHEALTH if index % 2 else LocationKind.OFFICE,
            video_link="https://video.example.org/room-demo" if index % 2 else None,
            expected_client_ids=frozenset(m.client_id for m in unit.current_members),
            cpt_code=_CPT_BY_UNIT[unit.kind],
        ))
        made += 1
    return made
