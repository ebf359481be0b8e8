"""The chart's "Export record…": the client's copy, reviewed, then saved."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QLabel, QTextBrowser
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
from tests.ui.visible import TIMEOUT, click, dialog, find, open_tab, type_into

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


def test_the_client_s_accounting_of_disclosures_is_written_from_the_chart(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
    save_to: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    new_client(qtbot, window, "Robin Hale", chosen_name="Rob", date_of_birth=date(1984, 2, 9))
    export_record(qtbot, window, "Rob")  # one disclosure logged: the copy given to Rob
    dialog(qtbot, "Export record").close()
    accounting = tmp_path / "out" / "accounting.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *_args, **_kw: (str(accounting), "")))

    open_tab(qtbot, window, "Letters & disclosures")
    click(qtbot, window, "Accounting of disclosures")
    form = dialog(qtbot, "Accounting of disclosures")
    click(qtbot, form, "Legal name")
    type_into(qtbot, form, "Password for the PDF", "ledger 9")
    click(qtbot, form, "Save")
    saved = find(window, QLabel, "Accounting saved", qtbot=qtbot)
    qtbot.waitUntil(lambda: str(accounting) in saved.text(), timeout=TIMEOUT)

    text = pdf_text(accounting.read_bytes(), "ledger 9")
    assert "Client: Robin Hale" in text and "Copy of the record" in text


def test_an_accounting_without_a_date_of_birth_is_refused_in_the_form_and_nothing_written(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    new_client(qtbot, window, "Robin Hale", chosen_name="Rob")
    accounting = tmp_path / "accounting.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *_args, **_kw: (str(accounting), "")))

    open_tab(qtbot, window, "Letters & disclosures")
    click(qtbot, window, "Accounting of disclosures")
    form = dialog(qtbot, "Accounting of disclosures")
    click(qtbot, form, "Save")
    problem = find(form, QLabel, "Why this was not saved", qtbot=qtbot)
    qtbot.waitUntil(lambda: "Date of birth is needed" in problem.text(), timeout=TIMEOUT)
    assert form.isVisible() and not accounting.exists()
