"""A therapist's first week, from the setup wizard to a refused letter, through visible controls.

Everything between the wizard and the final checks is done the way a person does it: buttons
found by their words, fields by their labels or accessible names, rows clicked in lists. Only
the final checks read the store, through the core.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from practice.services import psychotherapy
from practice.services.clients import list_clients
from practice.services.letters import disclosures
from practice.services.notes import get_note, list_notes
from practice.services.providers import list_organisations, list_providers
from practice.services.releases import get_scan, list_releases
from practice.services.schedule import week_view
from practice.services.units import list_units
from practice.services.units.relationships import relationships_of, unit_graph
from tests.core.factories import VALID_NPIS
from tests.ui.conftest import ControllerFactory
from tests.ui.first_week.app import THERAPIST, fresh_practice
from tests.ui.first_week.care import new_organisation, new_provider, record_release, revoke_release
from tests.ui.first_week.clients import new_client
from tests.ui.first_week.letters import issue_letter, letter_is_refused
from tests.ui.first_week.notes_schedule import (
    new_progress_note,
    new_psychotherapy_note,
    new_series_from_slot,
)
from tests.ui.first_week.units import add_relationship, member_leaves, new_unit, set_agreement

AVERY, JORDAN, SAM, KAI = "Avery Brooks", "Jordan Lee", "Sam Rivera", "Kai Morgan"
COUPLE = "Avery & Jordan"
POLYCULE = "The Harbour polycule"
UROLOGIST, CLINIC = "Dr. Priya Natarajan", "Crescent City Urology"
PROCESS_NOTE = "My own reaction: protective of Avery; watch for it next week."
SESSION_TEXT = "Avery described pain with penetration easing with dilator practice."


def _signed_release_scan(path: Path) -> Path:
    image = QImage(160, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    assert image.save(str(path))
    return path


def _next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def test_first_week_from_an_empty_store(qtbot: QtBot, make_controller: ControllerFactory,
                                        tmp_path: Path) -> None:
    today = date.today()
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window

    # Monday: two clients, and the couple they come as, with no secrets between them.
    new_client(qtbot, window, AVERY, pronouns="she/her", date_of_birth="1990-04-12")
    new_client(qtbot, window, JORDAN, pronouns="they/them", date_of_birth="1988-11-02")
    new_unit(qtbot, window, "couple", [AVERY, JORDAN], COUPLE)
    set_agreement(qtbot, window, COUPLE, "No secrets", today)

    # Tuesday: two more, and the polycule of four with its relationships.
    new_client(qtbot, window, SAM, pronouns="he/him")
    new_client(qtbot, window, KAI, pronouns="they/them")
    new_unit(qtbot, window, "polycule", [AVERY, JORDAN, SAM, KAI], POLYCULE)
    add_relationship(qtbot, window, POLYCULE, AVERY, JORDAN, "Spouse", today)
    add_relationship(qtbot, window, POLYCULE, JORDAN, SAM, "Partner", today)
    add_relationship(qtbot, window, POLYCULE, SAM, KAI, "Nesting partner", today)

    # Wednesday: the urologist and the clinic, and Avery's signed release with its scan.
    new_organisation(qtbot, window, CLINIC, phone="504-555-0100")
    new_provider(qtbot, window, UROLOGIST, "Urology", npi=VALID_NPIS[0], organisation=CLINIC,
                 credentials="MD", fax="504-555-0199")
    scan = _signed_release_scan(tmp_path / "signed-release.png")
    record_release(qtbot, window, AVERY, UROLOGIST, "Coordination of care",
                   ["Attendance", "Diagnosis", "Treatment summary", "Recommendations",
                    "Progress"], today - timedelta(days=1), today + timedelta(days=365),
                   scan=scan)

    # Thursday: a signed progress note with a diagnosis, and a private process note.
    new_progress_note(qtbot, window, AVERY, text=SESSION_TEXT, diagnosis="dyspar")
    new_psychotherapy_note(qtbot, window, AVERY, PROCESS_NOTE)

    # Friday: a weekly series, the letter to the urologist, then the release revoked.
    new_series_from_slot(qtbot, window, AVERY, _next_monday(today), time(10, 0),
                         weekly=True, count_or_until=8)
    letter = issue_letter(qtbot, window, AVERY, UROLOGIST, "Urology",
                          out=tmp_path / "letter.pdf")
    revoke_release(qtbot, window, AVERY, UROLOGIST, today)
    refusal = letter_is_refused(qtbot, window, AVERY, UROLOGIST)
    member_leaves(qtbot, window, POLYCULE, KAI, today)

    # What the week left in the store, read through the core.
    store = controller.context.store
    assert store is not None
    sessions = store.sessions
    people = {c.display_name: c.id for c in list_clients(sessions)}
    assert set(people) == {AVERY, JORDAN, SAM, KAI}
    units = {u.label: u for u in list_units(sessions) if u.label}
    couple, polycule = units[COUPLE], units[POLYCULE]
    assert couple.kind == "couple" and couple.agreement is not None
    assert couple.agreement.kind == "no_secrets" and couple.agreement.agreed_on == today
    assert polycule.kind == "polycule"
    assert {m.client_id for m in polycule.current_members} == {
        people[AVERY], people[JORDAN], people[SAM]}
    assert [m.left_on for m in polycule.members if m.client_id == people[KAI]] == [today]
    edges = {(e.kind, frozenset((e.a_id, e.b_id)))
             for e in unit_graph(sessions, polycule.id, today).edges}
    assert ("spouse", frozenset((people[AVERY], people[JORDAN]))) in edges
    assert ("partner", frozenset((people[JORDAN], people[SAM]))) in edges
    # Kai has left the polycule: their relationship is kept in their own history.
    assert [(e.kind, {e.a_id, e.b_id}) for e in relationships_of(sessions, people[KAI])] == [
        ("nesting_partner", {people[SAM], people[KAI]})]

    (urologist,) = list_providers(sessions)
    assert urologist.details.name == UROLOGIST
    assert [o.details.name for o in list_organisations(sessions)] == [CLINIC]
    (release,) = list_releases(sessions, people[AVERY])
    assert release.revoked_on == today
    stored_scan = get_scan(sessions, release.id)
    assert stored_scan is not None and stored_scan.content == scan.read_bytes()

    (summary,) = list_notes(sessions, client_id=people[AVERY])
    note = get_note(sessions, summary.id)
    assert note.is_signed and note.signature is not None
    assert note.signature.signed_by == f"{THERAPIST}, PhD, LMFT, CST"  # as the wizard took it
    assert [(d.client_id, d.code) for d in note.diagnoses] == [(people[AVERY], "F52.6")]
    assert SESSION_TEXT in [section.body for section in note.sections]
    private = psychotherapy.list_psychotherapy_notes(sessions, note.unit_id)
    assert [p.body for p in private] == [PROCESS_NOTE]

    first = datetime.combine(_next_monday(today), time(0), tzinfo=UTC)
    booked = [a for a in week_view(sessions, first - timedelta(days=1),
                                   first + timedelta(weeks=12))
              if a.series_id is not None and a.unit_id == note.unit_id]
    assert len(booked) == 8
    first_day = booked[0].start_utc.date()
    assert [(b.start_utc.date() - first_day).days for b in booked] == [7 * n for n in range(8)]

    text = " ".join((page.extract_text() or "") for page in PdfReader(letter).pages)
    assert UROLOGIST.split()[-1] in text and PROCESS_NOTE not in text
    assert JORDAN not in text and SAM not in text
    (sent,) = disclosures.list_disclosures(sessions, people[AVERY])
    assert sent.release_id == release.id
    assert "revoked" in refusal.lower()
