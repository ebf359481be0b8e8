"""Letters from a practice begun in the setup wizard, driven only through what the app shows.

The clinical record each test needs (clients, notes, providers, releases) is set up through
the core; everything about the letter itself goes through the Letters screen's controls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from practice.services import notes, psychotherapy, releases
from practice.services.letters import disclosures
from practice.services.providers import ProviderDetails, create_provider
from practice.services.releases import ReleaseDetails
from tests.core import factories as f
from tests.ui.conftest import ControllerFactory, wait_idle
from tests.ui.first_week.app import THERAPIST, fresh_practice, go_to
from tests.ui.first_week.letters import choose_letter, issue_letter, letter_is_refused
from tests.ui.visible import click, dialog, find, type_into
from ui.controller import AppController
from ui.screens.letters.compose import JOINT_HINT
from ui.screens.letters.empty import NO_CLIENTS, NO_PROVIDERS
from ui.window import MainWindow

TODAY = date.today()
OWN_NOTE = "OWNNOTECANARY juniper"
JOINT_NOTE = "JOINTCANARY heron"
PRIVATE_NOTE = "PSYCHCANARY lighthouse"
SUMMARY = "Graded sensate focus, now at stage two."


@dataclass(frozen=True)
class Caseload:
    """Ids of what the letters are about and to."""

    client: int
    partner: int
    urologist: int
    physio: int
    client_release: int


def _release(sessions: sessionmaker[Session], client: int, provider: int) -> int:
    return releases.record_release(sessions, ReleaseDetails(
        client, "Coordination of care", TODAY - timedelta(days=30), TODAY + timedelta(days=365),
        frozenset(releases.SCOPES), provider_id=provider)).id


def _caseload(sessions: sessionmaker[Session]) -> Caseload:
    """Lucía seen alone and with her partner Quill; Quill seen only with her."""
    lucia = f.client(sessions, "Ana Lucía Ruiz", "Lucía", pronouns="she/her",
                     date_of_birth=date(1988, 7, 2))
    quill = f.client(sessions, "Quentin Marlowe", "Quill", pronouns="he/him",
                     date_of_birth=date(1986, 1, 9))
    solo, couple = f.unit(sessions, "individual", lucia), f.unit(sessions, "couple", lucia,
                                                                quill)
    own = f.draft(sessions, solo, text=OWN_NOTE, day=date(2025, 2, 3))
    notes.set_codes(sessions, own.id, diagnoses=[(lucia, "F52.6")], procedures=["90834"])
    notes.sign_note(sessions, own.id, signed_by=THERAPIST)
    joint = f.draft(sessions, couple, text=JOINT_NOTE, day=date(2025, 2, 10))
    notes.set_codes(sessions, joint.id, diagnoses=[(quill, "F52.21")], procedures=["90847"])
    notes.sign_note(sessions, joint.id, signed_by=THERAPIST)
    psychotherapy.create_psychotherapy_note(sessions, solo, date(2025, 2, 3), PRIVATE_NOTE)
    urologist = create_provider(sessions, ProviderDetails(
        name="Anna Kowalski", specialty="urology", credentials="MD", npi=f.VALID_NPIS[0],
        address="3600 Prytania Street, New Orleans, LA 70115", fax="(504) 555-0199")).id
    physio = create_provider(sessions, ProviderDetails(
        name="Jordan Lee", specialty="pelvic_floor_pt", credentials="DPT",
        npi=f.VALID_NPIS[1], fax="(504) 555-0177")).id
    return Caseload(lucia, quill, urologist, physio, _release(sessions, lucia, urologist))


@pytest.fixture
def practice(qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path
             ) -> tuple[AppController, Caseload]:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    assert controller.context.store is not None
    return controller, _caseload(controller.context.store.sessions)


def _text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(path).pages)


def test_a_letter_is_issued_exported_and_read_back_without_any_note_text(
    qtbot: QtBot, practice: tuple[AppController, Caseload], tmp_path: Path,
) -> None:
    controller, caseload = practice
    out = issue_letter(qtbot, controller.window, "Lucía", "Anna Kowalski", "Urology",
                       out=tmp_path / "to-urology.pdf", prose={"Treatment summary": SUMMARY})
    text = _text(out)
    assert SUMMARY in text and "Dear Dr. Kowalski" in text and THERAPIST in text
    for never in (OWN_NOTE, JOINT_NOTE, PRIVATE_NOTE, "Quill"):
        assert never not in text
    store = controller.context.store
    assert store is not None
    (logged,) = disclosures.list_disclosures(store.sessions, caseload.client)
    assert logged.release_id == caseload.client_release and logged.letter_id is not None


def test_the_letter_form_never_offers_psychotherapy_notes(
    qtbot: QtBot, practice: tuple[AppController, Caseload],
) -> None:
    controller, _ = practice
    window = controller.window
    go_to(qtbot, window, "Letters")
    find(window, QCheckBox, "Include joint sessions", qtbot=qtbot)
    words = [w.text() for w in window.findChildren(QAbstractButton) if w.isVisible()]
    words += [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    assert not [w for w in words if "sychotherapy note" in w or "private note" in w.lower()]


def _record_release_from_letters(qtbot: QtBot, window: MainWindow, provider: str) -> None:
    """Click "Record release…" beside the refusal and record the release it names."""
    click(qtbot, window, "Record release…")
    form = dialog(qtbot, "Record a release of information")
    recipient = find(form, QComboBox, "Recipient", qtbot=qtbot)
    qtbot.waitUntil(lambda: recipient.currentText() == provider, timeout=5000)
    type_into(qtbot, form, "Purpose", "Pelvic floor therapy")
    for scope in ("Attendance", "Diagnosis", "Treatment summary", "Recommendations",
                  "Progress", "Risk assessment"):
        find(form, QCheckBox, scope, qtbot=qtbot).click()
    type_into(qtbot, form, "Date signed", (TODAY - timedelta(days=1)).isoformat())
    type_into(qtbot, form, "Expiry date", (TODAY + timedelta(days=180)).isoformat())
    click(qtbot, form, "Save")


def test_without_a_release_issue_is_disabled_the_refusal_names_it_and_recording_it_enables_issue(
    qtbot: QtBot, practice: tuple[AppController, Caseload],
) -> None:
    controller, caseload = practice
    window = controller.window
    refusal = letter_is_refused(qtbot, window, "Lucía", "Jordan Lee")
    assert refusal == "No release of information to Jordan Lee for this client."

    _record_release_from_letters(qtbot, window, "Jordan Lee")
    issue = find(window, QPushButton, "Issue letter")
    qtbot.waitUntil(issue.isEnabled, timeout=5000)
    assert not [w for w in window.findChildren(QWidget) if w.isVisible() and w.accessibleName()
                in ("Why the letter cannot be issued", "Record release")]
    store = controller.context.store
    assert store is not None
    (recorded, _first) = releases.list_releases(store.sessions, caseload.client)
    assert recorded.details.provider_id == caseload.physio


def test_after_the_release_is_revoked_the_next_letter_is_refused_and_names_it(
    qtbot: QtBot, practice: tuple[AppController, Caseload], tmp_path: Path,
) -> None:
    controller, caseload = practice
    window = controller.window
    issue_letter(qtbot, window, "Lucía", "Anna Kowalski", "Urology", out=tmp_path / "1.pdf")
    store = controller.context.store
    assert store is not None
    releases.revoke_release(store.sessions, caseload.client_release, TODAY)
    go_to(qtbot, window, "Today")  # away and back: the Letters screen reads the store again
    refusal = letter_is_refused(qtbot, window, "Lucía", "Anna Kowalski")
    assert refusal == ("No release of information to Anna Kowalski for this client is in "
                       "force: the client has revoked it.")
    assert len(disclosures.list_disclosures(store.sessions, caseload.client)) == 1


def _status(window: MainWindow) -> str:
    return find(window, QLabel, "Letter status").text()


def test_a_partner_seen_only_with_the_couple_is_written_about_once_joint_sessions_are_ticked(
    qtbot: QtBot, practice: tuple[AppController, Caseload], tmp_path: Path,
) -> None:
    controller, caseload = practice
    window = controller.window
    store = controller.context.store
    assert store is not None
    _release(store.sessions, caseload.partner, caseload.urologist)
    go_to(qtbot, window, "Today")
    # Unticked, the record has no session of Quill's own, and the screen says how to count
    # the couple's sessions instead of claiming there are none.
    choose_letter(qtbot, window, "Quill", "Anna Kowalski")
    qtbot.waitUntil(lambda: _status(window).endswith(JOINT_HINT), timeout=5000)

    out = issue_letter(qtbot, window, "Quill", "Anna Kowalski", "Urology",
                       include_joint=True, out=tmp_path / "joint.pdf")
    text = _text(out)
    assert "Quill began treatment with me on February 10, 2025." in text  # the couple's session
    assert "Sessions attended to date: 1." in text and JOINT_NOTE not in text
    (quills,) = disclosures.list_disclosures(store.sessions, caseload.partner)
    # Lucía was at those sessions: her own release was checked and her disclosure logged.
    (lucias,) = disclosures.list_disclosures(store.sessions, caseload.client)
    assert lucias.letter_id == quills.letter_id is not None
    assert lucias.release_id == caseload.client_release


def test_joint_sessions_need_every_attendees_release_and_the_refusal_names_who_lacks_one(
    qtbot: QtBot, practice: tuple[AppController, Caseload],
) -> None:
    controller, caseload = practice
    window = controller.window
    store = controller.context.store
    assert store is not None
    _release(store.sessions, caseload.partner, caseload.physio)  # Lucía has none to him
    go_to(qtbot, window, "Letters")
    issue = find(window, QPushButton, "Issue letter", qtbot=qtbot)
    click(qtbot, window, "Include joint sessions")
    refusal = letter_is_refused(qtbot, window, "Quill", "Jordan Lee")
    assert refusal == ("No release of information to Jordan Lee for Lucía, seen with this "
                       "client in joint sessions. Record their release, or untick “Include "
                       "joint sessions”.")
    assert find(window, QPushButton, "Record release").isVisible()

    click(qtbot, window, "Include joint sessions")  # Quill's own release covers the rest
    qtbot.waitUntil(issue.isEnabled, timeout=5000)
    assert disclosures.list_disclosures(store.sessions, caseload.client) == ()


def test_the_release_a_joint_session_lacks_is_recorded_for_that_member_from_the_letter(
    qtbot: QtBot, practice: tuple[AppController, Caseload],
) -> None:
    controller, caseload = practice
    window = controller.window
    store = controller.context.store
    assert store is not None
    _release(store.sessions, caseload.partner, caseload.physio)
    go_to(qtbot, window, "Letters")
    click(qtbot, window, "Include joint sessions")
    letter_is_refused(qtbot, window, "Quill", "Jordan Lee")
    _record_release_from_letters(qtbot, window, "Jordan Lee")
    qtbot.waitUntil(find(window, QPushButton, "Issue letter").isEnabled, timeout=5000)
    newest = releases.list_releases(store.sessions, caseload.client)[0]
    assert newest.details.provider_id == caseload.physio  # Lucía's, not Quill's


def test_an_empty_practice_says_what_letters_need_and_where_to_start(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    go_to(qtbot, window, "Letters")
    empty = find(window, QLabel, "Nothing here yet", qtbot=qtbot)
    assert empty.text() == NO_CLIENTS
    click(qtbot, window, "Go to Clients")
    qtbot.waitUntil(lambda: window.workspace is not None
                    and window.workspace.current.title == "Clients", timeout=5000)

    assert controller.context.store is not None
    f.client(controller.context.store.sessions, "Ana Lucía Ruiz", "Lucía")
    go_to(qtbot, window, "Letters")
    qtbot.waitUntil(lambda: find(window, QLabel, "Nothing here yet").text() == NO_PROVIDERS,
                    timeout=5000)
    click(qtbot, window, "Go to Providers")
    qtbot.waitUntil(lambda: window.workspace is not None
                    and window.workspace.current.title == "Providers", timeout=5000)
    wait_idle(qtbot, controller.context)
