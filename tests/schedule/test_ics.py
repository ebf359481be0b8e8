"""Calendar export, read back by an independent parser (vobject): private, and exact in time."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import vobject

from practice.schedule import ics
from practice.schedule.edits import cancel_occurrence, move_occurrence, set_occurrence_status
from practice.schedule.ics import ExportOptions, Identity, UnitCalendarInfo, export_ics
from practice.schedule.model import Appointment, LocationKind, Series, SessionKind, SessionStatus
from practice.schedule.recurrence import occurrence, sessions_between
from tests.schedule.builders import CHICAGO, session, utc

NAMESPACE = uuid.UUID("6f1c2d0e-8a47-4c53-9d7e-2b9f5a1e0c44")
ZEB, MARI = "Zebediah Quillfeather", "Marisol Vantongeren"
PHONE, EMAIL = "+1 504 555 0199", "zq-canary@mail.example"
NOTE = "disclosed the affair with a coworker"
DIAGNOSIS = "F52.21"
SECRET_LINK = "https://video.example.net/room/quillfeather-vantongeren"
CANARIES = [
    "Zebediah", "Quillfeather", "Marisol", "Vantongeren", PHONE, "555 0199", EMAIL,
    "affair", DIAGNOSIS, "F52", "erectile", "90847", "90791", SECRET_LINK, "quillfeather",
]  # fmt: skip
NOW = utc(2026, 1, 15)
MARCH = (utc(2026, 3, 1), utc(2026, 4, 1))


def _couple_series() -> Series:
    return Series(
        unit_id=12,
        kind=SessionKind.COUPLE,
        rule="FREQ=WEEKLY;BYDAY=TU",
        dtstart_local=datetime(2026, 2, 3, 10),
        zone=CHICAGO,
        duration_minutes=50,
        location=LocationKind.TELEHEALTH,
        video_link=SECRET_LINK,
        cpt_code="90847",
        expected_client_ids=frozenset({1, 2}),
        id=7,
    )


def _scenario() -> tuple[list[Series], list[Appointment]]:
    """A couple's weekly telehealth series with every kind of exception, and an intake."""
    series = cancel_occurrence(_couple_series(), datetime(2026, 3, 17, 10), now_utc=NOW)
    moved = move_occurrence(series, datetime(2026, 3, 3, 10), utc(2026, 3, 4, 21))
    moved = replace(moved, id=101, status_reason=f"{NOTE}; {DIAGNOSIS}")
    late = set_occurrence_status(
        series, datetime(2026, 3, 24, 10), SessionStatus.LATE_CANCEL, f"{ZEB} called: {NOTE}"
    )
    alone = replace(
        occurrence(series, datetime(2026, 3, 10, 10)), expected_client_ids=frozenset({1})
    )
    done = set_occurrence_status(series, datetime(2026, 3, 31, 10), SessionStatus.COMPLETED)
    intake = Appointment(
        unit_id=13,
        kind=SessionKind.INTAKE,
        start_utc=utc(2026, 3, 12, 20),
        zone=CHICAGO,
        duration_minutes=90,
        location=LocationKind.OFFICE,
        cpt_code="90791",
        status_reason=f"referred for {DIAGNOSIS}",
        id=103,
    )
    rows = [moved, replace(late, id=102), replace(alone, id=104), replace(done, id=105), intake]
    return [series], rows


def _units(**overrides: Any) -> dict[int, UnitCalendarInfo]:
    """Units whose contact safety allows everything: only the options keep things out."""
    couple = UnitCalendarInfo(
        unit_id=12,
        member_names=(ZEB, MARI),
        most_shown=Identity.NAME,
        contact_line=f"{PHONE} / {EMAIL}",
        contact_allowed=True,
        video_link_allowed=True,
    )
    return {12: replace(couple, **overrides), 13: UnitCalendarInfo(13, ("Pat Ostrowski",))}


def _export(
    options: ExportOptions | None = None,
    units: dict[int, UnitCalendarInfo] | None = None,
    window: tuple[datetime, datetime] = MARCH,
) -> bytes:
    series, rows = _scenario()
    return export_ics(
        *window,
        series,
        rows,
        _units() if units is None else units,
        options or ExportOptions(NAMESPACE),
        stamp=NOW,
    )


def _events(data: bytes) -> list[Any]:
    return list(vobject.readOne(data.decode("utf-8")).vevent_list)


def _lines(component: Any) -> Iterator[Any]:
    for child in component.getChildren():
        if isinstance(child, vobject.base.Component):
            yield from _lines(child)
        else:
            yield child


def _leaks(data: bytes) -> list[str]:
    """Every canary found in any property value or parameter of any component, or the raw bytes."""
    texts = [data.decode("utf-8").replace("\r\n ", "")]
    for line in _lines(vobject.readOne(data.decode("utf-8"))):
        texts += [line.name, str(line.value), repr(line.params)]
    return sorted({c for c in CANARIES for t in texts if c.casefold() in t.casefold()})


def _by_name(event: Any, name: str) -> Any:
    return event.contents[name][0].value if name in event.contents else None


def test_the_default_export_carries_no_name_note_diagnosis_contact_or_link() -> None:
    data = _export()
    assert _leaks(data) == []
    summaries = {_by_name(e, "summary") for e in _events(data)}
    assert summaries == {"Session — Z.Q. & M.V.", "Session — P.O."}
    assert {_by_name(e, "location") for e in _events(data)} == {"Telehealth", "Office"}
    assert all("description" not in e.contents for e in _events(data))
    assert all(_by_name(e, "class") == "PRIVATE" for e in _events(data))


def test_opting_in_shows_names_kind_link_and_contact_but_nothing_clinical() -> None:
    everything = ExportOptions(
        NAMESPACE,
        identity=Identity.NAME,
        include_session_kind=True,
        include_video_links=True,
        include_contact=True,
    )
    data = _export(everything)
    couple = [e for e in _events(data) if _by_name(e, "summary").startswith("Couple")]
    assert _by_name(couple[0], "summary") == f"Couple session — {ZEB} & {MARI}"
    assert _by_name(couple[0], "location") == SECRET_LINK
    assert _by_name(couple[0], "description") == f"{PHONE} / {EMAIL}"
    leaks = set(_leaks(data))
    assert {"Zebediah", PHONE, SECRET_LINK} <= leaks  # the canary scan sees what is there
    assert not {"affair", DIAGNOSIS, "F52", "90847", "90791"} & leaks


def test_a_clients_contact_safety_wins_over_the_therapists_opt_in() -> None:
    everything = ExportOptions(
        NAMESPACE, identity=Identity.NAME, include_video_links=True, include_contact=True
    )
    guarded = _units(most_shown=Identity.INITIALS, contact_allowed=False, video_link_allowed=False)
    data = _export(everything, guarded)
    assert _leaks(data) == []
    couple = [e for e in _events(data) if e.uid.value.startswith(_uid("series", 7)[:8])]
    assert {_by_name(e, "summary") for e in couple} == {"Session — Z.Q. & M.V."}
    assert {_by_name(e, "location") for e in couple} == {"Telehealth"}


def test_a_unit_that_may_not_be_identified_at_all_is_just_a_session() -> None:
    hidden = _units(most_shown=Identity.NOTHING)
    titles = {_by_name(e, "summary") for e in _events(_export(units=hidden))}
    assert titles == {"Session", "Session — P.O."}


@pytest.mark.parametrize(
    ("label", "shown", "title"),
    [
        ("Tuesday couple", Identity.INITIALS, "Tuesday couple"),
        ("Zebediah and partner", Identity.INITIALS, "Session — Z.Q. & M.V."),
        ("Zebediah and partner", Identity.NAME, "Zebediah and partner"),
    ],
)
def test_the_therapists_label_is_the_title_unless_it_names_a_client_it_may_not(
    label: str, shown: Identity, title: str
) -> None:
    options = ExportOptions(NAMESPACE, identity=Identity.NAME)
    data = _export(options, _units(label=label, most_shown=shown))
    couple = [e for e in _events(data) if e.uid.value == _uid("series", 7)]
    assert {_by_name(e, "summary") for e in couple} == {title}


def _uid(kind: str, row_id: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{row_id}"))


def test_a_series_with_exceptions_has_rrule_exdate_and_recurrence_id() -> None:
    events = _events(_export())
    series_events = [e for e in events if e.uid.value == _uid("series", 7)]
    [master] = [e for e in series_events if "rrule" in e.contents]
    assert _by_name(master, "rrule") == "FREQ=WEEKLY;UNTIL=20260331T150000Z;BYDAY=TU"
    assert master.dtstart.value == datetime(2026, 3, 3, 10, tzinfo=master.dtstart.value.tzinfo)
    exdates = {d.replace(tzinfo=None) for line in master.contents["exdate"] for d in line.value}
    assert exdates == {datetime(2026, 3, 17, 10), datetime(2026, 3, 24, 10)}  # skipped, late cancel
    overrides = {
        e.contents["recurrence-id"][0].value.replace(tzinfo=None): e
        for e in series_events
        if "recurrence-id" in e.contents
    }
    # The move is an override; one partner alone and a completed session look the same outside.
    assert set(overrides) == {datetime(2026, 3, 3, 10)}
    moved = overrides[datetime(2026, 3, 3, 10)].dtstart.value
    assert moved.astimezone(UTC) == utc(2026, 3, 4, 21)


def _instants(data: bytes) -> list[tuple[datetime, timedelta]]:
    """Every session's start and length as the independent parser expands the calendar."""
    found: dict[tuple[str, datetime | None], tuple[datetime, timedelta]] = {}
    for event in _events(data):
        recurrence = event.contents.get("recurrence-id")
        duration = event.duration.value
        if recurrence:
            key = (event.uid.value, recurrence[0].value.astimezone(UTC))
            found[key] = (event.dtstart.value.astimezone(UTC), duration)
        elif "rrule" in event.contents or "rdate" in event.contents:
            for start in event.getrruleset(addRDate=True):
                found.setdefault(
                    (event.uid.value, start.astimezone(UTC)), (start.astimezone(UTC), duration)
                )
        else:
            found[(event.uid.value, None)] = (event.dtstart.value.astimezone(UTC), duration)
    return sorted(found.values())


def _expected(window: tuple[datetime, datetime]) -> list[tuple[datetime, timedelta]]:
    series, rows = _scenario()
    shown = sessions_between(series, rows, *window)
    return sorted(
        (s.start_utc, timedelta(minutes=s.duration_minutes))
        for s in shown
        if window[0] <= s.start_utc < window[1] and not s.status.is_cancellation
    )


@pytest.mark.parametrize(
    "window",
    [MARCH, (utc(2026, 2, 1), utc(2026, 5, 1)), (utc(2026, 3, 9), utc(2026, 3, 12))],
    ids=["march", "across-the-clock-change", "one-session"],
)
def test_the_exported_sessions_are_exactly_the_sessions_in_the_range(
    window: tuple[datetime, datetime],
) -> None:
    assert _instants(_export(window=window)) == _expected(window)


def test_a_series_that_cannot_be_rebased_is_written_with_rdates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ics, "_rebases_cleanly", lambda *_: False)
    data = _export()
    assert b"RDATE;TZID=America/Chicago" in data
    assert b"RRULE" not in data
    assert _instants(data) == _expected(MARCH)


def test_a_session_moved_into_the_range_from_outside_is_exported_on_its_own() -> None:
    series, rows = _scenario()
    pulled = replace(
        move_occurrence(series[0], datetime(2026, 4, 7, 10), utc(2026, 3, 27, 15)), id=106
    )
    data = export_ics(
        *MARCH, series, [*rows, pulled], _units(), ExportOptions(NAMESPACE), stamp=NOW
    )
    [alone] = [e for e in _events(data) if e.uid.value == _uid("appointment", 106)]
    assert "recurrence-id" not in alone.contents
    assert alone.dtstart.value.astimezone(UTC) == utc(2026, 3, 27, 15)


def test_uids_are_stable_across_exports_and_mean_nothing_outside() -> None:
    first = {e.uid.value for e in _events(_export())}
    again = {e.uid.value for e in _events(_export(window=(utc(2026, 2, 1), utc(2026, 5, 1))))}
    other_store = {e.uid.value for e in _events(_export(ExportOptions(uuid.uuid4())))}
    assert first == {_uid("series", 7), _uid("appointment", 103)}
    assert first <= again
    assert not first & other_store
    assert all(uuid.UUID(uid).version == 5 for uid in first)


def test_every_zone_used_has_its_vtimezone() -> None:
    calendar = vobject.readOne(_export().decode("utf-8"))
    assert [tz.tzid.value for tz in calendar.vtimezone_list] == [CHICAGO]


def test_a_single_session_of_a_series_in_the_range_needs_no_rule() -> None:
    data = _export(window=(utc(2026, 3, 9), utc(2026, 3, 12)))
    [event] = [e for e in _events(data) if e.uid.value == _uid("series", 7)]
    assert "rrule" not in event.contents
    assert "recurrence-id" not in event.contents


def test_unstored_series_and_rows_cannot_be_exported() -> None:
    with pytest.raises(ValueError, match="stored series"):
        export_ics(*MARCH, [replace(_couple_series(), id=None)], [], {}, ExportOptions(NAMESPACE))
    with pytest.raises(ValueError, match="stored appointments"):
        export_ics(*MARCH, [], [session(utc(2026, 3, 3, 16))], {}, ExportOptions(NAMESPACE))


@pytest.mark.parametrize(
    "first",
    [datetime(2026, 3, 1, 2, 30), datetime(2026, 3, 8, 2, 30), datetime(2026, 10, 25, 1, 30)],
    ids=["crosses-the-skipped-hour", "starts-in-the-skipped-hour", "crosses-the-repeated-hour"],
)
def test_another_calendar_places_sessions_at_changing_clocks_where_practice_does(
    first: datetime,
) -> None:
    series = replace(_couple_series(), dtstart_local=first, rule="FREQ=WEEKLY")
    window = (utc(2026, 2, 20), utc(2026, 11, 20))
    data = export_ics(*window, [series], [], {}, ExportOptions(NAMESPACE), stamp=NOW)
    [event] = _events(data)
    theirs = sorted(start.astimezone(UTC) for start in event.getrruleset(addRDate=True))
    assert theirs == [s.start_utc for s in sessions_between([series], [], *window)]
