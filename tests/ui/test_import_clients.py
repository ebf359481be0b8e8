"""Settings → Import clients: a spreadsheet's caseload previewed, adjusted, and confirmed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from practice.services.clients import list_clients
from tests.ui.conftest import ControllerFactory
from tests.ui.first_week.app import fresh_practice, go_to
from tests.ui.visible import choose, click, dialog, find, pick_row, type_into

SHEET = ("Full name,When born,E-post,Pronouns\n"
         "Rosa Delgado,1985-03-14,rosa@example.org,she/her\n"
         "Sam Okafor,1990-07-02,sam@example.org,they/them\n"
         "Ana Ruiz,1980-02-30,ana@example.org,\n")


@pytest.fixture
def chosen_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The CSV the file chooser will return (a native dialog cannot be driven offscreen)."""
    sheet = tmp_path / "caseload.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_args, **_kw: (str(sheet), "CSV files")))
    return sheet


def _summary(window: QWidget) -> str:
    return find(window, QLabel, "Import summary").text()


def test_a_caseload_is_previewed_adjusted_and_imported_only_when_confirmed(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
        chosen_file: Path) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    go_to(qtbot, controller.window, "Settings")
    click(qtbot, controller.window, "Import clients")
    importer = dialog(qtbot, "Import clients")
    click(qtbot, importer, "Choose CSV file…")
    pick_row(qtbot, importer, "Rows to import", "Rosa Delgado")
    # "When born" and "E-post" are not words it guesses: dates are not read until mapped.
    assert "1 with problems" not in _summary(importer)
    choose(qtbot, importer, "Date of birth", "When born")
    choose(qtbot, importer, "Email", "E-post")
    qtbot.waitUntil(lambda: "2 ready to import, 1 with problems" in _summary(importer),
                    timeout=5000)
    pick_row(qtbot, importer, "Rows to import",
             "Not imported: Date of birth is not a date that exists.")
    import_button = find(importer, QWidget, "Import 2 clients")
    assert not import_button.isEnabled()  # a bad row blocks until the therapist says so
    store = controller.context.store
    assert store is not None
    assert list_clients(store.sessions) == ()

    click(qtbot, importer, "Import only the rows without problems")
    click(qtbot, importer, "Import 2 clients")
    qtbot.waitUntil(lambda: _summary(importer).startswith("Imported 2 clients"), timeout=5000)
    kept = {c.display_name: c.id for c in list_clients(store.sessions)}
    assert set(kept) == {"Rosa Delgado", "Sam Okafor"}


def test_the_practice_is_exported_encrypted_from_settings_and_imports_elsewhere(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
        chosen_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from practice.services.practice_export import import_practice
    from practice.store.kdf import FAST_INSECURE_PARAMS

    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    go_to(qtbot, controller.window, "Settings")
    click(qtbot, controller.window, "Import clients")
    importer = dialog(qtbot, "Import clients")
    click(qtbot, importer, "Choose CSV file…")
    pick_row(qtbot, importer, "Rows to import", "Sam Okafor")
    choose(qtbot, importer, "Date of birth", "When born")
    qtbot.waitUntil(lambda: "1 with problems" in _summary(importer), timeout=5000)
    click(qtbot, importer, "Import only the rows without problems")
    click(qtbot, importer, "Import 2 clients")
    qtbot.waitUntil(lambda: _summary(importer).startswith("Imported"), timeout=5000)
    click(qtbot, importer, "Close")

    target = tmp_path / "moving.practice-export"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_args, **_kw: (str(target), "exports")))
    click(qtbot, controller.window, "Export practice")
    exporter = dialog(qtbot, "Export practice")
    export_button = find(exporter, QWidget, "Choose file and export…")
    assert not export_button.isEnabled()  # no passphrase yet
    type_into(qtbot, exporter, "Export passphrase", "moving day 2026 kettle")
    type_into(qtbot, exporter, "Type it again", "moving day 2026 kettle")
    click(qtbot, exporter, "Choose file and export…")
    qtbot.waitUntil(lambda: "records written to" in find(exporter, QLabel,
                                                          "Export result").text(),
                    timeout=10000)
    copy, _, _ = import_practice(
        target, tmp_path / "elsewhere", passphrase="moving day 2026 kettle",
        store_passphrase="new laptop 2027 pass", kdf=FAST_INSECURE_PARAMS)
    with copy:
        assert {c.display_name for c in list_clients(copy.sessions)} == {
            "Rosa Delgado", "Sam Okafor"}
