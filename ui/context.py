"""The application context: built once in ``ui.app`` and handed to every screen's constructor."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ui.operations import Operations
from ui.settings import BACKUP_DIR, SettingsAdapter, default_backup_dir

if TYPE_CHECKING:
    from practice.store.kdf import KdfParams
    from practice.store.keychain import DeviceKeychain
    from practice.store.store import Store


class KeychainAccess:
    """This computer's keychain, made on first use, on the worker thread.

    Building it imports ``keyring`` (slow, and it may talk to D-Bus), which must stay off
    the path to the unlock screen.

    Args:
        factory: Builds the keychain; the system's own when None (tests pass a memory one).
    """

    def __init__(self, factory: Callable[[], DeviceKeychain] | None = None) -> None:
        self._factory = factory
        self._keychain: DeviceKeychain | None = None
        self._lock = threading.Lock()

    def get(self) -> DeviceKeychain:
        """Return the keychain, building it the first time (call from the worker only)."""
        with self._lock:
            if self._keychain is None:
                if self._factory is not None:
                    self._keychain = self._factory()
                else:
                    from practice.store.keychain import DeviceKeychain

                    self._keychain = DeviceKeychain()
            return self._keychain


class AppContext:
    """What every screen needs: the open store (or None), settings, the worker, the keychain.

    Args:
        store_path: The store's folder.
        settings: The preferences adapter.
        ops: The operations runner.
        keychain: This computer's keychain, built lazily.
        kdf: Argon2id parameters for new passphrases; None calibrates for this computer
            (tests pass the fast, insecure ones).
        demo: True when this is the demo practice (fictional clients).
    """

    def __init__(self, store_path: Path, settings: SettingsAdapter, ops: Operations,
                 keychain: KeychainAccess, *, kdf: KdfParams | None = None,
                 demo: bool = False) -> None:
        self.store_path = store_path
        self.settings = settings
        self.ops = ops
        self.keychain = keychain
        self.kdf = kdf
        self.demo = demo
        self.store: Store | None = None

    def backup_dir(self) -> Path:
        """Where backups go: the chosen folder, or one beside the store."""
        chosen = self.settings.get(BACKUP_DIR)
        return Path(chosen) if chosen else default_backup_dir(self.store_path)
