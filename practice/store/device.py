"""'Remember on this device': the keychain holds a device key that opens one key slot.

The keychain never holds the passphrase or the data key. When the keychain is locked,
silent, changed or has lost the entry, the therapist is asked for the passphrase or the
recovery key; the store is never reset and the key file never gets a new data key.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from practice.errors import KeychainUnavailable, WrongPassphrase
from practice.store.credentials import DeviceKey
from practice.store.keychain import DEVICE_KEY_BYTES, DeviceKeychain, DeviceKeyOutcome
from practice.store.keyfile import DEVICE, KeyFileStore
from practice.store.layout import StoreLayout
from practice.store.store import Store

log = logging.getLogger(__name__)

NOT_REMEMBERED = "This computer does not remember the store; enter your passphrase."
STALE = (
    "The key this computer remembered no longer opens the store; enter your passphrase or "
    "recovery key. Your records are unchanged."
)


def remember_on_device(store: Store, keychain: DeviceKeychain) -> None:
    """Let this computer's keychain open the store from now on.

    Raises:
        KeychainUnavailable: There is no usable keychain; the message says why.
    """
    device_key = secrets.token_bytes(DEVICE_KEY_BYTES)
    backend = keychain.save_device_key(store.store_id, device_key)
    store.set_device_slot(device_key, backend)
    log.info("device slot set")


def forget_on_device(store: Store, keychain: DeviceKeychain) -> bool:
    """Stop this computer from opening the store; True if the keychain entry was removed."""
    store.clear_device_slot()
    return keychain.forget_device_key(store.store_id)


def open_with_device(path: Path, keychain: DeviceKeychain) -> Store:
    """Open the store with the key this computer's keychain remembers.

    Args:
        path: The store's folder.
        keychain: This computer's keychain.

    Returns:
        The open store.

    Raises:
        KeychainUnavailable: The keychain cannot give a key that opens the store; the
            caller asks for the passphrase. Its message says why, in plain words.
    """
    keyfile = KeyFileStore(StoreLayout(path).key_file).read()
    slot = keyfile.slots.get(DEVICE)
    if slot is None:
        raise KeychainUnavailable(NOT_REMEMBERED)
    lookup = keychain.load_device_key(keyfile.store_id, slot.backend)
    if lookup.outcome is not DeviceKeyOutcome.FOUND or lookup.key is None:
        raise KeychainUnavailable(lookup.message or NOT_REMEMBERED)
    try:
        return Store.open(path, DeviceKey(lookup.key))
    except WrongPassphrase:
        raise KeychainUnavailable(STALE) from None
