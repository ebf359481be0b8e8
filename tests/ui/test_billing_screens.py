"""The money side on screen: a fee set in Settings, a completed session's charge in the chart's
Billing tab, payments that lower the balance, and corrections by adjusting entries only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QLabel, QTableView
from pytestqt.qtbot import QtBot

from practice.billing.money import TOO_PRECISE
from practice.schedule.model import Appointment, LocationKind, SessionKind
from practice.services.billing import CLOSED_ACCOUNT, set_fee
from practice.services.clients import set_status
from practice.services.schedule import SessionRef, book, complete_session
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.conftest import ContextFactory, wait_idle
from tests.ui.measures_steps import measures_of, on_screen
from tests.ui.visible import choose, click, dialog, find, open_tab, pick_row, type_into
from ui.context import AppContext
from ui.screens.clients import ClientsScreen
from ui.screens.settings import SettingsScreen

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

TODAY = date.today()
SESSION_DAY = TODAY - timedelta(days=3)
FEE_FROM = TODAY - timedelta(days=30)
CHARGES = "Charges, oldest first"
PAYMENTS = "Payments, oldest first"


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> Iterator[AppContext]:
    """A context with the test's store open (closed by ``make_context``)."""
    made = make_context(store_path)
    made.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    yield made


def _sessions(context: AppContext) -> sessionmaker[Session]:
    assert context.store is not None
    return context.store.sessions


def _held_session(context: AppContext, legal: str, chosen: str) -> int:
    """A client whose 50-minute individual session three days ago was completed."""
    sessions = _sessions(context)
    client = factories.client(sessions, legal, chosen)
    unit = factories.unit(sessions, "individual", client)
    start = datetime.combine(SESSION_DAY, time(15, 0), tzinfo=UTC)
    draft = Appointment(unit, SessionKind.INDIVIDUAL, start, "UTC", 50, LocationKind.OFFICE,
                        frozenset({client}))
    stored = book(sessions, draft).appointment
    assert stored.id is not None
    complete_session(sessions, SessionRef(stored.id))
    return client


def _billing_of(qtbot: QtBot, context: AppContext, client_id: int) -> ClientsScreen:
    screen = measures_of(qtbot, context, client_id)  # the chart open, as the therapist has it
    open_tab(qtbot, screen, "Billing")
    return screen


def _cells(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [[str(model.data(model.index(r, c))) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _save(qtbot: QtBot, context: AppContext, title: str) -> None:
    click(qtbot, dialog(qtbot, title), "Save")
    wait_idle(qtbot, context)


def _balance_says(qtbot: QtBot, screen: ClientsScreen, words: str) -> None:
    qtbot.waitUntil(lambda: words in find(screen, QLabel, "Balance").text(), timeout=5000)


def test_a_fee_set_in_settings_charges_the_next_completed_session_on_the_billing_tab(
    qtbot: QtBot, context: AppContext,
) -> None:
    settings = SettingsScreen(context)
    qtbot.addWidget(settings)
    settings.show()
    settings.load()
    wait_idle(qtbot, context)
    assert find(settings, QLabel, "No fees").isVisible()

    click(qtbot, settings, "Set fee")
    form = dialog(qtbot, "Set fee")
    choose(qtbot, form, "Service", "90834 — Psychotherapy, 45 minutes")
    type_into(qtbot, form, "Fee", "150.00")
    type_into(qtbot, form, "Effective from", FEE_FROM.isoformat())
    _save(qtbot, context, "Set fee")
    qtbot.waitUntil(lambda: not on_screen("Set fee"), timeout=5000)
    fees = find(settings, QTableView, "Fee schedule")
    qtbot.waitUntil(lambda: fees.model().rowCount() == 1, timeout=5000)
    assert _cells(fees) == [["90834", "Psychotherapy, 45 minutes", "$150.00",
                             FEE_FROM.isoformat()]]

    robin = _held_session(context, "Robert Ångström", "Robin")
    screen = _billing_of(qtbot, context, robin)
    charges = find(screen, QTableView, CHARGES)
    qtbot.waitUntil(lambda: charges.model().rowCount() == 1, timeout=5000)
    assert _cells(charges) == [[SESSION_DAY.isoformat(), "90834", "Psychotherapy, 45 minutes",
                                "$150.00", "$150.00", "", "", "$0.00", "$150.00"]]
    _balance_says(qtbot, screen, "owes $150.00")


def test_a_payment_with_three_decimals_is_refused_under_the_amount_then_lowers_the_balance(
    qtbot: QtBot, context: AppContext,
) -> None:
    set_fee(_sessions(context), "90834", "150.00", FEE_FROM)
    robin = _held_session(context, "Robert Ångström", "Robin")
    screen = _billing_of(qtbot, context, robin)
    _balance_says(qtbot, screen, "owes $150.00")

    click(qtbot, screen, "Record payment")
    form = dialog(qtbot, "Record payment")
    type_into(qtbot, form, "Amount", "60.005")
    choose(qtbot, form, "Method", "Card")
    _save(qtbot, context, "Record payment")
    problem = find(form, QLabel, "Amount: problem", qtbot=qtbot)
    assert problem.text() == TOO_PRECISE
    assert on_screen("Record payment")  # still open with what was typed

    type_into(qtbot, form, "Amount", "60.00")
    _save(qtbot, context, "Record payment")
    qtbot.waitUntil(lambda: not on_screen("Record payment"), timeout=5000)
    _balance_says(qtbot, screen, "owes $90.00")
    payments = find(screen, QTableView, PAYMENTS)
    assert _cells(payments) == [[TODAY.isoformat(), "$60.00", "Card", "$60.00", "", "$0.00"]]
    assert _cells(find(screen, QTableView, CHARGES))[0][-2:] == ["$60.00", "$90.00"]


def test_a_charge_is_corrected_by_adjustment_and_write_off_and_credit_is_refunded(
    qtbot: QtBot, context: AppContext,
) -> None:
    set_fee(_sessions(context), "90834", "150.00", FEE_FROM)
    robin = _held_session(context, "Robert Ångström", "Robin")
    screen = _billing_of(qtbot, context, robin)

    pick_row(qtbot, screen, CHARGES, "90834")
    click(qtbot, screen, "Adjust charge")
    form = dialog(qtbot, "Adjust charge")
    type_into(qtbot, form, "Corrected amount", "120.00")
    _save(qtbot, context, "Adjust charge")
    assert find(form, QLabel, "Reason: problem", qtbot=qtbot).text().startswith(
        "Give a reason for the adjustment")
    type_into(qtbot, form, "Reason", "Sliding scale agreed at intake")
    _save(qtbot, context, "Adjust charge")
    qtbot.waitUntil(lambda: not on_screen("Adjust charge"), timeout=5000)
    _balance_says(qtbot, screen, "owes $120.00")

    pick_row(qtbot, screen, CHARGES, "90834")
    click(qtbot, screen, "Write off charge")
    form = dialog(qtbot, "Write off charge")
    type_into(qtbot, form, "Amount", "20.00")
    type_into(qtbot, form, "Reason", "Courtesy")
    _save(qtbot, context, "Write off charge")
    qtbot.waitUntil(lambda: not on_screen("Write off charge"), timeout=5000)
    _balance_says(qtbot, screen, "owes $100.00")
    assert _cells(find(screen, QTableView, CHARGES))[0][3:] == [
        "$150.00", "$150.00", "-$30.00", "$20.00", "$0.00", "$100.00"]

    click(qtbot, screen, "Record payment")
    type_into(qtbot, dialog(qtbot, "Record payment"), "Amount", "130.00")
    _save(qtbot, context, "Record payment")
    _balance_says(qtbot, screen, "has $30.00 in credit")

    pick_row(qtbot, screen, PAYMENTS, "$130.00")
    click(qtbot, screen, "Refund payment")
    form = dialog(qtbot, "Refund payment")
    type_into(qtbot, form, "Reason", "Overpaid at the session")
    _save(qtbot, context, "Refund payment")  # the whole credit, as the form offers it
    qtbot.waitUntil(lambda: not on_screen("Refund payment"), timeout=5000)
    _balance_says(qtbot, screen, "owes nothing")
    assert _cells(find(screen, QTableView, PAYMENTS))[0][1:] == [
        "$130.00", "Cash", "$100.00", "$30.00", "$0.00"]


def test_a_payment_for_a_discharged_clients_closed_account_is_refused_in_the_form(
    qtbot: QtBot, context: AppContext,
) -> None:
    ana = factories.client(_sessions(context), "Ana Lima")
    set_status(_sessions(context), ana, "discharged", TODAY)
    screen = _billing_of(qtbot, context, ana)
    _balance_says(qtbot, screen, "owes nothing")

    click(qtbot, screen, "Record payment")
    type_into(qtbot, dialog(qtbot, "Record payment"), "Amount", "50.00")
    _save(qtbot, context, "Record payment")
    form = dialog(qtbot, "Record payment")
    qtbot.waitUntil(lambda: find(form, QLabel, "Why this was not saved").isVisible(),
                    timeout=5000)
    assert find(form, QLabel, "Why this was not saved").text() == CLOSED_ACCOUNT
    assert find(screen, QLabel, "No payments").isVisible()
