"""Money across the practice: who pays for a couple, the policy fee asked for after a no-show
or a late cancel, Today's outstanding list and sessions not charged, and the good-faith
estimate offered when a self-pay client's first session is booked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
)
from pytestqt.qtbot import QtBot

from practice.billing.money import Money
from practice.billing.payers import PERCENTS_MUST_ADD_UP, Arrangement, PayerPlan
from practice.schedule.model import SessionKind
from practice.services.billing import (
    OUT_OF_NETWORK,
    SELF_PAY,
    charges_for,
    fee_on,
    payer_plan,
    set_coverage,
    set_fee,
)
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.billing_steps import (
    FEE_FROM,
    SESSION_DAY,
    TODAY,
    booked,
    cells,
    held,
    sessions_of,
)
from tests.ui.conftest import ContextFactory, wait_idle
from tests.ui.first_week.notes_schedule import GRID, pick_by_typing
from tests.ui.measures_steps import on_screen
from tests.ui.visible import answer, choose, click, dialog, find, open_tab, pick_row, type_into
from ui.context import AppContext
from ui.models.money_owed import CHOOSE_IDENTIFIED
from ui.screens.schedule import ScheduleScreen
from ui.screens.today import TodayScreen
from ui.screens.units import UnitsScreen

COUPLE = "Ana Lima & Ben Cole"
NEXT_WEEK = TODAY + timedelta(days=7)


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> Iterator[AppContext]:
    """A context with the test's store open (closed by ``make_context``)."""
    made = make_context(store_path)
    made.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    yield made


def _couple(context: AppContext) -> tuple[int, int, int]:
    sessions = sessions_of(context)
    ana = factories.client(sessions, "Ana Lima")
    ben = factories.client(sessions, "Ben Cole")
    return ana, ben, factories.unit(sessions, "couple", ana, ben)


def _no_question_open() -> bool:
    return not any(isinstance(w, QMessageBox) and w.isVisible()
                   for w in QApplication.topLevelWidgets())


def test_a_couple_splits_its_fees_sixty_forty_with_ana_the_identified_client(
    qtbot: QtBot, context: AppContext,
) -> None:
    ana, ben, unit = _couple(context)
    screen = UnitsScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.load()
    wait_idle(qtbot, context)
    pick_row(qtbot, screen, "Care units", f"{COUPLE} — couple")
    wait_idle(qtbot, context)
    open_tab(qtbot, screen, "Billing")
    words = find(screen, QLabel, "Payer arrangement", qtbot=qtbot)
    qtbot.waitUntil(lambda: words.text().startswith("Who pays is not set"), timeout=5000)

    click(qtbot, screen, "Who pays")
    form = dialog(qtbot, "Who pays")
    choose(qtbot, form, "Arrangement", "Split by percentage")
    type_into(qtbot, form, "Share of Ana Lima", "70")
    type_into(qtbot, form, "Share of Ben Cole", "40")
    choose(qtbot, form, "Identified client (90847)", "Ana Lima")
    click(qtbot, form, "Save")
    why = find(form, QLabel, "Why this was not saved", qtbot=qtbot)
    assert why.text() == PERCENTS_MUST_ADD_UP

    type_into(qtbot, form, "Share of Ana Lima", "60")
    click(qtbot, form, "Save")
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: not on_screen("Who pays"), timeout=5000)
    qtbot.waitUntil(lambda: words.text().startswith("Split: Ana Lima 60%, Ben Cole 40%."),
                    timeout=5000)
    assert words.text().endswith("(90847): Ana Lima.")
    assert payer_plan(sessions_of(context), unit) == (
        PayerPlan(Arrangement.SPLIT, shares=((ana, 60), (ben, 40))), ana)

    click(qtbot, screen, "Sliding-scale fee")  # the couple's own, reduced fee
    form = dialog(qtbot, "Sliding-scale fee")
    choose(qtbot, form, "Service", "90847 — Family or couple psychotherapy with the client "
           "present")
    type_into(qtbot, form, "Fee", "120.00")
    type_into(qtbot, form, "Effective from", TODAY.isoformat())
    click(qtbot, form, "Save")
    agreed = find(screen, QLabel, "Sliding-scale fee agreed", qtbot=qtbot)
    qtbot.waitUntil(lambda: "90847 at $120.00" in agreed.text(), timeout=5000)
    assert fee_on(sessions_of(context), "90847", TODAY, unit_id=unit) == Money(12000)


def _schedule_on(qtbot: QtBot, context: AppContext) -> ScheduleScreen:
    screen = ScheduleScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.show_day(SESSION_DAY)
    wait_idle(qtbot, context)
    return screen


def _click_session(qtbot: QtBot, screen: ScheduleScreen, appointment_id: int) -> None:
    """Click the session's cell in the grid, as the therapist does."""
    grid = find(screen, QTableView, GRID, qtbot=qtbot)
    qtbot.waitUntil(lambda: any(p.session.id == appointment_id
                                for p in screen.model.placed), timeout=5000)
    placed = next(p for p in screen.model.placed if p.session.id == appointment_id)
    index = screen.model.index_of(placed.session)
    grid.scrollTo(index)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=grid.visualRect(index).center())


def test_a_no_show_fee_is_charged_only_when_the_therapist_confirms_it(
    qtbot: QtBot, context: AppContext,
) -> None:
    sessions = sessions_of(context)
    set_fee(sessions, "no_show", "100.00", FEE_FROM)
    robin = factories.client(sessions, "Robert Ångström", "Robin")
    unit = factories.unit(sessions, "individual", robin)
    missed = booked(sessions, unit, frozenset({robin}), hour=9)
    declined = booked(sessions, unit, frozenset({robin}), hour=14)
    screen = _schedule_on(qtbot, context)

    _click_session(qtbot, screen, missed)
    click(qtbot, screen, "Mark no-show")
    assert answer(qtbot, "Charge") == "Charge the no-show fee of $100.00?"
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: len(charges_for(sessions, payer_id=robin)) == 1, timeout=5000)
    (charge,) = charges_for(sessions, payer_id=robin)
    assert (charge.appointment_id, charge.code, charge.amount.display()) == (
        missed, "no_show", "$100.00")

    wait_idle(qtbot, context)
    _click_session(qtbot, screen, declined)
    click(qtbot, screen, "Mark no-show")
    assert answer(qtbot, "Cancel") == "Charge the no-show fee of $100.00?"
    wait_idle(qtbot, context)
    assert [c.appointment_id for c in charges_for(sessions, payer_id=robin)] == [missed]


def test_a_late_cancel_asks_for_its_own_fee_and_charges_it(
    qtbot: QtBot, context: AppContext,
) -> None:
    sessions = sessions_of(context)
    set_fee(sessions, "late_cancel", "75.00", FEE_FROM)
    robin = factories.client(sessions, "Robert Ångström", "Robin")
    unit = factories.unit(sessions, "individual", robin)
    late = booked(sessions, unit, frozenset({robin}), hour=11)
    screen = _schedule_on(qtbot, context)

    _click_session(qtbot, screen, late)
    click(qtbot, screen, "Cancel")
    cancelling = dialog(qtbot, "Cancel session")
    choose(qtbot, cancelling, "Kind of cancellation", "Late cancel")
    click(qtbot, cancelling, "OK")
    assert answer(qtbot, "Charge") == "Charge the late-cancel fee of $75.00?"
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: len(charges_for(sessions, payer_id=robin)) == 1, timeout=5000)
    assert charges_for(sessions, payer_id=robin)[0].code == "late_cancel"


def test_today_lists_sessions_not_charged_with_why_and_charging_them_shows_the_debt(
    qtbot: QtBot, context: AppContext,
) -> None:
    sessions = sessions_of(context)
    set_fee(sessions, "90847", "180.00", FEE_FROM)
    _ana, _ben, couple = _couple(context)
    robin = factories.client(sessions, "Robert Ångström", "Robin")
    alone = factories.unit(sessions, "individual", robin)
    held(sessions, couple, frozenset({_ana, _ben}), kind=SessionKind.COUPLE, hour=10)
    held(sessions, alone, frozenset({robin}), hour=15)
    today = TodayScreen(context)
    qtbot.addWidget(today)
    today.show()
    today.load()
    wait_idle(qtbot, context)
    waiting = find(today, QTableView, "Sessions not charged", qtbot=qtbot)
    qtbot.waitUntil(lambda: waiting.model().rowCount() == 2, timeout=5000)
    assert cells(waiting) == [
        [SESSION_DAY.isoformat(), COUPLE, "Couple", CHOOSE_IDENTIFIED],
        [SESSION_DAY.isoformat(), "Robin", "Individual",
         f"No fee set for 90834 (psychotherapy, 45 minutes) on {SESSION_DAY.isoformat()}: "
         "set it in Settings → Fees"]]
    assert find(today, QLabel, "Nothing owed").isVisible()

    pick_row(qtbot, today, "Sessions not charged", COUPLE)
    click(qtbot, today, "Charge session")
    form = dialog(qtbot, "Charge session")
    choose(qtbot, form, "Identified client", "Ana Lima")
    click(qtbot, form, "Save")
    wait_idle(qtbot, context)
    owed = find(today, QTableView, "Outstanding balances")
    qtbot.waitUntil(lambda: owed.model().rowCount() == 1, timeout=5000)
    assert cells(owed) == [["Ana Lima", "$180.00", "$180.00", "$0.00",
                            SESSION_DAY.isoformat()]]

    click(qtbot, today, "Set fee")
    form = dialog(qtbot, "Set fee")
    choose(qtbot, form, "Service", "90834 — Psychotherapy, 45 minutes")
    type_into(qtbot, form, "Fee", "150.00")
    type_into(qtbot, form, "Effective from", FEE_FROM.isoformat())
    click(qtbot, form, "Save")
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: cells(waiting) == [
        [SESSION_DAY.isoformat(), "Robin", "Individual", "Not charged yet"]], timeout=5000)
    pick_row(qtbot, today, "Sessions not charged", "Robin")
    click(qtbot, today, "Charge session")
    click(qtbot, dialog(qtbot, "Charge session"), "Save")
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: owed.model().rowCount() == 2, timeout=5000)
    assert find(today, QLabel, "All charged").isVisible()
    assert [row[:2] for row in cells(owed)] == [["Ana Lima", "$180.00"], ["Robin", "$150.00"]]


def _book(qtbot: QtBot, screen: ScheduleScreen, name: str, hour: int) -> None:
    """Click the free slot at ``hour`` on NEXT_WEEK's day, then book ``name`` there."""
    grid = find(screen, QTableView, GRID, qtbot=qtbot)
    model = grid.model()
    row = next(r for r in range(model.rowCount())
               if model.headerData(r, Qt.Orientation.Vertical) == f"{hour:02d}:00")
    index = model.index(row, NEXT_WEEK.weekday())
    grid.scrollTo(index)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=grid.visualRect(index).center())
    click(qtbot, screen, "New session")
    booking = dialog(qtbot, "New session")
    field = find(booking, QComboBox, "Client or unit", qtbot=qtbot).lineEdit()
    assert field is not None
    pick_by_typing(qtbot, field, name[:3], name)
    click(qtbot, booking, "Save")
    qtbot.waitUntil(lambda: not on_screen("New session"), timeout=5000)


def test_a_self_pay_clients_first_booking_offers_the_estimate_and_out_of_network_does_not(
    qtbot: QtBot, context: AppContext,
) -> None:
    sessions = sessions_of(context)
    set_fee(sessions, "90834", "150.00", FEE_FROM)
    ana = factories.client(sessions, "Ana Lima")
    ben = factories.client(sessions, "Ben Cole")
    set_coverage(sessions, ana, SELF_PAY, FEE_FROM)
    set_coverage(sessions, ben, OUT_OF_NETWORK, FEE_FROM)
    screen = ScheduleScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.show_day(NEXT_WEEK)
    wait_idle(qtbot, context)

    _book(qtbot, screen, "Ben Cole", 9)
    wait_idle(qtbot, context)
    assert _no_question_open()

    _book(qtbot, screen, "Ana Lima", 11)
    wait_idle(qtbot, context)
    asked = answer(qtbot, "Prepare")
    assert asked.startswith("Ana Lima pays for their own care (self-pay)")
    assert asked.endswith("Prepare a good-faith estimate now?")
    form = dialog(qtbot, "Good-faith estimate")
    assert find(form, QLineEdit, "First session").text() == NEXT_WEEK.isoformat()
    click(qtbot, form, "Cancel")
    qtbot.waitUntil(lambda: not on_screen("Good-faith estimate"), timeout=5000)

    _book(qtbot, screen, "Ana Lima", 14)  # her second session: asked once only
    wait_idle(qtbot, context)
    assert _no_question_open()
