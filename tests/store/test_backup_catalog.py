"""Backups found where they are: listed with their dates, and restored from their folder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from practice.errors import BackupError, WrongPassphrase
from practice.store.audit import record
from practice.store.backup import backup
from practice.store.backup_catalog import find_backups, made_at, restore_newest
from practice.store.credentials import Passphrase
from practice.store.layout import DATABASE, KEY_FILE
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE


def _audited(store: Store, action: str) -> None:
    with store.sessions.begin() as session:
        record(session, action)


def _actions(folder: Path) -> set[str]:
    with Store.open(folder, Passphrase(TEST_PASSPHRASE)) as store, store.engine.connect() as c:
        return {row[0] for row in c.exec_driver_sql("SELECT action FROM audit_log")}


def _damage(backup_folder: Path) -> None:
    database = backup_folder / DATABASE
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0x01
    database.write_bytes(bytes(data))


@pytest.fixture
def three_backups(store: Store, tmp_path: Path) -> list[Path]:
    """Three generations, oldest first, each after a marked write."""
    made = []
    for generation in ("first", "second", "third"):
        _audited(store, f"test.{generation}")
        made.append(backup(store, tmp_path / "backups").path)
    return made


def test_a_backup_folder_lists_its_backups_newest_first_with_dates_and_sizes(
        three_backups: list[Path], tmp_path: Path) -> None:
    found = find_backups(tmp_path / "backups")
    assert [entry.path for entry in found] == three_backups[::-1]
    now = datetime.now(UTC)
    assert all(now - timedelta(minutes=5) < entry.made_at <= now for entry in found)
    assert found[0].made_at > found[1].made_at > found[2].made_at
    assert all(entry.complete and entry.size > 4096 for entry in found)


def test_a_backup_missing_its_key_file_is_listed_as_incomplete(
        three_backups: list[Path], tmp_path: Path) -> None:
    (three_backups[1] / KEY_FILE).unlink()
    found = {entry.path: entry.complete for entry in find_backups(tmp_path / "backups")}
    assert found == {three_backups[0]: True, three_backups[1]: False, three_backups[2]: True}


def test_a_folder_without_backups_lists_none(tmp_path: Path) -> None:
    assert find_backups(tmp_path / "nowhere") == ()
    assert find_backups(tmp_path) == ()


def test_the_date_is_read_from_the_backups_name() -> None:
    assert made_at(Path("practice-backup-20261204T154729937800Z")) == datetime(
        2026, 12, 4, 15, 47, 29, 937800, tzinfo=UTC)
    assert made_at(Path("practice-backup-20250101T000000Z")) == datetime(2025, 1, 1, tzinfo=UTC)


def test_restoring_the_folder_brings_back_its_newest_backup(
        three_backups: list[Path], tmp_path: Path) -> None:
    done = restore_newest(tmp_path / "backups", tmp_path / "new", Passphrase(TEST_PASSPHRASE))
    assert done.restored == three_backups[2]
    assert done.kept is None and done.skipped == ()
    assert {"test.first", "test.second", "test.third"} <= _actions(tmp_path / "new")


def test_a_damaged_newest_backup_is_passed_over_for_the_next_one_that_verifies(
        three_backups: list[Path], store_path: Path, tmp_path: Path) -> None:
    _damage(three_backups[2])
    done = restore_newest(tmp_path / "backups", tmp_path / "new", Passphrase(TEST_PASSPHRASE))
    assert done.restored == three_backups[1]
    assert [s.path for s in done.skipped] == [three_backups[2]]
    assert "backup" in done.skipped[0].reason
    actions = _actions(tmp_path / "new")
    assert "test.second" in actions and "test.third" not in actions


def test_when_no_backup_verifies_nothing_is_restored(
        three_backups: list[Path], tmp_path: Path) -> None:
    for folder in three_backups:
        _damage(folder)
    with pytest.raises(BackupError, match="None of the backups"):
        restore_newest(tmp_path / "backups", tmp_path / "new", Passphrase(TEST_PASSPHRASE))
    assert not (tmp_path / "new" / DATABASE).exists()


def test_a_wrong_passphrase_stops_at_the_newest_backup(
        three_backups: list[Path], tmp_path: Path) -> None:
    with pytest.raises(WrongPassphrase):
        restore_newest(tmp_path / "backups", tmp_path / "new", Passphrase("not the passphrase"))
    assert not (tmp_path / "new" / DATABASE).exists()


def test_a_folder_holding_no_backups_is_refused_in_plain_words(
        store_path: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(BackupError, match="holds no Practice backups"):
        restore_newest(tmp_path / "empty", store_path, Passphrase(TEST_PASSPHRASE))


def test_one_backup_named_directly_is_restored_as_before(
        three_backups: list[Path], tmp_path: Path) -> None:
    done = restore_newest(three_backups[0], tmp_path / "new", Passphrase(TEST_PASSPHRASE))
    assert done.restored == three_backups[0]
    assert "test.second" not in _actions(tmp_path / "new")
