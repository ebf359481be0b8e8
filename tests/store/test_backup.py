"""Backups are verified before they are kept; restores verify before they replace anything."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text

from practice.errors import BackupError, StoreDamaged, WrongPassphrase
from practice.store.audit import record
from practice.store.backup import Cancelled, backup, list_backups, restore
from practice.store.credentials import Passphrase, RecoveryKey
from practice.store.layout import DATABASE, KEY_FILE
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE


def _write(store: Store, count: int) -> None:
    with store.sessions.begin() as session:
        for i in range(count):
            record(session, "test.write", entity="row", entity_id=i)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_is_an_encrypted_copy_with_its_own_key_file(store: Store, tmp_path: Path) -> None:
    _write(store, 50)
    result = backup(store, tmp_path / "backups")
    assert sorted(p.name for p in result.path.iterdir()) == [DATABASE, KEY_FILE]
    assert not (result.path / DATABASE).read_bytes().startswith(b"SQLite format 3")
    assert result.rows >= 50
    for path in result.path.iterdir():
        assert path.stat().st_mode & 0o077 == 0


def test_a_backup_opens_on_its_own_with_the_passphrase_or_the_recovery_key(
    store: Store, tmp_path: Path, recovery_code: str
) -> None:
    _write(store, 5)
    published = backup(store, tmp_path / "backups").path
    for credential in (Passphrase(TEST_PASSPHRASE), RecoveryKey(recovery_code)):
        target = tmp_path / f"restored-{type(credential).__name__}"
        assert restore(published, target, credential) is None
        with Store.open(target, credential) as restored:
            assert restored.verify().audit_entries >= 5


def test_older_generations_are_rotated_away(store: Store, tmp_path: Path) -> None:
    for _ in range(4):
        backup(store, tmp_path / "backups", generations=2)
    kept = list_backups(tmp_path / "backups")
    assert len(kept) == 2
    assert kept == sorted(kept, reverse=True)


def test_a_cancelled_backup_publishes_nothing(store: Store, tmp_path: Path) -> None:
    _write(store, 300)
    with pytest.raises(Cancelled):
        backup(store, tmp_path / "backups", cancelled=lambda: True)
    assert list_backups(tmp_path / "backups") == []
    assert list((tmp_path / "backups").iterdir()) == []


def test_restore_keeps_the_store_it_replaced(store_path: Path, tmp_path: Path) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        published = backup(store, tmp_path / "backups").path
        _write(store, 7)  # written after the backup: must survive in the replaced copy
    kept = restore(published, store_path, Passphrase(TEST_PASSPHRASE))
    assert kept is not None and (kept / DATABASE).exists() and (kept / KEY_FILE).exists()
    with Store.open(kept, Passphrase(TEST_PASSPHRASE)) as old, old.sessions() as session:
        assert session.execute(
            text("SELECT count(*) FROM audit_log WHERE action='test.write'")
        ).scalar() == 7


def test_a_restore_with_the_wrong_passphrase_replaces_nothing(store_path: Path,
                                                              tmp_path: Path) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        published = backup(store, tmp_path / "backups").path
    before = _digest(store_path / DATABASE), _digest(store_path / KEY_FILE)
    with pytest.raises(WrongPassphrase):
        restore(published, store_path, Passphrase("not it"))
    assert (_digest(store_path / DATABASE), _digest(store_path / KEY_FILE)) == before
    assert not any(p.name.startswith("replaced-") for p in store_path.iterdir())


def test_a_damaged_backup_is_refused_before_anything_is_replaced(store_path: Path,
                                                                 tmp_path: Path) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        _write(store, 300)
        published = backup(store, tmp_path / "backups").path
    database = published / DATABASE
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0x01
    database.write_bytes(bytes(data))
    before = _digest(store_path / DATABASE)
    with pytest.raises(StoreDamaged, match="most recent backup"):
        restore(published, store_path, Passphrase(TEST_PASSPHRASE))
    assert _digest(store_path / DATABASE) == before


# Where a flipped bit lands decides which check meets it first: a record page, the audit
# chain, or a search index page (which, failing its HMAC, turns SQLite read-only).
@pytest.mark.parametrize("where", [0.2, 0.3, 0.4, 0.45, 0.6, 0.8])
def test_damage_anywhere_in_a_backup_is_refused_as_damage(store_path: Path, tmp_path: Path,
                                                          where: float) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        _write(store, 300)
        published = backup(store, tmp_path / "backups").path
    database = published / DATABASE
    data = bytearray(database.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    database.write_bytes(bytes(data))
    before = _digest(store_path / DATABASE)
    with pytest.raises(StoreDamaged, match="damaged"):
        restore(published, store_path, Passphrase(TEST_PASSPHRASE))
    assert _digest(store_path / DATABASE) == before


def test_a_folder_that_is_not_a_backup_is_refused_in_plain_words(store_path: Path,
                                                                 tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="not a Practice backup"):
        restore(tmp_path, store_path, Passphrase(TEST_PASSPHRASE))
