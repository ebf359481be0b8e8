"""The application context: built once in ``ui.app`` and handed to every screen's constructor."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ui.form_shelf import FormShelf
from ui.operations import Operations
from ui.settings import BACKUP_DIR, SettingsAdapter, default_backup_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlalchemy.orm import Session, sessionmaker

    from practice.store.kdf import KdfParams
    from practice.store.keychain import DeviceKeychain
    from practice.store.store import Store
    from ui.operations import Job

T = TypeVar("T")


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
        self.forms = FormShelf()

    def read(
        self,
        work: Callable[[sessionmaker[Session]], T],
        *,
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
    ) -> Job | None:
        """Run ``work`` on the worker with the open store's sessions; nothing while locked.

        The sessions are asked for on the worker: their first use loads the ORM and the
        models, which must not hold up the UI thread (see ``Store.sessions``).

        Args:
            work: Reads or writes through the sessions; returns plain data.
            on_success: Called on the main thread with what ``work`` returned.
            on_failure: Called on the main thread with the error (default: shown).
            parent: The widget any error belongs to.

        Returns:
            The job, or None when no store is open.
        """
        store = self.store
        if store is None:
            return None
        return self.ops.run(lambda _job: work(store.sessions), on_success=on_success,
                            on_failure=on_failure, parent=parent)

    def backup_dir(self) -> Path:
        """Where backups go: the chosen folder, or one beside the store."""
        chosen = self.settings.get(BACKUP_DIR)
        return Path(chosen) if chosen else default_backup_dir(self.store_path)
