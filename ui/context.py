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
        label: str | None = None,
        parent: QWidget | None = None,
    ) -> Job | None:
        """Run ``work``, which only reads, on the worker with the store's sessions.

        This and ``write`` are the UI's way to the store (tests/ui/test_store_access.py
        keeps it so). The sessions are asked for on the worker: their first use loads the
        ORM and the models, which must not hold up the UI thread (see ``Store.sessions``).

        Args:
            work: Reads through the sessions; returns plain data (never live ORM objects).
            on_success: Called on the main thread with what ``work`` returned.
            on_failure: Called on the main thread with the error (default: shown).
            label: What the progress dialog says; None for work too quick to need one.
            parent: The widget any error belongs to.

        Returns:
            The job, or None when no store is open (nothing runs).
        """
        return self._on_worker(lambda sessions, _job: work(sessions), False, on_success,
                               on_failure, label, parent)

    def write(
        self,
        work: Callable[[sessionmaker[Session]], T],
        *,
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
        label: str | None = None,
        parent: QWidget | None = None,
    ) -> Job | None:
        """Run ``work``, which changes the store, on the worker (see ``read``).

        Writes run on the one worker, so they reach the store in the order they were asked.

        Args:
            work: Writes (and reads) through the sessions; returns plain data.
            on_success: Called on the main thread with what ``work`` returned.
            on_failure: Called on the main thread with the error (default: shown).
            label: What the progress dialog says; None for work too quick to need one.
            parent: The widget any error belongs to.

        Returns:
            The job, or None when no store is open (nothing runs).
        """
        return self._on_worker(lambda sessions, _job: work(sessions), True, on_success,
                               on_failure, label, parent)

    def write_tracked(
        self,
        work: Callable[[sessionmaker[Session], Job], T],
        *,
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
        label: str | None = None,
        parent: QWidget | None = None,
    ) -> Job | None:
        """Like ``write``, for long work that reports progress and stops when asked.

        Args:
            work: Writes through the sessions, reporting to and polling the ``Job``.
            on_success: Called on the main thread with what ``work`` returned.
            on_failure: Called on the main thread with the error (default: shown).
            label: What the progress dialog says.
            parent: The widget the progress dialog and any error belong to.

        Returns:
            The job, or None when no store is open (nothing runs).
        """
        return self._on_worker(work, True, on_success, on_failure, label, parent)

    def read_now(self, work: Callable[[sessionmaker[Session]], T]) -> T | None:
        """Run a small read on this (the UI) thread, at once; None when no store is open.

        Only for what must be on screen before the next event (a letter's saved draft, as
        its letter is chosen); anything else goes through ``read``.

        Args:
            work: Reads through the sessions; returns plain data.

        Returns:
            What ``work`` returned, or None while locked.
        """
        store = self.store
        return None if store is None else work(self._sessions(store, writes=False))

    def write_now(self, work: Callable[[sessionmaker[Session]], T]) -> T | None:
        """Run a small write on this (the UI) thread, at once; None when no store is open.

        Only for drafts that must be saved before the next event: the lock closes the store
        right after ``save_drafts()``, and a draft saved "later" would be lost. Anything
        else goes through ``write``.

        Args:
            work: Writes through the sessions; returns plain data.

        Returns:
            What ``work`` returned, or None while locked.
        """
        store = self.store
        return None if store is None else work(self._sessions(store, writes=True))

    def _on_worker(self, work: Callable[[sessionmaker[Session], Job], T], writes: bool,
                   on_success: Callable[[T], None],
                   on_failure: Callable[[BaseException], None] | None,
                   label: str | None, parent: QWidget | None) -> Job | None:
        store = self.store
        if store is None:
            return None
        return self.ops.run(lambda job: work(self._sessions(store, writes=writes), job),
                            on_success=on_success, on_failure=on_failure, label=label,
                            parent=parent)

    @staticmethod
    def _sessions(store: Store, *, writes: bool) -> sessionmaker[Session]:
        """The sessions for reading or for writing: the one place that chooses them.

        Work that writes anything, an audit entry for opening a record included, goes
        through ``write``, so reads may be given sessions that refuse to write.
        """
        # Reads begin deferred and hold no write lock, so a long list never holds up an
        # autosave (``write_now`` on this thread); writes begin IMMEDIATE and queue.
        return store.sessions if writes else store.reads

    def backup_dir(self) -> Path:
        """Where backups go: the chosen folder, or one beside the store."""
        chosen = self.settings.get(BACKUP_DIR)
        return Path(chosen) if chosen else default_backup_dir(self.store_path)
