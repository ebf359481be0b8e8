"""Opening a store: the right key opens it, anything else leaves it exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import text

from practice.errors import (
    KeyFileMissing,
    StoreDamaged,
    StoreExists,
    StoreInUse,
    StoreMisconfigured,
    StoreNotFound,
    StoreTooNew,
    WrongPassphrase,
)
from practice.models.audit import AuditEntry
from practice.store import connection as connection_module
from practice.store.audit import record
from practice.store.credentials import Passphrase, RecoveryKey
from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.layout import StoreLayout
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and p.suffix != ".lock"}


def test_a_wrong_passphrase_leaves_database_and_key_file_byte_for_byte_untouched(
    store_path: Path,
) -> None:
    layout = StoreLayout(store_path)
    before = {p: p.read_bytes() for p in (layout.database, layout.key_file)}
    with pytest.raises(WrongPassphrase, match="does not open this store"):
        Store.open(store_path, Passphrase("not the passphrase"))
    assert {p: p.read_bytes() for p in before} == before
    assert not any(p.name.endswith(("-wal", "-shm")) for p in store_path.iterdir())


def test_a_wrong_passphrase_on_an_empty_folder_creates_no_store(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFound):
        Store.open(tmp_path / "nothing-here", Passphrase("anything"))
    assert not (tmp_path / "nothing-here").exists()


def test_failed_attempts_are_written_to_the_audit_trail_at_the_next_unlock(
    store_path: Path,
) -> None:
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            Store.open(store_path, Passphrase("guess"))
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store, store.sessions() as s:
        actions = s.scalars(text("SELECT action FROM audit_log ORDER BY seq")).all()
    assert actions[-3:] == ["store.unlock_failed", "store.unlock_failed", "store.unlocked"]


def test_creating_over_an_existing_store_is_refused(store_path: Path) -> None:
    before = _fingerprint(store_path)
    with pytest.raises(StoreExists):
        Store.create(store_path, "another passphrase", kdf=FAST_INSECURE_PARAMS)
    assert _fingerprint(store_path) == before


def test_a_missing_key_file_is_explained_and_nothing_is_created(store_path: Path) -> None:
    StoreLayout(store_path).key_file.unlink()
    before = _fingerprint(store_path)
    with pytest.raises(KeyFileMissing, match=r"key file .* is missing"):
        Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    assert _fingerprint(store_path) == before


def test_the_recovery_key_alone_opens_the_store_and_sets_a_new_passphrase(
    store_path: Path, recovery_code: str
) -> None:
    with Store.open(store_path, RecoveryKey(recovery_code.lower().replace("-", " "))) as store:
        store.change_passphrase("a brand new passphrase")
    with pytest.raises(WrongPassphrase):
        Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    Store.open(store_path, Passphrase("a brand new passphrase")).close()
    Store.open(store_path, RecoveryKey(recovery_code)).close()


def test_changing_the_passphrase_rewraps_a_slot_without_rewriting_the_database(
    store: Store,
) -> None:
    layout = store.layout
    store.engine.dispose()  # checkpoint so the main file is all there is to compare
    pages_before = layout.database.read_bytes()
    old_keyfile = layout.key_file.read_bytes()
    store.change_passphrase("the next passphrase", kdf=FAST_INSECURE_PARAMS)
    # Only the audit entry for the change touches the database, and only through the WAL.
    assert layout.database.read_bytes() == pages_before
    assert (store_path_prev := layout.key_file.with_name("practice.key.prev")).exists()
    assert store_path_prev.read_bytes() != layout.key_file.read_bytes()
    assert old_keyfile != layout.key_file.read_bytes()


def test_a_second_process_is_told_the_store_is_in_use(store: Store) -> None:
    script = (
        "import sys; from pathlib import Path\n"
        "from practice.store.store import Store\n"
        "from practice.store.credentials import Passphrase\n"
        "from practice.errors import StoreInUse\n"
        "try:\n"
        f"    Store.open(Path(sys.argv[1]), Passphrase({TEST_PASSPHRASE!r}))\n"
        "except StoreInUse as e:\n"
        "    print(e.message); sys.exit(3)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(store.layout.root)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 3, result.stderr
    assert "already open" in result.stdout


def test_the_same_process_cannot_open_a_store_twice(store: Store) -> None:
    with pytest.raises(StoreInUse):
        Store.open(store.layout.root, Passphrase(TEST_PASSPHRASE))


def _flip_byte(path: Path, offset: int) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0x40]))


def _write_rows(store: Store, count: int) -> None:
    with store.sessions.begin() as session:
        for i in range(count):
            record(session, "test.write", entity="row", entity_id=i)


def test_a_flipped_byte_in_the_header_page_is_reported_as_damage_at_open(store_path: Path) -> None:
    _flip_byte(StoreLayout(store_path).database, 100)
    before = _fingerprint(store_path)
    with pytest.raises(StoreDamaged, match="Restore your most recent backup"):
        Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    assert _fingerprint(store_path) == before


def test_a_flipped_byte_deep_in_the_file_is_found_by_verification(store_path: Path) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        _write_rows(store, 400)
    database = StoreLayout(store_path).database
    size = database.stat().st_size
    assert size > 4096 * 4
    _flip_byte(database, size - 2000)
    with pytest.raises(StoreDamaged, match="backup"), Store.open(
        store_path, Passphrase(TEST_PASSPHRASE)
    ) as store:
        store.verify()


def test_rolling_the_database_back_to_an_earlier_copy_is_detected_on_open(store_path: Path,
                                                                         tmp_path: Path) -> None:
    """SQLCipher's page HMACs accept an older, equally valid file; the audit anchor does not."""
    layout = StoreLayout(store_path)
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        _write_rows(store, 3)
    earlier = tmp_path / "earlier.db"
    shutil.copyfile(layout.database, earlier)
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        _write_rows(store, 3)
    shutil.copyfile(earlier, layout.database)
    with pytest.raises(StoreDamaged, match="earlier copy"):
        Store.open(store_path, Passphrase(TEST_PASSPHRASE))


def test_an_edited_audit_entry_breaks_the_chain(store_path: Path) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        _write_rows(store, 3)
        with store.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("DROP TRIGGER audit_log_no_update")
            raw.execute("UPDATE audit_log SET entity_id = 99 WHERE seq = 3")
    with pytest.raises(StoreDamaged, match="audit trail does not check out"):
        Store.open(store_path, Passphrase(TEST_PASSPHRASE))


def test_the_audit_trail_refuses_update_and_delete_through_raw_sql(store: Store) -> None:
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
                raw.execute(statement)
    with store.sessions() as session:
        assert session.query(AuditEntry).count() >= 1


def test_a_store_from_a_newer_version_is_refused_and_left_alone(store_path: Path) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store, store.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    before = _fingerprint(store_path)
    with pytest.raises(StoreTooNew, match="newer version of Practice"):
        Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    assert _fingerprint(store_path) == before


def test_a_protection_that_does_not_take_effect_stops_the_open(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weakened = tuple(
        (name, "OFF" if name == "secure_delete" else value, expected)
        for name, value, expected in connection_module._CONNECTION_PRAGMAS
    )
    monkeypatch.setattr(connection_module, "_CONNECTION_PRAGMAS", weakened)
    with pytest.raises(StoreMisconfigured, match="secure_delete"):
        Store.open(store_path, Passphrase(TEST_PASSPHRASE))


def test_every_connection_runs_with_the_protections_on(store: Store) -> None:
    with store.engine.connect() as conn:
        values = {name: str(conn.exec_driver_sql(f"PRAGMA {name}").scalar()).lower()
                  for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete",
                               "temp_store", "cipher_memory_security")}
    assert values == {"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1",
                      "secure_delete": "1", "temp_store": "2", "cipher_memory_security": "1"}


def test_the_store_files_are_readable_by_the_owner_only(store: Store) -> None:
    for path in (store.layout.database, store.layout.key_file):
        assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    assert store.layout.root.stat().st_mode & 0o077 == 0
