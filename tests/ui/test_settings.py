"""Preferences: declared once with defaults, typed, clamped, and kept apart for the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.ui.conftest import ControllerFactory
from ui.settings import (
    AUTO_LOCK_MINUTES,
    BACKUP_DIR,
    WINDOW_GEOMETRY,
    SettingsAdapter,
    default_backup_dir,
)


def test_unset_preferences_read_as_their_declared_defaults(qsettings: QSettings) -> None:
    settings = SettingsAdapter(qsettings)
    assert settings.get(AUTO_LOCK_MINUTES) == 5
    assert settings.get(BACKUP_DIR) == ""
    assert settings.get(WINDOW_GEOMETRY) == b""


def test_values_survive_a_restart_with_their_types(qsettings: QSettings, tmp_path: Path) -> None:
    SettingsAdapter(qsettings).set(AUTO_LOCK_MINUTES, 15)
    SettingsAdapter(qsettings).set(WINDOW_GEOMETRY, b"\x01\x02\xff")
    reread = SettingsAdapter(QSettings(str(tmp_path / "settings.ini"),
                                       QSettings.Format.IniFormat))
    assert reread.get(AUTO_LOCK_MINUTES) == 15
    assert reread.get(WINDOW_GEOMETRY) == b"\x01\x02\xff"


def test_out_of_range_or_hand_mangled_values_are_tamed(qsettings: QSettings) -> None:
    settings = SettingsAdapter(qsettings)
    settings.set(AUTO_LOCK_MINUTES, 0)
    assert settings.get(AUTO_LOCK_MINUTES) == 1
    qsettings.setValue(AUTO_LOCK_MINUTES.key, "soon")
    assert settings.get(AUTO_LOCK_MINUTES) == 5
    qsettings.setValue(AUTO_LOCK_MINUTES.key, "100000")
    assert settings.get(AUTO_LOCK_MINUTES) == 240


def test_the_demo_keeps_its_preferences_apart(qsettings: QSettings) -> None:
    SettingsAdapter(qsettings, scope="demo").set(BACKUP_DIR, "/somewhere/demo")
    assert SettingsAdapter(qsettings).get(BACKUP_DIR) == ""


def test_a_change_is_announced_by_key(qtbot: QtBot, qsettings: QSettings) -> None:
    settings = SettingsAdapter(qsettings)
    with qtbot.waitSignal(settings.changed, timeout=1000) as blocker:
        settings.set(AUTO_LOCK_MINUTES, 7)
    assert blocker.args == [AUTO_LOCK_MINUTES.key]


def test_backups_default_to_a_folder_beside_the_store_named_after_it(tmp_path: Path) -> None:
    assert default_backup_dir(tmp_path / "store") == tmp_path / "store-backups"
    assert default_backup_dir(tmp_path / "demo") == tmp_path / "demo-backups"


def test_the_window_geometry_is_remembered(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    first = make_controller(store_path)
    first.start()
    first.window.resize(640, 470)
    first.window.close()
    second = make_controller(store_path)
    assert (second.window.width(), second.window.height()) == (640, 470)
