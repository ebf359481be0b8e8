"""Receipts and statements from the chart's Billing tab, and the accountant's income summary
from Settings: each through its form, refused in the core's words, read back from the file."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QTableView, QWidget
from pytestqt.qtbot import QtBot

from practice.services.billing import record_payment, set_fee
from practice.services.billing_documents import documents_for
from practice.services.billing_documents.account import OUT_OF_ORDER
from tests.billing.documents_helpers import pdf_text, set_billing_profile
from tests.core import factories
from tests.ui.billing_steps import (
    FEE_FROM,
    SESSION_DAY,
    TODAY,
    billed_client,
    billing_tab,
    cells,
    held,
    save_as,
    sessions_of,
)
from tests.ui.conftest import wait_idle
from tests.ui.measures_steps import on_screen
from tests.ui.visible import click, dialog, find, open_tab, pick_row, type_into
from ui.context import AppContext
from ui.screens.settings import SettingsScreen

DOCUMENTS = "Documents given to the client"
PAYMENTS = "Payments, oldest first"


@pytest.fixture
def context(open_context: AppContext) -> AppContext:
    """The test's store, open."""
    return open_context


def _client_who_paid(context: AppContext) -> int:
    """Margaret (Sky): a $150.00 session three days ago, $60.00 paid by card on its day."""
    sessions = sessions_of(context)
    set_billing_profile(sessions)
    set_fee(sessions, "90834", "150.00", FEE_FROM)
    client = billed_client(sessions, "Margaret Ann Whitfield", "Sky")
    unit = factories.unit(sessions, "individual", client)
    held(sessions, unit, frozenset({client}))
    record_payment(sessions, client, "60.00", SESSION_DAY, "card")
    return client


def _statement_form(qtbot: QtBot, screen: QWidget, start: date, end: date) -> QWidget:
    """"Statement…" clicked and its period typed; the form, not yet saved."""
    click(qtbot, screen, "Statement")
    form = dialog(qtbot, "Statement")
    type_into(qtbot, form, "Statement from", start.isoformat())
    type_into(qtbot, form, "Statement to", end.isoformat())
    return form


def _issue(qtbot: QtBot, context: AppContext, title: str) -> None:
    click(qtbot, dialog(qtbot, title), "Save")
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: not on_screen(title), timeout=5000)


def test_a_payment_s_receipt_and_a_statement_are_given_listed_and_logged(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    sky = _client_who_paid(context)
    screen = billing_tab(qtbot, context, sky)
    out = tmp_path / "receipt.pdf"
    asked = save_as(monkeypatch, out)

    pick_row(qtbot, screen, PAYMENTS, "$60.00")
    click(qtbot, screen, "Receipt for payment")
    form = dialog(qtbot, "Receipt")
    assert f"$60.00 received on {SESSION_DAY.isoformat()}" in find(form, QLabel, "Payment").text()
    _issue(qtbot, context, "Receipt")
    assert asked == ["Save the receipt (PDF)"]
    receipt = pdf_text(out.read_bytes())
    assert "$60.00" in receipt and "Margaret Ann Whitfield" in receipt

    out = tmp_path / "statement.pdf"
    asked = save_as(monkeypatch, out)
    form = _statement_form(qtbot, screen, SESSION_DAY, TODAY)
    type_into(qtbot, form, "Password for the PDF", "harbor-7")
    _issue(qtbot, context, "Statement")
    statement = pdf_text(out.read_bytes(), "harbor-7")
    assert "$150.00" in statement and "$90.00" in statement

    documents = find(screen, QTableView, DOCUMENTS)
    qtbot.waitUntil(lambda: documents.model().rowCount() == 2, timeout=5000)
    assert sorted(row[0] for row in cells(documents)) == ["Receipt", "Statement"]
    assert "logged as a copy given to the client" in find(screen, QLabel, "Document saved").text()
    assert sorted(d.kind for d in documents_for(sessions_of(context), sky)) == [
        "receipt", "statement"]
    open_tab(qtbot, screen, "Letters & disclosures")
    log = screen.chart.letters
    qtbot.waitUntil(lambda: "statement" in log.toPlainText().split("Disclosures")[-1].lower(),
                    timeout=5000)


def test_a_statement_whose_dates_are_out_of_order_is_refused_and_nothing_is_kept(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    sky = _client_who_paid(context)
    screen = billing_tab(qtbot, context, sky)
    out = tmp_path / "statement.pdf"
    asked = save_as(monkeypatch, out)

    form = _statement_form(qtbot, screen, TODAY, SESSION_DAY)
    click(qtbot, form, "Save")
    wait_idle(qtbot, context)

    assert on_screen("Statement")  # still open, with what was typed, and why
    assert find(form, QLabel, "Why this was not saved").text() == OUT_OF_ORDER.format(
        start=TODAY.isoformat(), end=SESSION_DAY.isoformat())
    assert asked == [] and not out.exists()  # not even asked where to save
    assert documents_for(sessions_of(context), sky) == []


def test_the_income_summary_is_written_from_settings_as_csv_naming_no_client(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    _client_who_paid(context)
    settings = SettingsScreen(context)
    qtbot.addWidget(settings)
    settings.show()
    settings.load()
    wait_idle(qtbot, context)
    out = tmp_path / "income.csv"
    asked = save_as(monkeypatch, out)

    click(qtbot, settings, "Income summary")
    form = dialog(qtbot, "Income summary")
    type_into(qtbot, form, "Year", "twenty")
    click(qtbot, form, "Save")
    assert "four digits" in find(form, QLabel, "Year: problem", qtbot=qtbot).text()
    assert asked == [] and not out.exists()

    type_into(qtbot, form, "Year", str(SESSION_DAY.year))
    _issue(qtbot, context, "Income summary")
    assert asked == ["Save the income summary"]
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    month = f"{SESSION_DAY.year}-{SESSION_DAY.month:02d}"
    ours = next(row for row in rows if row[0] == month)
    assert ours[1:3] == ["150.00", "60.00"]  # charged, received
    assert "Whitfield" not in out.read_text(encoding="utf-8")
    saved = find(settings, QLabel, "Income summary saved", qtbot=qtbot)
    assert f"Income summary for {SESSION_DAY.year} saved to {out}" in saved.text()
