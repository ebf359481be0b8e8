"""The chart's Billing tab gives superbills and estimates as PDFs, and records coverage and a
sliding scale: each through its form, refused in the core's words, read back from the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QTableView
from pytestqt.qtbot import QtBot

from practice.billing.money import Money
from practice.services.billing import SELF_PAY, coverage_of, fee_on, set_fee
from practice.services.billing_documents import documents_for
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.billing.documents_helpers import pdf_text, set_billing_profile
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.billing_steps import (
    FEE_FROM,
    NPI,
    SESSION_DAY,
    TODAY,
    billed_client,
    billing_tab,
    cells,
    held,
    save_as,
    sessions_of,
)
from tests.ui.conftest import ContextFactory, wait_idle
from tests.ui.measures_steps import on_screen
from tests.ui.visible import choose, click, dialog, find, open_tab, pick_row, type_into
from ui.context import AppContext

DOCUMENTS = "Documents given to the client"


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> Iterator[AppContext]:
    """A context with the test's store open (closed by ``make_context``)."""
    made = make_context(store_path)
    made.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    yield made


def _client_seen(context: AppContext) -> int:
    """Margaret (Sky), seen three days ago for a 45-minute session at $150.00."""
    sessions = sessions_of(context)
    set_fee(sessions, "90834", "150.00", FEE_FROM)
    client = billed_client(sessions, "Margaret Ann Whitfield", "Sky")
    unit = factories.unit(sessions, "individual", client)
    held(sessions, unit, frozenset({client}))
    return client


def test_a_superbill_issued_from_the_tab_is_saved_protected_and_reads_back_with_the_npi(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_billing_profile(sessions_of(context))
    sky = _client_seen(context)
    out = tmp_path / "superbill.pdf"
    asked = save_as(monkeypatch, out)
    screen = billing_tab(qtbot, context, sky)
    assert find(screen, QLabel, "No documents").isVisible()

    click(qtbot, screen, "Superbill")
    form = dialog(qtbot, "Superbill")
    type_into(qtbot, form, "Services from", SESSION_DAY.isoformat())
    type_into(qtbot, form, "Services to", TODAY.isoformat())
    type_into(qtbot, form, "Password for the PDF", "harbor-7")
    click(qtbot, form, "Save")
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: not on_screen("Superbill"), timeout=5000)

    assert asked == ["Save the superbill (PDF)"]
    text = pdf_text(out.read_bytes(), "harbor-7")
    assert NPI in text and "90834" in text and "Margaret Ann Whitfield" in text
    documents = find(screen, QTableView, DOCUMENTS)
    qtbot.waitUntil(lambda: documents.model().rowCount() == 1, timeout=5000)
    assert cells(documents)[0][:2] == ["Superbill", TODAY.isoformat()]
    assert "logged as a copy given to the client" in find(screen, QLabel, "Document saved").text()
    # The chart's own log shows the disclosure at once, without reopening the chart.
    open_tab(qtbot, screen, "Letters & disclosures")
    log = screen.chart.letters
    qtbot.waitUntil(lambda: "superbill" in log.toPlainText().split("Disclosures")[-1].lower(),
                    timeout=5000)


def test_a_superbill_without_the_npi_is_refused_naming_settings_practice_and_nothing_written(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_billing_profile(sessions_of(context), npi="")
    sky = _client_seen(context)
    out = tmp_path / "superbill.pdf"
    save_as(monkeypatch, out)
    screen = billing_tab(qtbot, context, sky)

    click(qtbot, screen, "Superbill")
    form = dialog(qtbot, "Superbill")
    type_into(qtbot, form, "Services from", SESSION_DAY.isoformat())
    click(qtbot, form, "Save")
    why = find(form, QLabel, "Why this was not saved", qtbot=qtbot)
    qtbot.waitUntil(lambda: why.isVisible(), timeout=5000)
    assert "Individual NPI" in why.text() and "Settings, Practice" in why.text()
    assert on_screen("Superbill")  # still open with what was typed
    assert not out.exists()
    assert documents_for(sessions_of(context), sky) == []


def test_a_good_faith_estimate_is_issued_listed_and_a_copy_saved_again_byte_for_byte(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_billing_profile(sessions_of(context))
    sky = _client_seen(context)
    out = tmp_path / "estimate.pdf"
    save_as(monkeypatch, out)
    screen = billing_tab(qtbot, context, sky)

    click(qtbot, screen, "Good-faith estimate")
    form = dialog(qtbot, "Good-faith estimate")
    choose(qtbot, form, "Service", "90834 — Psychotherapy, 45 minutes")
    choose(qtbot, form, "Frequency", "Every two weeks")
    type_into(qtbot, form, "Months", "3")
    type_into(qtbot, form, "First session", TODAY.isoformat())
    click(qtbot, form, "Save")
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: not on_screen("Good-faith estimate"), timeout=5000)
    text = pdf_text(out.read_bytes())
    assert "$150.00" in text and "400" in text  # priced, with the dispute threshold

    copy = tmp_path / "copy.pdf"
    save_as(monkeypatch, copy)
    pick_row(qtbot, screen, DOCUMENTS, "Good-faith estimate")
    click(qtbot, screen, "Save a copy")
    wait_idle(qtbot, context)
    qtbot.waitUntil(copy.exists, timeout=5000)
    assert copy.read_bytes() == out.read_bytes()
    assert find(screen, QLabel, "Document saved").text() == f"Copy saved to {copy}."


def test_an_estimate_for_more_than_twelve_months_cannot_be_typed_and_a_bad_date_is_named(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    sky = _client_seen(context)
    asked = save_as(monkeypatch, tmp_path / "estimate.pdf")
    screen = billing_tab(qtbot, context, sky)
    click(qtbot, screen, "Good-faith estimate")
    form = dialog(qtbot, "Good-faith estimate")
    type_into(qtbot, form, "First session", "2026-02-30")
    click(qtbot, form, "Save")
    problem = find(form, QLabel, "First session: problem", qtbot=qtbot)
    assert problem.isVisible() and "First session" in problem.text()
    assert asked == []  # nothing asked, nothing written, while the plan cannot be read


def test_coverage_and_a_sliding_scale_fee_are_recorded_from_the_billing_tab(
    qtbot: QtBot, context: AppContext,
) -> None:
    sky = _client_seen(context)
    screen = billing_tab(qtbot, context, sky)
    coverage = find(screen, QLabel, "Coverage", qtbot=qtbot)
    qtbot.waitUntil(lambda: coverage.text() == "Coverage: Not known yet.", timeout=5000)

    click(qtbot, screen, "Change coverage")
    form = dialog(qtbot, "Coverage")
    choose(qtbot, form, "Coverage", "Self-pay (no insurance used)")
    type_into(qtbot, form, "From", FEE_FROM.isoformat())
    click(qtbot, form, "Save")
    qtbot.waitUntil(lambda: "Self-pay" in coverage.text(), timeout=5000)
    assert coverage.text().endswith(f"since {FEE_FROM.isoformat()}.")
    assert coverage_of(sessions_of(context), sky).coverage == SELF_PAY

    click(qtbot, screen, "Sliding-scale fee")
    form = dialog(qtbot, "Sliding-scale fee")
    choose(qtbot, form, "Service", "90834 — Psychotherapy, 45 minutes")
    type_into(qtbot, form, "Fee", "90.00")
    type_into(qtbot, form, "Effective from", SESSION_DAY.isoformat())
    click(qtbot, form, "Save")  # on or before the session already charged: refused
    problem = find(form, QLabel, "Effective from: problem", qtbot=qtbot)
    qtbot.waitUntil(problem.isVisible, timeout=5000)
    assert "never backwards" in problem.text()
    type_into(qtbot, form, "Effective from", TODAY.isoformat())
    click(qtbot, form, "Save")
    agreed = find(screen, QLabel, "Sliding-scale fee agreed", qtbot=qtbot)
    qtbot.waitUntil(lambda: "$90.00" in agreed.text(), timeout=5000)
    assert fee_on(sessions_of(context), "90834", TODAY, client_id=sky) == Money(9000)
