"""Calendar export from the store and the command line: private by default, contact safety wins."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from practice.schedule.ics import Identity
from practice.schedule.model import SessionKind, SessionStatus
from practice.services import clients, notes, schedule, units
from practice.services.clients import (
    CHANNELS,
    ChannelSafety,
    ClientDetails,
    ClientView,
    name_on_channel,
)
from practice.services.notes import NoteHeader
from practice.services.schedule import SessionRef
from practice.services.schedule import series as schedule_series
from practice.services.schedule.export import CalendarChoices, export_calendar, member_ceiling
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core.test_schedule_store import OPENED, session_at, utc, weekly_from

ROOT = Path(__file__).resolve().parent.parent.parent
ZEB, MARI = "Zebediah Quillfeather", "Marisol Vantongeren"
PHONE = "+1 504 555 0199"
NOTE = "disclosed the affair with a coworker"
SECRET_LINK = "https://video.example.net/room/quillfeather-vantongeren"
CANARIES = ["Zebediah", "Quillfeather", "Marisol", "Vantongeren", "555 0199", "affair",
            "F52", "erectile", "90847", "quillfeather"]
MARCH = (utc(2027, 3, 1, 6), utc(2027, 4, 1, 5))
NOW = datetime(2027, 3, 19, 12, tzinfo=UTC)


def _couple_with_history(sessions: sessionmaker[Session]) -> int:
    """A couple's weekly telehealth series in March with a completed, noted session."""
    zeb = clients.create_client(sessions, ClientDetails(legal_name=ZEB, state="LA", phone=PHONE),
                                on=OPENED).id
    mari = clients.create_client(sessions, ClientDetails(legal_name=MARI, state="LA"),
                                 on=OPENED).id
    # Zebediah's text and email are safe, under his name; Marisol was never asked.
    for channel in ("text", "email"):
        clients.set_channel_safety(sessions, zeb, ChannelSafety(channel, True, "chosen"))
    couple = units.create_unit(sessions, "couple", [zeb, mari], opened_on=OPENED).id
    series = weekly_from(couple, datetime(2027, 3, 2, 10), telehealth=True)
    series = replace(series, video_link=SECRET_LINK, cpt_code="90847", kind=SessionKind.COUPLE)
    made = schedule_series.create_series(sessions, series, now_utc=datetime(2027, 1, 4, tzinfo=UTC))
    assert made.series.id is not None
    done = schedule.complete_session(
        sessions, SessionRef(None, made.series.id, datetime(2027, 3, 9, 10)), now_utc=NOW)
    assert done.id is not None
    note = notes.start_note(sessions, couple, NoteHeader(date(2027, 3, 9), "free",
                                                         appointment_id=done.id),
                            today=date(2030, 1, 1))
    notes.save_draft(sessions, note.id, {"body": f"{ZEB} {NOTE}; erectile concerns."})
    notes.set_codes(sessions, note.id, diagnoses=[(zeb, "F52.21")], procedures=["90847"])
    schedule.set_session_status(
        sessions, SessionRef(None, made.series.id, datetime(2027, 3, 23, 10)),
        SessionStatus.LATE_CANCEL, f"{MARI} called: {NOTE}")
    return couple


def _texts(component: Any) -> Iterator[str]:
    for child in component.getChildren():
        if isinstance(child, vobject.base.Component):
            yield from _texts(child)
        else:
            yield from (child.name, str(child.value), repr(child.params))


def _leaks(data: bytes) -> list[str]:
    """Every canary found in the raw file or any property, value or parameter."""
    text = data.decode("utf-8")
    found = [text.replace("\r\n ", ""), *_texts(vobject.readOne(text))]
    return sorted({c for c in CANARIES for t in found if c.casefold() in t.casefold()})


def _summaries(data: bytes) -> set[str]:
    return {e.summary.value for e in vobject.readOne(data.decode("utf-8")).vevent_list}


def test_export_ics_writes_a_private_calendar_from_the_command_line(
    store_path: Path, tmp_path: Path,
) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        _couple_with_history(store.sessions)
    out = tmp_path / "march.ics"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRACTICE_")}
    result = subprocess.run(
        [sys.executable, "-m", "practice", "export-ics", "--from", "2027-03-01", "--to",
         "2027-03-31", "--out", str(out), "--store", str(store_path), "--include-names",
         "--include-links"],
        cwd=ROOT, env={**env, "PRACTICE_PASSPHRASE": TEST_PASSPHRASE}, capture_output=True,
        text=True, timeout=120, check=False, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "4 sessions" in result.stdout
    assert not [c for c in CANARIES if c in result.stdout + result.stderr]
    assert out.stat().st_mode & 0o777 == 0o600
    data = out.read_bytes()
    # Marisol was never asked, so initials it is, whatever --include-names says; the link
    # stays out because her email channel is not safe.
    assert _leaks(data) == []
    assert _summaries(data) == {"Session — Z.Q. & M.V."}
    calendar = vobject.readOne(data.decode("utf-8"))
    assert {e.location.value for e in calendar.vevent_list} == {"Telehealth"}
    starts = sorted(start for e in calendar.vevent_list for start in e.getrruleset(addRDate=True))
    assert [f"{s.astimezone(UTC):%m-%d %H:%M}" for s in starts] == [
        "03-02 16:00", "03-09 16:00", "03-16 15:00", "03-30 15:00"]  # the late cancel is out


@pytest.fixture
def sessions(store: Store) -> sessionmaker[Session]:
    return store.sessions


def test_names_and_links_appear_only_where_every_member_allows_them(
    sessions: sessionmaker[Session],
) -> None:
    couple = _couple_with_history(sessions)
    zeb = units.get_unit(sessions, couple).members[0].client_id
    alone = units.create_unit(sessions, "individual", [zeb], opened_on=OPENED).id
    schedule.book(sessions, session_at(alone, utc(2027, 3, 4, 16), telehealth=True))
    everything = CalendarChoices(include_names=True, include_links=True)
    data = export_calendar(sessions, *MARCH, everything).data
    events = vobject.readOne(data.decode("utf-8")).vevent_list
    shown = {(e.summary.value, e.location.value) for e in events}
    assert shown == {("Session — Z.Q. & M.V.", "Telehealth"),
                     (f"Session — {ZEB}", "https://video.example.net/room/7731")}
    # Without the therapist's opt-in, even a client who allows it shows as initials.
    plain = export_calendar(sessions, *MARCH).data
    assert _summaries(plain) == {"Session — Z.Q. & M.V.", "Session — Z.Q."}
    assert _leaks(plain) == []


def test_a_client_who_may_not_be_named_at_all_leaves_just_session(
    sessions: sessionmaker[Session],
) -> None:
    quiet = clients.create_client(sessions, ClientDetails(legal_name="Pat Ostrowski"),
                                  on=OPENED).id
    clients.set_channel_safety(sessions, quiet, ChannelSafety("text", True, "none"))
    unit = units.create_unit(sessions, "individual", [quiet], opened_on=OPENED).id
    schedule.book(sessions, session_at(unit, utc(2027, 3, 4, 16)))
    data = export_calendar(sessions, *MARCH, CalendarChoices(include_names=True)).data
    assert _summaries(data) == {"Session"}
    labelled = export_calendar(sessions, *MARCH, CalendarChoices(label="Client hour")).data
    assert _summaries(labelled) == {"Client hour"}


def test_event_uids_are_stable_across_exports_of_one_store(
    sessions: sessionmaker[Session],
) -> None:
    _couple_with_history(sessions)

    def uids(window: tuple[datetime, datetime]) -> set[str]:
        data = export_calendar(sessions, *window).data
        return {e.uid.value for e in vobject.readOne(data.decode("utf-8")).vevent_list}

    first = uids(MARCH)
    assert first and first == uids(MARCH)
    assert first <= uids((utc(2027, 2, 1), utc(2027, 5, 1)))


def test_the_office_is_all_an_office_session_says_about_where(
    sessions: sessionmaker[Session],
) -> None:
    unit = units.create_unit(sessions, "individual", [
        clients.create_client(sessions, ClientDetails(legal_name="Ida Wren"), on=OPENED).id,
    ], opened_on=OPENED).id
    schedule.book(sessions, session_at(unit, utc(2027, 3, 4, 16)))
    export = export_calendar(sessions, *MARCH)
    [event] = vobject.readOne(export.data.decode("utf-8")).vevent_list
    assert (event.location.value, export.sessions) == ("Office", 1)
    assert b"DTSTART;TZID=America/Chicago:20270304T100000" in export.data


def _client_with(*channels: ChannelSafety) -> ClientView:
    given = {c.channel: c for c in channels}
    return ClientView(
        id=1, details=ClientDetails(legal_name="Jonathan Smith", chosen_name="Jo Smith"),
        status="active", status_since=OPENED,
        channels=tuple(given.get(ch, ChannelSafety(ch, False, "none")) for ch in CHANNELS),
    )


@pytest.mark.parametrize(
    ("text", "email", "shown", "name"),
    [
        (None, None, Identity.INITIALS, "Jo Smith"),
        (("chosen",), ("chosen",), Identity.NAME, "Jo Smith"),
        (("legal",), ("legal",), Identity.NAME, "Jonathan Smith"),
        (("chosen",), ("legal",), Identity.INITIALS, "Jo Smith"),
        (("custom", "J. from the book club"), ("custom", "J. from the book club"),
         Identity.NAME, "J. from the book club"),
        (("chosen",), None, Identity.INITIALS, "Jo Smith"),
        (("none",), ("chosen",), Identity.NOTHING, "Jo Smith"),
        (("initials",), ("chosen",), Identity.INITIALS, "Jo Smith"),
    ],
)
def test_the_most_restrictive_written_channel_decides_what_a_calendar_may_show(
    text: tuple[str, ...] | None, email: tuple[str, ...] | None, shown: Identity, name: str,
) -> None:
    safe = [ChannelSafety(ch, True, *how)  # type: ignore[arg-type]
            for ch, how in (("text", text), ("email", email)) if how is not None]
    ceiling = member_ceiling(_client_with(*safe))
    assert (ceiling.shown, ceiling.name) == (shown, name)
    assert ceiling.link_allowed == (email is not None)


_STYLES = st.sampled_from(["chosen", "legal", "initials", "none", "custom"])
_CHANNEL = st.builds(lambda safe, style: (safe, style), st.booleans(), _STYLES)


@given(text=_CHANNEL, email=_CHANNEL)
def test_a_calendar_never_shows_more_than_either_written_channel_allows(
    text: tuple[bool, str], email: tuple[bool, str],
) -> None:
    channels = [ChannelSafety(ch, safe, style,  # type: ignore[arg-type]
                              "J. from the book club" if style == "custom" else None)
                for ch, (safe, style) in (("text", text), ("email", email))]
    client = _client_with(*channels)
    ceiling = member_ceiling(client)
    for channel in ("text", "email"):
        decision = name_on_channel(client, channel)  # type: ignore[arg-type]
        style = client.channel(channel).name_style  # type: ignore[arg-type]
        if not decision.allowed or decision.name is None or style == "initials":
            assert ceiling.shown <= Identity.INITIALS
        if decision.allowed and decision.name is None:
            assert ceiling.shown is Identity.NOTHING
        if ceiling.shown is Identity.NAME:
            assert decision.name == ceiling.name
