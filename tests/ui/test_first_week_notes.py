"""A new therapist's notes from an empty store: progress notes with type-ahead diagnoses,
private psychotherapy notes that stay in the chart, and a note written from a session.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QTreeView
from pytestqt.qtbot import QtBot

from practice.schedule.model import Appointment, LocationKind, SessionKind
from practice.schedule.timezones import wall_to_utc
from practice.services import notes, psychotherapy
from practice.services.clients import ClientDetails, create_client
from practice.services.schedule import book, complete_session, week_view
from practice.services.settings import load_profile
from practice.services.units import create_unit, units_of_client
from practice.store.store import Store
from tests.ui.conftest import ControllerFactory
from tests.ui.first_week import clients as clients_steps
from tests.ui.first_week.app import THERAPIST, fresh_practice, go_to
from tests.ui.first_week.notes_schedule import (
    new_progress_note,
    new_psychotherapy_note,
    new_series_from_slot,
    write_note_from_session,
)
from tests.ui.visible import TIMEOUT, click, find, open_tab, pick_row, type_into
from ui.controller import AppController
from ui.screens.chart.note_units import NO_NOTES, NO_PRIVATE_NOTES

SECRET = "Marmalade"  # a word only the private note holds


def practice_with(qtbot: QtBot, make_controller: ControllerFactory, folder: Path,
                  *names: str) -> tuple[AppController, Store, list[int]]:
    """A practice made by the wizard, with clients entered through the core as setup."""
    controller = fresh_practice(qtbot, make_controller, folder)
    store = controller.context.store
    assert store is not None
    ids = [create_client(store.sessions, ClientDetails(legal_name=name)).id for name in names]
    return controller, store, ids


def test_a_signed_progress_note_with_a_diagnosis_found_by_its_words_from_an_empty_store(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, store, (robin,) = practice_with(qtbot, make_controller, tmp_path / "s",
                                                "Robin Vale")

    new_progress_note(qtbot, controller.window, "Robin Vale",
                      text="Pain with penetration for a year; avoids intimacy.",
                      diagnosis="dyspar")

    (summary,) = notes.list_notes(store.sessions, client_id=robin)
    note = notes.get_note(store.sessions, summary.id)
    assert note.is_signed and note.signature is not None
    assert note.signature.signed_by.startswith(THERAPIST)
    assert note.section("subjective") == "Pain with penetration for a year; avoids intimacy."
    assert [(d.client_id, d.code) for d in note.diagnoses] == [(robin, "F52.6")]
    # The client had no unit: their individual unit was opened for the note, and only once.
    (unit,) = units_of_client(store.sessions, robin)
    assert unit.kind == "individual" and note.unit_id == unit.id


def test_typing_the_code_itself_offers_it_as_well(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, store, (sam,) = practice_with(qtbot, make_controller, tmp_path / "s",
                                              "Sam Okafor")

    new_progress_note(qtbot, controller.window, "Sam Okafor", text="Intake.",
                      diagnosis="F52.2")

    (summary,) = notes.list_notes(store.sessions, client_id=sam)
    assert [d.code for d in notes.get_note(store.sessions, summary.id).diagnoses] == ["F52.21"]


def test_a_psychotherapy_note_is_made_private_and_never_found_by_search(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, store, (kai,) = practice_with(qtbot, make_controller, tmp_path / "s",
                                              "Kai Moreno")
    window = controller.window

    new_psychotherapy_note(qtbot, window, "Kai Moreno", f"{SECRET}: my own countertransference.")

    (unit,) = units_of_client(store.sessions, kai)
    (private,) = psychotherapy.list_psychotherapy_notes(store.sessions, unit.id)
    assert private.body == f"{SECRET}: my own countertransference."
    assert notes.list_notes(store.sessions, client_id=kai) == ()  # not in the record
    open_tab(qtbot, window, "Psychotherapy notes")
    banner = find(window, QLabel, "Psychotherapy note notice", qtbot=qtbot)
    assert "never go into letters" in banner.text()

    go_to(qtbot, window, "Search")
    results = find(window, QTreeView, "Search results", qtbot=qtbot)
    summary = find(window, QLabel, "Search summary", qtbot=qtbot)
    field = find(window, QLineEdit, "Search", qtbot=qtbot)  # the screen is called so too
    for typed in (SECRET, "countertransference"):
        field.selectAll()
        qtbot.keyClicks(field, typed)
        qtbot.waitUntil(lambda: summary.text() == "Nothing found.", timeout=TIMEOUT)
        assert results.model().rowCount() == 0
        summary.clear()
    field.selectAll()
    qtbot.keyClicks(field, "Kai")  # the client is found; the note is not
    qtbot.waitUntil(lambda: summary.text() == "1 result", timeout=TIMEOUT)
    model = results.model()
    groups = [model.index(row, 0) for row in range(model.rowCount())]
    shown = [str(model.index(row, 0, group).data()) for group in groups
             for row in range(model.rowCount(group))] + [str(g.data()) for g in groups]
    assert any("Kai Moreno" in text for text in shown)
    assert not any("sychotherapy" in str(text) for text in shown)


def test_a_note_written_from_a_couples_session_names_who_was_expected(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, store, (ana, ben) = practice_with(qtbot, make_controller, tmp_path / "s",
                                                  "Ana Lee", "Ben Cole")
    last_week = date.today() - timedelta(days=7)
    couple = create_unit(store.sessions, "couple", [ana, ben], opened_on=last_week).id
    window = controller.window

    new_series_from_slot(qtbot, window, "Ana Lee & Ben Cole (couple)", last_week, time(10, 0),
                         weekly=False)
    write_note_from_session(qtbot, window, "Ana Lee & Ben Cole", last_week)
    type_into(qtbot, window, "Subjective", "Talked about the weekend plans.")
    click(qtbot, window, "← Chart")

    (summary,) = notes.list_notes(store.sessions, unit_id=couple)
    note = notes.get_note(store.sessions, summary.id)
    assert note.header.session_date == last_week
    assert {a.client_id for a in note.attendees} == {ana, ben}
    assert note.section("subjective") == "Talked about the weekend plans."
    (booked,) = [s for s in week_view(store.sessions, *_around(last_week)) if s.unit_id == couple]
    assert note.header.appointment_id == booked.id and booked.status.value == "completed"

    # Writing the note again opens the same one rather than a second beside it.
    write_note_from_session(qtbot, window, "Ana Lee & Ben Cole", last_week)
    assert len(notes.list_notes(store.sessions, unit_id=couple)) == 1


def _around(day: date) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(days=1)
    return start, start + timedelta(days=3)


def test_a_new_clients_notes_tabs_say_how_the_first_note_is_written(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, _store, _ids = practice_with(qtbot, make_controller, tmp_path / "s", "Noor Haddad")
    window = controller.window

    clients_steps.open_chart(qtbot, window, "Noor Haddad")
    open_tab(qtbot, window, "Notes")
    qtbot.waitUntil(lambda: find(window, QLabel, "Nothing here yet").text() == NO_NOTES,
                    timeout=TIMEOUT)
    assert find(window, QComboBox, "Unit of the new note").currentText() == "Noor Haddad"
    open_tab(qtbot, window, "Psychotherapy notes")
    assert find(window, QLabel, "Nothing here yet").text() == NO_PRIVATE_NOTES
    assert find(window, QComboBox, "Unit of the psychotherapy note").currentText() == (
        "Noor Haddad")

    new_psychotherapy_note(qtbot, window, "Noor Haddad", "First impressions.")
    open_tab(qtbot, window, "Psychotherapy notes")
    assert not [w for w in window.findChildren(QLabel)
                if w.isVisible() and w.accessibleName() == "Nothing here yet"]


def test_a_note_due_on_today_opens_its_sessions_note(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, store, (omar,) = practice_with(qtbot, make_controller, tmp_path / "s",
                                               "Omar Said")
    sessions = store.sessions
    zone = load_profile(sessions).time_zone
    two_days_ago = date.today() - timedelta(days=2)
    unit = create_unit(sessions, "individual", [omar], opened_on=two_days_ago).id
    start = wall_to_utc(datetime.combine(two_days_ago, time(11, 0)), zone)
    held = book(sessions, Appointment(unit_id=unit, kind=SessionKind.INDIVIDUAL,
                                      start_utc=start, zone=zone, duration_minutes=50,
                                      location=LocationKind.OFFICE,
                                      expected_client_ids=frozenset({omar}))).appointment
    complete_session(sessions, held)
    window = controller.window
    go_to(qtbot, window, "Schedule")  # Today reads the agenda again when shown
    go_to(qtbot, window, "Today")
    due = find(window, QListWidget, "Notes due", qtbot=qtbot)
    qtbot.waitUntil(lambda: "Omar Said — note not started" in due.item(0).text(),
                    timeout=TIMEOUT)

    pick_row(qtbot, window, "Notes due", due.item(0).text(), double=True)

    title = find(window, QLabel, "Note", qtbot=qtbot)
    qtbot.waitUntil(lambda: f"Progress note, {two_days_ago.isoformat()}" in title.text(),
                    timeout=TIMEOUT)
    (summary,) = notes.list_notes(sessions, unit_id=unit)
    assert notes.get_note(sessions, summary.id).header.appointment_id == held.id
