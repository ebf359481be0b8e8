"""Scheduling through the real encrypted store: booking, overlaps, time zones, licensure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.audit import AuditEntry
from practice.schedule.conflicts import DoubleBooking
from practice.schedule.model import Appointment, LocationKind, Series, SessionKind
from practice.schedule.recurrence import sessions_between
from practice.schedule.timezones import in_zone
from practice.services import clients, schedule, settings, units
from practice.services.clients import ClientDetails
from practice.services.schedule import series as schedule_series
from practice.store.store import Store

CHICAGO = "America/Chicago"
LINK = "https://video.example.net/room/7731"
OPENED = date(2026, 1, 5)
NOW = datetime(2027, 1, 4, 12, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass(frozen=True)
class Practice:
    """A small practice: Ana alone, Ana and Ben as a couple, Cleo alone (living in Texas)."""

    sessions: sessionmaker[Session]
    ana: int
    ben: int
    cleo: int
    ana_alone: int
    couple: int
    cleo_alone: int


def set_up_practice(store: Store) -> Practice:
    s = store.sessions

    def client(name: str, state: str, zone: str) -> int:
        details = ClientDetails(legal_name=name, state=state, time_zone=zone)
        return clients.create_client(s, details, on=OPENED).id

    ana = client("Ana Ruiz", "LA", CHICAGO)
    ben = client("Ben Cole", "LA", "America/New_York")
    cleo = client("Cleo Park", "TX", CHICAGO)
    settings.save_profile(s, settings.PracticeProfile(
        therapist_name="Dr. Ada Rivera", time_zone=CHICAGO,
        licences=(settings.Licence("LA", "LA-4471", "LMFT", date(2030, 12, 31)),
                  settings.Licence("MN", "MN-0092", "LMFT", None)),
    ))
    return Practice(
        s, ana, ben, cleo,
        ana_alone=units.create_unit(s, "individual", [ana], opened_on=OPENED).id,
        couple=units.create_unit(s, "couple", [ana, ben], opened_on=OPENED).id,
        cleo_alone=units.create_unit(s, "individual", [cleo], opened_on=OPENED).id,
    )


def session_at(unit_id: int, start_utc: datetime, *, minutes: int = 50,
               telehealth: bool = False, kind: SessionKind = SessionKind.INDIVIDUAL,
               expected: frozenset[int] = frozenset()) -> Appointment:
    return Appointment(
        unit_id=unit_id, kind=kind, start_utc=start_utc, zone=CHICAGO,
        duration_minutes=minutes,
        location=LocationKind.TELEHEALTH if telehealth else LocationKind.OFFICE,
        video_link=LINK if telehealth else None, cpt_code="90834",
        expected_client_ids=expected,
    )


def weekly_from(unit_id: int, first_local: datetime, *, rule: str = "FREQ=WEEKLY",
                telehealth: bool = False) -> Series:
    return Series(
        unit_id=unit_id, kind=SessionKind.INDIVIDUAL, rule=rule, dtstart_local=first_local,
        zone=CHICAGO, duration_minutes=50,
        location=LocationKind.TELEHEALTH if telehealth else LocationKind.OFFICE,
        video_link=LINK if telehealth else None, cpt_code="90834",
    )


def local_times(sessions: list[Appointment]) -> list[str]:
    return [f"{in_zone(s.start_utc, CHICAGO):%m-%d %H:%M}" for s in sessions]


@pytest.fixture
def practice(store: Store) -> Practice:
    return set_up_practice(store)


def audit_entries(sessions: sessionmaker[Session], action: str) -> list[AuditEntry]:
    with sessions() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# --- double booking ---------------------------------------------------------------------------


def test_booking_over_another_session_is_refused_naming_the_other_sessions_time(
    practice: Practice,
) -> None:
    first = schedule.book(practice.sessions, session_at(practice.ana_alone, utc(2027, 3, 2, 16)))
    with pytest.raises(DoubleBooking) as refused:
        schedule.book(practice.sessions, session_at(practice.cleo_alone, utc(2027, 3, 2, 16, 30)))
    message = refused.value.message
    assert "Tue 2 Mar 2027 10:00–10:50 CST" in message
    assert f"unit {practice.ana_alone}" in message
    assert "Ana" not in message and "Ruiz" not in message
    assert refused.value.conflicts[0].other.id == first.appointment.id
    week = schedule.week_view(practice.sessions, utc(2027, 3, 1), utc(2027, 3, 8))
    assert [s.id for s in week] == [first.appointment.id]


def test_back_to_back_sessions_are_not_an_overlap(practice: Practice) -> None:
    schedule.book(practice.sessions, session_at(practice.ana_alone, utc(2027, 3, 2, 16)))
    after = schedule.book(practice.sessions,
                          session_at(practice.cleo_alone, utc(2027, 3, 2, 16, 50)))
    assert after.overridden == ()


def test_a_deliberate_overlap_is_booked_and_audit_logged(practice: Practice) -> None:
    first = schedule.book(practice.sessions, session_at(practice.ana_alone, utc(2027, 3, 2, 16)))
    second = schedule.book(practice.sessions,
                           session_at(practice.cleo_alone, utc(2027, 3, 2, 16, 30)),
                           allow_overlap=True)
    assert [c.other.id for c in second.overridden] == [first.appointment.id]
    [entry] = audit_entries(practice.sessions, "schedule.overlap_allowed")
    assert (entry.entity, entity_id := entry.entity_id) == ("appointment", second.appointment.id)
    assert entity_id is not None
    assert json.loads(entry.detail) == {
        "other_entity": "appointment", "other_id": first.appointment.id,
        "overlapping_sessions": 1,
    }
    week = schedule.week_view(practice.sessions, utc(2027, 3, 1), utc(2027, 3, 8))
    assert len(week) == 2


def test_a_client_expected_at_two_overlapping_sessions_is_refused_even_with_the_override(
    practice: Practice,
) -> None:
    schedule.book(practice.sessions, session_at(practice.ana_alone, utc(2027, 3, 2, 16)))
    joint = session_at(practice.couple, utc(2027, 3, 2, 16, 30), kind=SessionKind.COUPLE)
    with pytest.raises(DoubleBooking, match="expects a client who is already expected") as no:
        schedule.book(practice.sessions, joint, allow_overlap=True)
    assert no.value.conflicts[0].shared_client_ids == {practice.ana}
    # Ben alone could have come: the override then lets the therapist's overlap through.
    alone = session_at(practice.couple, utc(2027, 3, 2, 16, 30), expected=frozenset({practice.ben}))
    assert schedule.book(practice.sessions, alone, allow_overlap=True).overridden
    assert audit_entries(practice.sessions, "schedule.overlap_allowed")


def test_a_series_is_refused_where_one_of_its_sessions_meets_a_booked_one(
    practice: Practice,
) -> None:
    booked = schedule.book(practice.sessions,
                           session_at(practice.cleo_alone, utc(2027, 4, 13, 15, 30)))
    series = weekly_from(practice.ana_alone, datetime(2027, 3, 2, 10))
    preview = schedule.preview_booking(practice.sessions, series, now_utc=NOW)
    assert [c.other.id for c in preview.conflicts] == [booked.appointment.id]
    assert preview.needs_override and preview.message is not None
    assert preview.message == (f"This session overlaps the session for unit {practice.cleo_alone} "
                               "on Tue 13 Apr 2027 10:30–11:20 CDT.")
    with pytest.raises(DoubleBooking):
        schedule_series.create_series(practice.sessions, series, now_utc=NOW)
    made = schedule_series.create_series(practice.sessions, series, allow_overlap=True,
                                         now_utc=NOW)
    [entry] = audit_entries(practice.sessions, "schedule.overlap_allowed")
    assert (entry.entity, entry.entity_id) == ("series", made.series.id)


def test_the_store_itself_refuses_two_sessions_starting_at_the_same_moment(
    practice: Practice,
) -> None:
    booked = schedule.book(practice.sessions, session_at(practice.ana_alone, utc(2027, 3, 2, 16)))
    copy = (
        "INSERT INTO appointments (unit_id, kind, start_utc, zone, duration_minutes, location, "
        "status, overlap_allowed, created_at, updated_at) SELECT :unit, kind, start_utc, zone, "
        "duration_minutes, location, status, 0, created_at, updated_at FROM appointments "
        "WHERE id = :id"
    )
    same_start = pytest.raises(IntegrityError, match="already has a session starting")
    with same_start, practice.sessions.begin() as s:
        s.execute(text(copy), {"unit": practice.cleo_alone, "id": booked.appointment.id})
    with pytest.raises(IntegrityError, match="never deleted"), practice.sessions.begin() as s:
        s.execute(text("UPDATE appointments SET status = 'completed'"))
        s.execute(text("DELETE FROM appointments"))


# --- time zones -------------------------------------------------------------------------------


def test_a_weekly_series_keeps_its_wall_clock_time_across_both_daylight_saving_changes(
    practice: Practice,
) -> None:
    # 2027: clocks go forward on 14 March and back on 7 November in Chicago.
    made = schedule_series.create_series(
        practice.sessions, weekly_from(practice.ana_alone, datetime(2027, 3, 2, 10),
                                       rule="FREQ=WEEKLY;COUNT=40"), now_utc=NOW)
    assert made.series.id is not None
    assert schedule_series.get_series(practice.sessions, made.series.id) == made.series
    year = schedule.week_view(practice.sessions, utc(2027, 1, 1), utc(2028, 1, 1))
    assert len(year) == 40
    assert {f"{in_zone(s.start_utc, CHICAGO):%a %H:%M}" for s in year} == {"Tue 10:00"}
    hours_utc = [s.start_utc.hour for s in year]
    assert hours_utc[:2] == [16, 16]  # CST before 14 March
    assert set(hours_utc[2:36]) == {15}  # CDT
    assert hours_utc[36:] == [16, 16, 16, 16]  # CST again from 9 November


def test_a_session_shows_on_the_therapists_clock_and_each_clients(practice: Practice) -> None:
    joint = schedule.book(practice.sessions,
                          session_at(practice.couple, utc(2027, 3, 2, 16), kind=SessionKind.COUPLE))
    times = schedule.session_times(practice.sessions, joint.appointment)
    assert times.therapist == "Tue 2 Mar 2027 10:00–10:50 CST"
    by_client = {c.client_id: c.text for c in times.clients}
    assert by_client == {practice.ana: "Tue 2 Mar 2027 10:00–10:50 CST",
                         practice.ben: "Tue 2 Mar 2027 11:00–11:50 EST"}


# --- licensure and who is expected ------------------------------------------------------------


def test_telehealth_in_a_state_without_a_licence_is_warned_before_saving(
    practice: Practice,
) -> None:
    remote = session_at(practice.cleo_alone, utc(2027, 3, 3, 16), telehealth=True)
    preview = schedule.preview_booking(practice.sessions, remote)
    assert preview.conflicts == ()
    assert preview.warnings == (
        "The client's state of residence (TX) is not covered by an active licence on "
        "3 March 2027.",
    )
    assert schedule.week_view(practice.sessions, utc(2027, 3, 1), utc(2027, 3, 8)) == []
    booked = schedule.book(practice.sessions, remote)
    assert booked.warnings == preview.warnings
    # Ana lives in Louisiana, where the profile's licence is active; the office needs none.
    assert schedule.book(practice.sessions, session_at(
        practice.ana_alone, utc(2027, 3, 4, 16), telehealth=True)).warnings == ()
    assert schedule.book(practice.sessions,
                         session_at(practice.cleo_alone, utc(2027, 3, 5, 16))).warnings == ()


def test_a_telehealth_series_is_warned_once_per_uncovered_state(practice: Practice) -> None:
    series = weekly_from(practice.cleo_alone, datetime(2027, 3, 2, 10), telehealth=True,
                         rule="FREQ=WEEKLY;COUNT=10")
    made = schedule_series.create_series(practice.sessions, series, now_utc=NOW)
    [warning] = made.warnings
    assert "(TX)" in warning and "9 later sessions are affected too" in warning


def test_only_members_of_the_unit_can_be_expected(practice: Practice) -> None:
    stranger = session_at(practice.ana_alone, utc(2027, 3, 2, 16),
                          expected=frozenset({practice.cleo}))
    with pytest.raises(ValidationError, match="member of the care unit"):
        schedule.book(practice.sessions, stranger)
    booked = schedule.book(practice.sessions, session_at(practice.couple, utc(2027, 3, 2, 16)))
    assert booked.appointment.expected_client_ids == {practice.ana, practice.ben}


def test_the_week_view_shows_exactly_what_the_rules_give_for_any_window(
    practice: Practice,
) -> None:
    """Rows and exceptions near a window's edges are neither lost nor doubled."""
    made = schedule_series.create_series(
        practice.sessions, weekly_from(practice.ana_alone, datetime(2027, 3, 2, 10)), now_utc=NOW)
    series_id = made.series.id
    assert series_id is not None
    schedule_series.cancel_occurrence(practice.sessions, series_id, datetime(2027, 3, 23, 10),
                                      now_utc=NOW)
    # Moved out of its own week, across midnight, into the next one's Monday.
    moved = schedule_series.move_occurrence(practice.sessions, series_id,
                                            datetime(2027, 3, 30, 10), utc(2027, 4, 6, 4, 30))
    # Eight hours from Sunday evening: it overlaps the start of the week after.
    long = schedule.book(practice.sessions, session_at(practice.cleo_alone, utc(2027, 3, 29, 1),
                                                      minutes=480))
    everything = [moved.appointment, long.appointment]
    full = [schedule_series.get_series(practice.sessions, series_id)]
    windows = [(utc(2027, 3, 1, 6) + timedelta(weeks=k), utc(2027, 3, 8, 6) + timedelta(weeks=k))
               for k in range(7)]
    windows += [(utc(2027, 3, 29, 8), utc(2027, 3, 29, 9)),
                (utc(2027, 4, 6, 4), utc(2027, 4, 6, 5))]
    for start, end in windows:
        expected = sessions_between(full, everything, start, end)
        assert schedule.week_view(practice.sessions, start, end) == expected, (start, end)
