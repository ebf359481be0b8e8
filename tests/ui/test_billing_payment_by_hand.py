"""A payment applied by hand from the chart: to the newer of two sessions, the older still owing.

Driven through the Record payment form's visible controls only: "Apply" set to "To the
charges I choose", the newer charge ticked (its amount filled from what it owes), and the
core's refusals (more than the charge owes, more than was paid) shown under the list.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from practice.billing.allocation import OVER_CHARGE, OVER_PAYMENT
from practice.services.billing import set_fee
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories
from tests.ui.billing_steps import (
    FEE_FROM,
    SESSION_DAY,
    billed_client,
    billing_tab,
    cells,
    held,
    sessions_of,
)
from tests.ui.conftest import ContextFactory, wait_idle
from tests.ui.measures_steps import on_screen
from tests.ui.visible import choose, click, dialog, find, type_into
from ui.context import AppContext
from ui.screens.billing.allocation import NONE_CHOSEN

OLDER = SESSION_DAY - timedelta(days=7)
NEWER = SESSION_DAY


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> Iterator[AppContext]:
    """A context with the test's store open (closed by ``make_context``)."""
    made = make_context(store_path)
    made.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    yield made


def _save(qtbot: QtBot, context: AppContext) -> None:
    click(qtbot, dialog(qtbot, "Record payment"), "Save")
    wait_idle(qtbot, context)


def _refused_under_the_list(qtbot: QtBot, context: AppContext, words: str) -> None:
    _save(qtbot, context)
    form = dialog(qtbot, "Record payment")
    problem = find(form, QLabel, "Applied to: problem", qtbot=qtbot)
    qtbot.waitUntil(lambda: problem.text() == words, timeout=5000)
    assert on_screen("Record payment")  # still open, with everything typed


def test_a_payment_applied_to_the_newer_session_leaves_the_older_still_owing(
    qtbot: QtBot, context: AppContext,
) -> None:
    sessions = sessions_of(context)
    set_fee(sessions, "90834", "150.00", FEE_FROM)
    robin = billed_client(sessions, "Robert Ångström", "Robin")
    unit = factories.unit(sessions, "individual", robin)
    held(sessions, unit, frozenset({robin}), day=OLDER)
    held(sessions, unit, frozenset({robin}), day=NEWER)
    screen = billing_tab(qtbot, context, robin)
    charges = find(screen, QTableView, "Charges, oldest first")
    qtbot.waitUntil(lambda: charges.model().rowCount() == 2, timeout=5000)

    click(qtbot, screen, "Record payment")
    form = dialog(qtbot, "Record payment")
    type_into(qtbot, form, "Amount", "150.00")
    choose(qtbot, form, "Method", "Card")
    choose(qtbot, form, "Apply", "To the charges I choose")
    _refused_under_the_list(qtbot, context, NONE_CHOSEN)

    click(qtbot, form, f"{NEWER.isoformat()} · 90834 · owes $150.00")
    applied = find(form, QLineEdit, f"Amount applied to {NEWER.isoformat()} · 90834")
    assert applied.text() == "150.00"  # filled from what the charge still owes
    type_into(qtbot, form, f"Amount applied to {NEWER.isoformat()} · 90834", "160.00")
    _refused_under_the_list(qtbot, context, OVER_CHARGE)
    type_into(qtbot, form, f"Amount applied to {NEWER.isoformat()} · 90834", "150.00")
    type_into(qtbot, form, "Amount", "100.00")
    _refused_under_the_list(qtbot, context, OVER_PAYMENT)

    type_into(qtbot, form, "Amount", "150.00")
    _save(qtbot, context)
    qtbot.waitUntil(lambda: not on_screen("Record payment"), timeout=5000)
    qtbot.waitUntil(lambda: "owes $150.00" in find(screen, QLabel, "Balance").text(),
                    timeout=5000)
    rows = cells(charges)
    assert [(r[0], r[-2], r[-1]) for r in rows] == [
        (OLDER.isoformat(), "$0.00", "$150.00"),  # the older session still owing
        (NEWER.isoformat(), "$150.00", "$0.00"),
    ]
