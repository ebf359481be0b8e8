"""Settings → Calendar export: a private .ics by default, the label kept in the store."""

from __future__ import annotations

import stat
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from practice.services.schedule.series import create_series
from practice.services.settings import load_profile
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core.test_schedule_store import set_up_practice, weekly_from
from tests.ui.conftest import ControllerFactory, wait_idle
from ui.screens.settings import SettingsScreen


def _settings(qtbot: QtBot, make_controller: ControllerFactory,
              store_path: Path) -> SettingsScreen:
    controller = make_controller(store_path)
    controller.start()
    qtbot.keyClicks(controller.window.unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(controller.window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    workspace = controller.window.workspace
    assert workspace is not None
    screen = workspace.section(SettingsScreen)
    workspace.show_section(workspace.screens.index(screen))
    wait_idle(qtbot, controller.context)
    return screen


def test_the_exported_calendar_says_session_and_initials_and_nothing_clinical(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path, tmp_path: Path,
) -> None:
    next_monday = datetime.now().replace(hour=10, minute=0, second=0, microsecond=0)
    next_monday += timedelta(days=7 - next_monday.weekday())
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        practice = set_up_practice(store)
        create_series(store.sessions, weekly_from(practice.ana_alone, next_monday))
    screen = _settings(qtbot, make_controller, store_path)
    panel = screen.calendar
    panel.last_day.setDate(QDate.currentDate().addDays(30))
    target = tmp_path / "sessions.ics"
    panel.export_to(target)
    wait_idle(qtbot, screen.context)
    text = target.read_text(encoding="utf-8")
    assert "SUMMARY:Session — A.R." in text
    assert "RRULE:FREQ=WEEKLY" in text
    for private in ("Ana", "Ruiz", "90834", "LA-4471"):
        assert private not in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "sessions written" in panel.result.text()


def test_the_calendar_label_is_kept_inside_the_store(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    screen = _settings(qtbot, make_controller, store_path)
    panel = screen.calendar
    qtbot.keyClicks(panel.label, "Appointment")
    panel.save_label()
    wait_idle(qtbot, screen.context)
    store = screen.context.store
    assert store is not None
    assert load_profile(store.sessions).calendar_label == "Appointment"
