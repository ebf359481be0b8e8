"""'Remember on this device' opens the store until the keychain fails, then the passphrase does."""

from __future__ import annotations

import base64
import hashlib
import threading
from pathlib import Path

import pytest

from practice.errors import KeychainUnavailable
from practice.store.credentials import Passphrase, RecoveryKey
from practice.store.device import forget_on_device, open_with_device, remember_on_device
from practice.store.keychain import DeviceKeychain
from practice.store.keyfile import DEVICE
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.store.memory_keyring import (
    Entries,
    HangingKeyring,
    LockedKeyring,
    MemoryKeyring,
    OtherMemoryKeyring,
)
from tests.store.test_keychain import TRUSTED


def _keychain(backend: MemoryKeyring, timeout: float = 5.0) -> DeviceKeychain:
    return DeviceKeychain(backend, timeout, trusted=TRUSTED)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.iterdir() if p.name in ("practice.db", "practice.key")}


@pytest.fixture
def remembered(store_path: Path) -> tuple[Path, Entries]:
    entries: Entries = {}
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        remember_on_device(store, _keychain(MemoryKeyring(entries)))
    return store_path, entries


def test_a_remembered_device_opens_the_store_without_the_passphrase(
    remembered: tuple[Path, Entries],
) -> None:
    path, entries = remembered
    with open_with_device(path, _keychain(MemoryKeyring(entries))) as store:
        assert store.verify().audit_entries > 0


def test_the_keychain_holds_neither_the_passphrase_nor_the_data_key(
    store_path: Path,
) -> None:
    entries: Entries = {}
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        remember_on_device(store, _keychain(MemoryKeyring(entries)))
        data_key = store.data_key
    (secret,) = entries.values()
    assert TEST_PASSPHRASE not in secret
    assert data_key.hex() not in secret
    assert base64.b64decode(secret) != data_key


@pytest.mark.parametrize(
    ("make_backend", "reason"),
    [
        (lambda e: LockedKeyring(e), "locked"),
        (lambda e: OtherMemoryKeyring(e), "changed"),
        (lambda e: MemoryKeyring({}), "removed"),
    ],
    ids=["locked", "backend-changed", "entry-removed"],
)
def test_a_failing_keychain_falls_back_to_the_passphrase_and_leaves_the_store_intact(
    remembered: tuple[Path, Entries], make_backend: object, reason: str
) -> None:
    path, entries = remembered
    before = _digests(path)
    with pytest.raises(KeychainUnavailable) as refused:
        open_with_device(path, _keychain(make_backend(entries)))  # type: ignore[operator]
    assert refused.value.message
    assert _digests(path) == before
    Store.open(path, Passphrase(TEST_PASSPHRASE)).close()


def test_a_keychain_that_hangs_past_the_timeout_falls_back_to_the_passphrase(
    remembered: tuple[Path, Entries],
) -> None:
    path, entries = remembered
    release = threading.Event()
    try:
        with pytest.raises(KeychainUnavailable):
            open_with_device(path, _keychain(HangingKeyring(entries, release), timeout=0.2))
    finally:
        release.set()
    Store.open(path, Passphrase(TEST_PASSPHRASE)).close()


def test_a_stale_device_key_is_refused_and_the_recovery_key_still_opens(
    remembered: tuple[Path, Entries], recovery_code: str
) -> None:
    path, entries = remembered
    (entry,) = entries
    entries[entry] = base64.b64encode(b"\x01" * 32).decode()
    with pytest.raises(KeychainUnavailable, match="no longer opens"):
        open_with_device(path, _keychain(MemoryKeyring(entries)))
    Store.open(path, RecoveryKey(recovery_code)).close()


def test_forgetting_the_device_removes_slot_and_entry(remembered: tuple[Path, Entries]) -> None:
    path, entries = remembered
    with Store.open(path, Passphrase(TEST_PASSPHRASE)) as store:
        assert forget_on_device(store, _keychain(MemoryKeyring(entries)))
        assert DEVICE not in store.keyfile.slots
    assert entries == {}
    with pytest.raises(KeychainUnavailable, match="does not remember"):
        open_with_device(path, _keychain(MemoryKeyring(entries)))
