"""The chart's "Export record…": the client's copy, reviewed, then saved."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QTextBrowser
from pytestqt.qtbot import QtBot

from practice.services import clients, notes, psychotherapy, units
from practice.services.units import Agreement
from tests.core import factories as f
from tests.core.test_letters_builders import pdf_text
from tests.ui.conftest import ControllerFactory
from tests.ui.first_week.app import fresh_practice
from tests.ui.first_week.clients import new_client
from tests.ui.first_week.record import export_record
from tests.ui.test_accessibility import _unnamed_inputs
from tests.ui.visible import TIMEOUT, dialog, find, open_tab

OWN_WORDS = "OWNWORDS sandpiper"
PARTNER_SECRET = "PARTNERSECRET kestrel"
PRIVATE_WORDS = "PRIVATEWORDS lantern"


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Path]:
    """Where the save dialogs answer: the PDF and the FHIR file (a native one cannot run)."""
    targets = {"PDF": tmp_path / "out" / "copy.pdf", "FHIR": tmp_path / "out" / "copy.json"}
    targets["PDF"].parent.mkdir()

    def answer(_parent: object, caption: str, *_args: object, **_kw: object) -> tuple[str, str]:
        return str(targets["FHIR" if "FHIR" in caption else "PDF"]), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return targets


def test_a_client_s_record_is_exported_after_the_withheld_list_is_reviewed(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
    save_to: dict[str, Path],
) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    new_client(qtbot, window, "Ana Lucía Ruiz", chosen_name="Lucía")
    new_client(qtbot, window, "Quentin Marlowe", chosen_name="Quill")
    store = controller.context.store
    assert store is not None
    sessions = store.sessions
    # The clinical history a week of sessions would leave (the note screens have their own
    # tests): a couple whose individual sessions are held separately.
    ana, quill = (c.id for c in sorted(clients.list_clients(sessions),
                                        key=lambda c: c.display_name))
    couple = f.unit(sessions, "couple", ana, quill)
    units.set_agreement(sessions, couple, Agreement("individual_private"))
    own = f.draft(sessions, couple, text=OWN_WORDS, attendees=[ana], day=date(2025, 3, 3))
    notes.sign_note(sessions, own.id, signed_by="Dr. Morgan Ellis")
    theirs = f.draft(sessions, couple, text=PARTNER_SECRET, attendees=[quill],
                     day=date(2025, 3, 4))
    notes.sign_note(sessions, theirs.id, signed_by="Dr. Morgan Ellis")
    psychotherapy.create_psychotherapy_note(sessions, couple, date(2025, 3, 3), PRIVATE_WORDS)

    withheld, outcome = export_record(qtbot, window, "Lucía", fhir=True,
                                      password="tide pool 42")

    assert withheld == [
        "A progress note from another member's individual session — Held "
        "separately: the unit's agreement keeps what each member says in an individual "
        "session private."]
    assert outcome.startswith("Record written to") and "protected" in outcome
    assert PdfReader(save_to["PDF"]).is_encrypted
    text = pdf_text(save_to["PDF"].read_bytes(), "tide pool 42")
    assert OWN_WORDS in text and "Withheld from this copy" in text
    assert PARTNER_SECRET.split()[0] not in text and PRIVATE_WORDS.split()[0] not in text
    assert _unnamed_inputs(dialog(qtbot, "Export record")) == []
    bundle = json.loads(save_to["FHIR"].read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle"
    assert sorted(p.name for p in save_to["PDF"].parent.iterdir()) == ["copy.json", "copy.pdf"]


def test_the_chart_s_disclosure_log_shows_the_copy_given_to_the_client(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
    save_to: dict[str, Path],
) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    new_client(qtbot, window, "Robin Hale", chosen_name="Rob")

    _withheld, outcome = export_record(qtbot, window, "Rob")

    assert outcome.endswith("logged as a copy given to the client.")
    dialog(qtbot, "Export record").close()
    open_tab(qtbot, window, "Letters & disclosures")
    log = find(window, QTextBrowser, "Letters and disclosures", qtbot=qtbot)
    qtbot.waitUntil(lambda: "copy of the record given to the client" in log.toPlainText(),
                    timeout=TIMEOUT)
    shown = log.toPlainText().split("Disclosures")[1]
    assert f"{date.today().isoformat()} — Rob: copy of the record given to the client" in shown
    assert "right of access" in shown
