"""A new therapist's care team and releases, from an empty store, through visible controls only.

The client is made through the core as setup (the client form is tested on its own); every
provider, organisation, care-team link, release, scan and revocation goes through the app.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from practice.services.clients import ClientDetails, create_client
from practice.services.providers import care_team, list_organisations, list_providers
from practice.services.releases import get_scan, list_releases
from tests.ui.conftest import ControllerFactory
from tests.ui.first_week.app import fresh_practice, go_to
from tests.ui.first_week.care import (
    add_to_care_team,
    choose_scan_file,
    closed,
    end_care_team_link,
    new_organisation,
    new_provider,
    open_chart,
    record_release,
    revoke_release,
    view_release_scan,
)
from tests.ui.visible import answer, click, dialog, find, open_tab, type_into
from ui.controller import AppController

KAI = "Kai Lindqvist"
UROLOGIST = "Dr. Anna Kowalski"
CLINIC = "Crescent City Urology"
NPI = "1234567893"


def _practice_with_kai(qtbot: QtBot, make_controller: ControllerFactory,
                       folder: Path) -> tuple[AppController, int]:
    controller = fresh_practice(qtbot, make_controller, folder)
    store = controller.context.store
    assert store is not None
    kai = create_client(store.sessions, ClientDetails(legal_name=KAI)).id
    return controller, kai


def _rows(window: object, table: str) -> list[list[str]]:
    view = find(window, QTableView, table)  # type: ignore[arg-type]
    model = view.model()
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_a_urologist_at_a_clinic_joins_the_care_team_and_later_leaves_it(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, kai = _practice_with_kai(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    go_to(qtbot, window, "Providers")
    assert "No providers yet" in find(window, QLabel, "Nothing here yet", qtbot=qtbot).text()

    new_organisation(qtbot, window, CLINIC, phone="504-555-0100")
    new_provider(qtbot, window, UROLOGIST, "Urology", npi=NPI, organisation=CLINIC,
                 credentials="MD")
    open_chart(qtbot, window, KAI)
    open_tab(qtbot, window, "Care team")
    assert "No one is on this client's care team" in find(
        window, QLabel, "Nothing here yet", qtbot=qtbot).text()
    add_to_care_team(qtbot, window, KAI, UROLOGIST, "Treating urologist", "2026-01-05")
    end_care_team_link(qtbot, window, KAI, UROLOGIST, "03/31/2026")

    assert _rows(window, "Care team") == [
        [UROLOGIST, "Treating urologist", "2026-01-05", "2026-03-31", "Ended"]]
    store = controller.context.store
    assert store is not None
    (provider,) = list_providers(store.sessions)
    assert (provider.details.npi, provider.organisation_name) == (NPI, CLINIC)
    assert [o.details.phone for o in list_organisations(store.sessions)] == ["504-555-0100"]
    (link,) = care_team(store.sessions, kai)
    assert (link.provider_name, link.since, link.until) == (
        UROLOGIST, date(2026, 1, 5), date(2026, 3, 31))


def test_a_provider_and_their_clinic_made_mid_form_keep_what_was_typed_and_are_chosen(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, kai = _practice_with_kai(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    open_chart(qtbot, window, KAI)
    open_tab(qtbot, window, "Care team")
    click(qtbot, window, "Add to care team…")
    form = dialog(qtbot, "Add to care team")
    type_into(qtbot, form, "Role", "Pelvic floor physical therapist")
    type_into(qtbot, form, "Start date", "2026-02-02")

    click(qtbot, form, "New provider…")
    provider_form = dialog(qtbot, "Add a provider")
    type_into(qtbot, provider_form, "Provider name", "Jordan Lee")
    find(provider_form, QComboBox, "Specialty").setCurrentText("Pelvic floor physical therapy")
    click(qtbot, provider_form, "New organisation…")
    clinic_form = dialog(qtbot, "New organisation")
    type_into(qtbot, clinic_form, "Organisation name", "Bayou Pelvic Health")
    click(qtbot, clinic_form, "Save")
    qtbot.waitUntil(lambda: closed(clinic_form), timeout=5000)
    assert find(provider_form, QComboBox, "Organisation").currentText() == "Bayou Pelvic Health"
    click(qtbot, provider_form, "Save")
    qtbot.waitUntil(lambda: closed(provider_form), timeout=5000)

    assert find(form, QComboBox, "Provider").currentText() == "Jordan Lee"
    assert find(form, QLineEdit, "Role").text() == "Pelvic floor physical therapist"
    assert find(form, QLineEdit, "Start date").text() == "2026-02-02"
    click(qtbot, form, "Save")
    qtbot.waitUntil(lambda: closed(form), timeout=5000)
    # The chart reads the team again after the save: wait for that reading to be shown.
    qtbot.waitUntil(lambda: _rows(window, "Care team") == [
        ["Jordan Lee", "Pelvic floor physical therapist", "2026-02-02", "", "On the team"]],
        timeout=5000)
    store = controller.context.store
    assert store is not None
    (provider,) = list_providers(store.sessions)
    assert provider.organisation_name == "Bayou Pelvic Health"
    assert [lk.provider_name for lk in care_team(store.sessions, kai)] == ["Jordan Lee"]


def test_each_release_shows_its_state_in_words_and_a_revoked_one_is_shown_revoked(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, kai = _practice_with_kai(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    today = date.today()
    new_organisation(qtbot, window, CLINIC)
    new_provider(qtbot, window, UROLOGIST, "Urology", npi=NPI)
    open_chart(qtbot, window, KAI)
    open_tab(qtbot, window, "Releases")
    assert "No releases of information on file" in find(
        window, QLabel, "Nothing here yet", qtbot=qtbot).text()
    for purpose, signed, expires in (
        ("Coordinate treatment", today - timedelta(days=30), today + timedelta(days=300)),
        ("Follow-up after surgery", today - timedelta(days=300), today + timedelta(days=10)),
        ("Second opinion", today - timedelta(days=400), today - timedelta(days=5)),
    ):
        record_release(qtbot, window, KAI, UROLOGIST, purpose, ["Attendance", "Diagnosis"],
                       signed, expires)
    record_release(qtbot, window, KAI, CLINIC, "Clinic records", ["Treatment summary"],
                   today - timedelta(days=20), today + timedelta(days=200))
    revoke_release(qtbot, window, KAI, CLINIC, today)

    rows = {row[2]: row for row in _rows(window, "Releases of information")}
    assert {purpose: row[0] for purpose, row in rows.items()} == {
        "Coordinate treatment": "In force", "Follow-up after surgery": "Expiring soon",
        "Second opinion": "Expired", "Clinic records": "Revoked"}
    assert rows["Clinic records"][1] == CLINIC and rows["Clinic records"][6] == str(today)
    assert rows["Coordinate treatment"][3] == "Attendance, diagnosis"
    view = find(window, QTableView, "Releases of information")
    colours = {QColor(view.model().index(r, 0).data(Qt.ItemDataRole.BackgroundRole)).name()
               for r in range(view.model().rowCount())}
    assert len(colours) == 4  # each state has its own colour, beside its words
    store = controller.context.store
    assert store is not None
    stored = {r.details.purpose: r for r in list_releases(store.sessions, kai)}
    assert stored["Clinic records"].revoked_on == today
    assert stored["Clinic records"].details.organisation_id is not None
    assert stored["Coordinate treatment"].details.scopes == {"attendance", "diagnosis"}


CANARY = "CANARY-7f3a91-scan-must-stay-encrypted"


def _png_with_canary(path: Path) -> Path:
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    image.setText("Comment", CANARY)
    assert image.save(str(path))  # PNG, by the name
    assert CANARY.encode() in path.read_bytes()
    return path


def _pdf_with_canary(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pageCompression=0)
    page.drawString(72, 720, f"Authorization to release information {CANARY}")
    page.save()
    assert CANARY.encode() in path.read_bytes()
    return path


def _files_holding(folder: Path, needle: bytes) -> list[Path]:
    return [f for f in folder.rglob("*") if f.is_file() and needle in f.read_bytes()]


def test_a_scan_is_kept_encrypted_and_shown_from_memory_never_written_out(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    controller, kai = _practice_with_kai(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    (tmp_path / "scans").mkdir()
    png = _png_with_canary(tmp_path / "scans" / "signed.png")
    pdf = _pdf_with_canary(tmp_path / "scans" / "signed.pdf")
    private_tmp = tmp_path / "private_tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # forget the cached temporary folder

    new_provider(qtbot, window, UROLOGIST, "Urology")
    today = date.today()
    record_release(qtbot, window, KAI, UROLOGIST, "Image scan", ["Attendance"],
                   today - timedelta(days=3), today + timedelta(days=365), scan=png)
    record_release(qtbot, window, KAI, UROLOGIST, "PDF scan", ["Progress"],
                   today - timedelta(days=2), today + timedelta(days=365), scan=pdf)

    viewer = view_release_scan(qtbot, window, KAI, "Image scan")
    shown = find(viewer, QLabel, "Signed release scan", qtbot=qtbot)
    pixmap = shown.pixmap()
    assert not pixmap.isNull() and (pixmap.width(), pixmap.height()) == (120, 80)
    click(qtbot, viewer, "Close")
    qtbot.waitUntil(lambda: closed(viewer), timeout=5000)

    viewer = view_release_scan(qtbot, window, KAI, "PDF scan")
    pdf_view = find(viewer, QPdfView, "Signed release scan", qtbot=qtbot)
    document = pdf_view.document()
    qtbot.waitUntil(lambda: document.status() == QPdfDocument.Status.Ready, timeout=5000)
    assert document.pageCount() == 1
    assert CANARY in document.getAllText(0).text()
    click(qtbot, viewer, "Close")

    store = controller.context.store
    assert store is not None
    scans = {r.details.purpose: get_scan(store.sessions, r.id)
             for r in list_releases(store.sessions, kai)}
    assert scans["PDF scan"] is not None and scans["PDF scan"].content == pdf.read_bytes()
    assert scans["Image scan"] is not None
    assert scans["Image scan"].info.media_type == "image/png"
    assert list(private_tmp.iterdir()) == []  # nothing written to the temporary folder
    # The scans' words appear nowhere on disk but in the files the therapist chose.
    assert _files_holding(tmp_path / "store", CANARY.encode()) == []
    assert sorted(_files_holding(tmp_path, CANARY.encode())) == sorted([pdf, png])



def test_a_file_that_is_not_what_its_name_says_is_refused_in_words_and_nothing_is_attached(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller, kai = _practice_with_kai(qtbot, make_controller, tmp_path / "store")
    window = controller.window
    fake = tmp_path / "signed.pdf"
    fake.write_text("a note, not a scan")
    new_provider(qtbot, window, UROLOGIST, "Urology")
    record_release(qtbot, window, KAI, UROLOGIST, "Coordinate treatment", ["Attendance"],
                   date.today(), date.today() + timedelta(days=365))
    choose_scan_file(qtbot, window, KAI, "Coordinate treatment", fake)
    assert answer(qtbot, "OK") == "The file's contents do not match its type."
    assert _rows(window, "Releases of information")[0][7] == "None"
    store = controller.context.store
    assert store is not None
    (release,) = list_releases(store.sessions, kai)
    assert not release.has_scan and get_scan(store.sessions, release.id) is None
