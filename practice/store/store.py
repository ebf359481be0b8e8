"""An open, unlocked store: the engine, the sessions, and the key that opened them."""

from __future__ import annotations

import logging
import os
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3

from practice.errors import (
    KeyFileMissing,
    StoreDamaged,
    StoreError,
    StoreExists,
    StoreNotFound,
    WrongPassphrase,
)
from practice.store import schema
from practice.store.atomic import make_folder
from practice.store.audit import AuditAnchor, AuditChain, derive_audit_key, record
from practice.store.connection import (
    DAMAGED_DATABASE,
    connect_raw,
    immediate_transaction,
    is_damage,
    self_test,
)
from practice.store.credentials import Credential, DeviceKey, Passphrase, RecoveryKey
from practice.store.failed_unlocks import note_failed_unlock, take_failed_unlocks
from practice.store.kdf import KdfParams, calibrate
from practice.store.keyfile import KeyFile, KeyFileStore, new_data_key
from practice.store.layout import DEFAULT_PAGE_SIZE, StoreLayout
from practice.store.lock import StoreLock
from practice.store.record_times import check_record_times
from practice.store.recovery import format_recovery_key, new_recovery_key
from practice.store.search_index import (
    INDEX_NOT_REBUILT,
    INDEX_REBUILT,
    SearchIndexRebuilt,
    gather_statement,
    out_of_step,
    rebuild_statement,
    search_indexes,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

KEY_FILE_MISSING = (
    "The store's key file (practice.key) is missing, so the records cannot be decrypted. "
    "Nothing has been changed. Restore the store from your most recent backup, which "
    "carries its own key file."
)
DATABASE_MISSING = (
    "The store's database file (practice.db) is missing. Restore your most recent backup."
)
NOT_A_FOLDER = "That place is a file, not a folder; choose a folder for the store."
FOLDER_NOT_MADE = (
    "The store's folder could not be made there; check the place exists and that you may "
    "write to it."
)


@dataclass(frozen=True)
class VerifyReport:
    """What ``Store.verify`` checked."""

    pages_ok: bool
    structure_ok: bool
    audit_entries: int
    search_indexes: int = 0  # FTS5 indexes found to match the records they index


class Store:
    """An unlocked store. Build one with ``Store.create`` or ``Store.open``; close it when done."""

    def __init__(self, layout: StoreLayout, keyfiles: KeyFileStore, lock: StoreLock,
                 data_key: bytearray) -> None:
        self.layout = layout
        self._keyfiles = keyfiles
        self._lock = lock
        self._data_key = data_key
        self._engine: Engine | None = None
        current = keyfiles.read()
        self.store_id = current.store_id
        self._page_size = current.page_size
        self._chain = AuditChain(derive_audit_key(bytes(data_key)), self._remember_anchor)
        self._sessions: sessionmaker[Session] | None = None
        self._reads: sessionmaker[Session] | None = None
        self._sessions_made = threading.Lock()
        self._engine_made = threading.Lock()
        # What opening had to repair, in words for the therapist (shown by the app and
        # the command line; ``verify`` reports it as damage).
        self.repairs: tuple[str, ...] = ()

    @property
    def engine(self) -> Engine:
        """The store's SQLAlchemy engine (a small pool of keyed connections).

        Made on first use: opening the store works on one plain driver connection, so
        SQLAlchemy (about 160 ms to import) loads after the app's first paint, on the
        worker's first query, not before (bench/bench_app.py).
        """
        with self._engine_made:
            if self._engine is None:
                if not any(self._data_key):
                    raise StoreError("The store is closed.")
                from practice.store.engine import make_engine

                self._engine = make_engine(self.layout.database, bytes(self._data_key),
                                           page_size=self._page_size)
            return self._engine

    @property
    def sessions(self) -> sessionmaker[Session]:
        """Sessions on the store, each carrying the audit chain.

        Made on first use: opening the store needs only plain connections, so the ORM and
        the models load after the app's first paint, not before (bench/bench_app.py). The
        worker and the UI thread may both ask first; the lock makes exactly one.
        """
        with self._sessions_made:
            if self._sessions is None:
                from sqlalchemy.orm import sessionmaker

                made = sessionmaker(self.engine, expire_on_commit=False)
                self._chain.attach(made)
                self._sessions = made
            return self._sessions

    @property
    def reads(self) -> sessionmaker[Session]:
        """Sessions for work that only reads: a long list or report never holds up a save.

        Their transactions begin deferred (a snapshot, no write lock) and refuse to write;
        writes, audit entries included, go through ``sessions``, whose transactions begin
        IMMEDIATE and so queue one behind another (see ``engine.reads_only``).
        """
        with self._sessions_made:
            if self._reads is None:
                from sqlalchemy.orm import sessionmaker

                from practice.store.engine import reads_only

                self._reads = sessionmaker(reads_only(self.engine), expire_on_commit=False)
            return self._reads

    # --- creating and opening ----------------------------------------------------

    @classmethod
    def create(
        cls, path: Path, passphrase: str, *, kdf: KdfParams | None = None
    ) -> tuple[Store, str]:
        """Create a new, empty store.

        Args:
            path: The store's folder (created if missing; must not hold a store already).
            passphrase: The therapist's passphrase.
            kdf: Argon2id parameters; calibrated for this machine when omitted.

        Returns:
            The open store and its recovery key, formatted for printing. The recovery key
            is never stored anywhere in clear: this is the only time it is seen.

        Raises:
            StoreExists: A store is already there.
            StoreError: The place is a file, or the folder cannot be made there.
        """
        layout = StoreLayout(path)
        if layout.exists():
            raise StoreExists("A store already exists in that folder; choose another folder.")
        make_folder(path, StoreError(NOT_A_FOLDER), lambda _error: StoreError(FOLDER_NOT_MADE))
        lock = StoreLock(layout.lock_file)
        lock.acquire()
        try:
            data_key, recovery = new_data_key(), new_recovery_key()
            store_id = uuid.uuid4().hex
            keyfile = (KeyFile(store_id).with_passphrase(data_key, passphrase, kdf or calibrate())
                       .with_recovery(data_key, recovery))
            _build_database(layout, data_key, store_id)
            KeyFileStore(layout.key_file).write(keyfile)
            store = cls._unlocked(layout, lock, bytearray(data_key))
        except BaseException:
            lock.release()
            raise
        log.info("store created")
        return store, format_recovery_key(recovery)

    @classmethod
    def open(cls, path: Path, credential: Credential) -> Store:
        """Unlock an existing store.

        Args:
            path: The store's folder.
            credential: The passphrase, the recovery key, or a device key.

        Returns:
            The open store; its schema brought up to date and its audit trail verified.

        Raises:
            StoreNotFound, KeyFileMissing, StoreInUse, WrongPassphrase, StoreDamaged,
            StoreTooNew: each with a message for the therapist. The store's files are
            left exactly as they were.
        """
        layout = StoreLayout(path)
        _check_files(layout)
        lock = StoreLock(layout.lock_file)
        lock.acquire()
        try:
            keyfiles = KeyFileStore(layout.key_file)
            # Under the lock, so no other process can be midway through writing one.
            if keyfiles.remove_leftovers():
                log.info("removed temporary key files left by an interrupted update")
            keyfile = keyfiles.read()
            try:
                data_key = _unwrap(keyfile, credential)
            except WrongPassphrase:
                note_failed_unlock(layout)
                raise
            store = cls._unlocked(layout, lock, bytearray(data_key))
        except BaseException:
            lock.release()
            raise
        return store

    @classmethod
    def _unlocked(cls, layout: StoreLayout, lock: StoreLock, data_key: bytearray) -> Store:
        store = cls(layout, KeyFileStore(layout.key_file), lock, data_key)
        try:
            # One plain connection does the opening checks; the engine waits for a query.
            raw = connect_raw(layout.database, bytes(data_key), store.page_size)
            try:
                store._prepare_schema(raw)
                store._verify_chain(raw)
                store._repair_search_indexes(raw)
                store._log_unlock(raw)
            finally:
                raw.close()
        except BaseException:
            store._dispose_engine()
            raise
        return store

    def _dispose_engine(self) -> None:
        with self._engine_made:
            if self._engine is not None:
                self._engine.dispose()

    def close(self) -> None:
        """Dispose of the engine (if one was made), forget the key and release the lock."""
        self._dispose_engine()
        for i in range(len(self._data_key)):
            self._data_key[i] = 0
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- keys --------------------------------------------------------------------

    @property
    def data_key(self) -> bytes:
        """The data key (for backups and the device slot; never written anywhere in clear)."""
        return bytes(self._data_key)

    @property
    def page_size(self) -> int:
        """SQLCipher's page size for this store."""
        return self._page_size

    @property
    def keyfile(self) -> KeyFile:
        """The key file as it is on disk now."""
        return self._keyfiles.read()

    def check_passphrase(self, passphrase: str) -> bool:
        """Tell whether ``passphrase`` is this store's (before a sensitive change)."""
        try:
            self.keyfile.open_with_passphrase(passphrase)
        except WrongPassphrase:
            return False
        return True

    def change_passphrase(self, new_passphrase: str, *, kdf: KdfParams | None = None) -> None:
        """Rewrap the passphrase slot; the database itself is not rewritten.

        Args:
            new_passphrase: The passphrase from now on.
            kdf: Argon2id parameters; the slot's current ones are kept when omitted.
        """
        current = self.keyfile.slots["passphrase"].kdf
        params = kdf or current or calibrate()
        data_key = self.data_key
        self._keyfiles.update(lambda kf: kf.with_passphrase(data_key, new_passphrase, params))
        with self.sessions.begin() as session:
            record(session, "store.passphrase_changed")
        log.info("passphrase changed")

    def set_device_slot(self, device_key: bytes, backend: str) -> None:
        """Let a keychain-held device key open this store on this computer."""
        data_key = self.data_key
        self._keyfiles.update(lambda kf: kf.with_device(data_key, device_key, backend))
        with self.sessions.begin() as session:
            record(session, "store.device_remembered")

    def clear_device_slot(self) -> None:
        """Stop this computer's keychain from opening the store."""
        self._keyfiles.update(lambda kf: kf.without_device())
        with self.sessions.begin() as session:
            record(session, "store.device_forgotten")

    # --- checking ----------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """Check every page's HMAC, the B-tree structure, the audit chain and the search index.

        Each full-text index is compared with the records it indexes: an older copy of one
        of its pages passes every other check (see ``practice.store.search_index``).

        Raises:
            SearchIndexRebuilt: A search index did not match the records (now or when the
                store was opened); it has been rebuilt from them.
            StoreDamaged: Any other check fails.
        """
        with self.engine.connect() as conn:
            raw: Any = conn.connection.dbapi_connection
            try:
                cipher_errors = raw.execute("PRAGMA cipher_integrity_check").fetchall()
                structure = raw.execute("PRAGMA integrity_check").fetchall()
            except Exception as error:
                raise StoreDamaged(DAMAGED_DATABASE) from error
            if cipher_errors or [tuple(r) for r in structure] != [("ok",)]:
                raise StoreDamaged(DAMAGED_DATABASE)
            head = self._verify_chain(raw)
            check_record_times(raw)
            checked = self._repair_search_indexes(raw)
        if INDEX_NOT_REBUILT in self.repairs:
            raise StoreDamaged(INDEX_NOT_REBUILT)
        if self.repairs:
            raise SearchIndexRebuilt(" ".join(self.repairs))
        with self.sessions.begin() as session:
            record(session, "store.verified")
        return VerifyReport(pages_ok=True, structure_ok=True, audit_entries=head.seq,
                            search_indexes=checked)

    # --- opening checks, on the driver's connection (no SQLAlchemy needed) -------

    def _prepare_schema(self, raw: Any) -> None:
        self_test(raw)
        revision = schema.current_revision(raw)
        if revision is None:
            raise StoreDamaged(DAMAGED_DATABASE)
        if schema.needs_upgrade(revision):
            # Alembic runs on the engine: an upgrade is rare, and worth SQLAlchemy's load.
            log.info("upgrading store schema from %s to %s", revision, schema.HEAD)
            with self.engine.begin() as conn:
                schema.upgrade(conn)
                _gather_more(conn)
        row = raw.execute("SELECT value FROM store_meta WHERE key = 'store_id'").fetchone()
        if row is None or row[0] != self.store_id:
            raise StoreDamaged(DAMAGED_DATABASE)

    def _repair_search_indexes(self, raw: Any) -> int:
        """Compare each search index with its records; rebuild any that disagree.

        Returns:
            How many indexes were checked. What was repaired is added to ``repairs``.
        """
        checked, failed = out_of_step(raw)
        if not failed:
            return checked
        try:
            with immediate_transaction(raw):
                for table in failed:
                    raw.execute(rebuild_statement(table))
                head = self._chain.write(raw, "store.search_index_rebuilt", None, None,
                                         {"indexes": ",".join(failed)})
        except (StoreDamaged, sqlcipher3.DatabaseError):
            # SQLCipher refuses writes ("readonly database") once a page fails its HMAC:
            # an index out of step because its pages are damaged cannot be rebuilt here.
            # The records under the index are damaged too; the store still opens, so
            # the therapist can read what is there and restore a backup.
            self._add_repair(INDEX_NOT_REBUILT)
            return checked
        self._remember_anchor(head)
        self._add_repair(INDEX_REBUILT)
        return checked

    def _add_repair(self, message: str) -> None:
        if message not in self.repairs:
            self.repairs += (message,)

    def _verify_chain(self, raw: Any) -> AuditAnchor:
        anchor = self.keyfile.anchor
        try:
            head = self._chain.verify(raw, anchor)
        except StoreDamaged:
            raise
        except Exception as error:
            raise StoreDamaged(DAMAGED_DATABASE) from error
        if head.seq > anchor.seq:
            self._remember_anchor(head)
        return head

    def _remember_anchor(self, anchor: AuditAnchor) -> None:
        self._keyfiles.advance_anchor(anchor)

    def _log_unlock(self, raw: Any) -> None:
        failures = take_failed_unlocks(self.layout)
        try:
            with immediate_transaction(raw):
                for when in failures:
                    self._chain.write(raw, "store.unlock_failed", None, None,
                                      {"attempted_at": when})
                head = self._chain.write(raw, "store.unlocked", None, None, {})
        except (sqlcipher3.DatabaseError, MemoryError) as error:
            # A page failing its HMAC makes SQLite refuse the write ("readonly database")
            # or fail the commit as out of memory. Say damaged, in words a person knows,
            # but only when the pages say so: a real shortage of memory is not damage.
            if is_damage(error) or _pages_damaged(raw):
                raise StoreDamaged(DAMAGED_DATABASE) from error
            raise
        self._remember_anchor(head)  # committed: the key file's anchor follows


def _pages_damaged(raw: Any) -> bool:
    try:
        return bool(raw.execute("PRAGMA cipher_integrity_check").fetchall())
    except Exception:  # the check itself cannot read the file: that is damage too
        return True


def _check_files(layout: StoreLayout) -> None:
    if not layout.database.exists() and not layout.key_file.exists():
        raise StoreNotFound(f"There is no Practice store in {layout.root}.")
    if not layout.key_file.exists():
        raise KeyFileMissing(KEY_FILE_MISSING)
    if not layout.database.exists():
        raise StoreDamaged(DATABASE_MISSING)


def _unwrap(keyfile: KeyFile, credential: Credential) -> bytes:
    if isinstance(credential, Passphrase):
        return keyfile.open_with_passphrase(credential.text)
    if isinstance(credential, RecoveryKey):
        return keyfile.open_with_recovery_key(credential.raw())
    if isinstance(credential, DeviceKey):
        return keyfile.open_with_device_key(credential.key)
    raise TypeError(f"not a credential: {type(credential).__name__}")


def _build_database(layout: StoreLayout, data_key: bytes, store_id: str) -> None:
    from practice.store.engine import make_engine  # creating a store may load SQLAlchemy

    engine = make_engine(layout.database, data_key, page_size=DEFAULT_PAGE_SIZE)
    try:
        with engine.begin() as conn:
            schema.upgrade(conn)
            _gather_more(conn)
            conn.exec_driver_sql(
                "INSERT INTO store_meta (key, value) VALUES (?, ?), (?, ?)",
                ("store_id", store_id, "created_at", datetime.now(UTC).isoformat()),
            )
    finally:
        engine.dispose()
    os.chmod(layout.database, 0o600)


def _gather_more(conn: Any) -> None:
    # Kept in each index, so set wherever the schema is made or brought up to date.
    for table in search_indexes(conn.connection.dbapi_connection):
        conn.exec_driver_sql(gather_statement(table))
