"""Verified, encrypted backups and restores that never replace anything unverified.

A backup is a folder ``practice-backup-<UTC time>`` holding an encrypted page-by-page copy
of the database (SQLite's online backup API, never a copy of the live file) and a copy of
the key file, so the passphrase or the recovery key opens it on its own. It is built under
a hidden temporary name, verified, fsynced and only then renamed into place: a crash leaves
at most a hidden partial folder, never a published, broken backup.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from practice.errors import BackupError, PracticeError, StoreDamaged, StoreError
from practice.store.atomic import OWNER_ONLY, fsync_dir, make_folder
from practice.store.audit import GENESIS, AuditAnchor, record
from practice.store.connection import apply_key
from practice.store.credentials import Credential
from practice.store.keyfile import KeyFile
from practice.store.layout import DATABASE, KEY_FILE, StoreLayout
from practice.store.lock import StoreLock
from practice.store.store import FOLDER_NOT_MADE, NOT_A_FOLDER, Store

log = logging.getLogger(__name__)

BACKUP_PREFIX = "practice-backup-"
_BACKUP_NAME = re.compile(rf"^{BACKUP_PREFIX}\d{{8}}T\d{{6}}(\d{{6}})?Z$")
DEFAULT_GENERATIONS = 10
_PAGES_PER_STEP = 512

Progress = Callable[[int, int], None]


class Cancelled(PracticeError):
    """The therapist cancelled the backup; nothing was published."""


@dataclass(frozen=True)
class BackupResult:
    """Where the verified backup went and what it holds."""

    path: Path
    tables: int
    rows: int


def backup(store: Store, destination: Path, *, generations: int = DEFAULT_GENERATIONS,
           progress: Progress | None = None,
           cancelled: Callable[[], bool] | None = None) -> BackupResult:
    """Write a verified backup of an open store into ``destination``.

    Args:
        store: The open store.
        destination: A folder (created if missing) that holds backup generations.
        generations: How many backups to keep there; older ones are removed.
        progress: Called with (pages done, pages in all).
        cancelled: Polled between steps; returning True abandons the backup.

    Returns:
        The published backup.

    Raises:
        BackupError: The backup could not be written or did not verify; nothing published.
        Cancelled: ``cancelled`` said so; nothing published.
    """
    make_folder(destination, BackupError(
        "The backup destination is a file, not a folder; give a folder to keep backups in."),
        lambda error: BackupError(_write_failed(error)))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = destination / f"{BACKUP_PREFIX}{stamp}"
    staging = destination / f".{BACKUP_PREFIX}{secrets.token_hex(6)}.partial"
    staging.mkdir(mode=0o700)
    try:
        counts, head = _copy_database(store, staging / DATABASE, progress, cancelled)
        # The anchor must match the copied snapshot, not the live store, which may have
        # committed more since the snapshot was taken.
        _write_durably(staging / KEY_FILE, store.keyfile.with_anchor(head).to_bytes())
        _verify_copy(staging / DATABASE, store.data_key, store.page_size, counts)
        fsync_dir(staging)
        os.replace(staging, final)
        fsync_dir(destination)
    except Cancelled:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except PracticeError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except (OSError, sqlcipher3.Error) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(_write_failed(error)) from error
    _rotate(destination, generations)
    with store.sessions.begin() as session:
        record(session, "store.backup", rows=sum(counts.values()))
    log.info("backup published with %d tables", len(counts))
    return BackupResult(path=final, tables=len(counts), rows=sum(counts.values()))


def list_backups(destination: Path) -> list[Path]:
    """Published backups in ``destination``, newest first."""
    if not destination.is_dir():
        return []
    found = [p for p in destination.iterdir() if p.is_dir() and _BACKUP_NAME.match(p.name)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def restore(source: Path, store_path: Path, credential: Credential) -> Path | None:
    """Replace the store at ``store_path`` with a verified copy of the backup ``source``.

    The backup is copied into a staging folder and opened and fully verified there
    first; the store it replaces is kept in a ``replaced-<time>`` folder inside the store.

    Args:
        source: A backup folder.
        store_path: The store's folder (may not exist yet, on a new computer).
        credential: The passphrase or recovery key that opens the backup.

    Returns:
        Where the replaced store was kept, or None if there was none.

    Raises:
        BackupError: The backup is not a Practice backup.
        WrongPassphrase, StoreDamaged: It does not open, or does not verify.
        StoreInUse: The store is open elsewhere.
    """
    if not (source / DATABASE).is_file() or not (source / KEY_FILE).is_file():
        raise BackupError("That folder is not a Practice backup: it has no database or key file.")
    make_folder(store_path, StoreError(NOT_A_FOLDER), lambda _error: StoreError(FOLDER_NOT_MADE))
    staging = store_path / f".restore-{secrets.token_hex(6)}"
    staging.mkdir(mode=0o700)
    try:
        for name in (DATABASE, KEY_FILE):
            shutil.copyfile(source / name, staging / name)
            (staging / name).chmod(OWNER_ONLY)
        with Store.open(staging, credential) as restored:
            restored.verify()
            with restored.sessions.begin() as session:
                record(session, "store.restored")
        return _swap_in(staging, store_path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, store_path: Path) -> Path | None:
    """Put the verified copy in place, keeping the store it replaces.

    The old files are first hard-linked into ``replaced-<time>`` (a complete copy before
    anything changes), then the key file and the database are replaced one rename each,
    key file first: a kill between the two leaves the old database under the new key
    file, which is either the same store (it opens, as it was) or is reported as damage,
    with both versions still on disk.
    """
    layout = StoreLayout(store_path)
    lock = StoreLock(layout.lock_file)
    lock.acquire()
    try:
        kept: Path | None = None
        current = [layout.database, *layout.sidecars(), layout.key_file,
                   layout.key_file.with_name(KEY_FILE + ".prev")]
        if layout.database.exists() or layout.key_file.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            kept = store_path / f"replaced-{stamp}-{secrets.token_hex(2)}"
            kept.mkdir(mode=0o700)
            for path in current:
                if path.exists():
                    _link_or_copy(path, kept / path.name)
            fsync_dir(kept)
        for sidecar in layout.sidecars():
            # A write-ahead log left by the old database must never meet the new one.
            sidecar.unlink(missing_ok=True)
        os.replace(staging / KEY_FILE, layout.key_file)
        os.replace(staging / DATABASE, layout.database)
        fsync_dir(store_path)
        return kept
    finally:
        lock.release()


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _copy_database(store: Store, target: Path, progress: Progress | None,
                   cancelled: Callable[[], bool] | None) -> tuple[dict[str, int], AuditAnchor]:
    """Copy the live database with SQLite's backup API.

    Returns:
        The row counts and the audit chain's head, both of the snapshot that was copied.
    """
    destination = _open_copy(target, store.data_key, store.page_size)

    def step(_status: int, remaining: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("The backup was cancelled; nothing was saved.")
        if progress is not None:
            progress(total - remaining, total)

    try:
        with store.engine.connect() as conn:
            source: Any = conn.connection.dbapi_connection
            source.execute("BEGIN")  # one read snapshot for the copy and its row counts
            try:
                counts = _row_counts(source)
                last = source.execute(
                    "SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1"
                ).fetchone()
                source.backup(destination, pages=_PAGES_PER_STEP, progress=step)
            finally:
                source.execute("COMMIT")
        destination.execute("PRAGMA journal_mode = DELETE")
    finally:
        destination.close()
    _fsync_file(target)
    head = GENESIS if last is None else AuditAnchor(seq=int(last[0]), mac=bytes(last[1]))
    return counts, head


def _open_copy(path: Path, data_key: bytes, page_size: int) -> Any:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    os.close(fd)
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    apply_key(conn, data_key, page_size)
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _row_counts(conn: Any) -> dict[str, int]:
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
    )]
    # Table names come from sqlite_master, not from anyone's input.
    return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])  # noqa: S608
            for t in tables}


def _verify_copy(path: Path, data_key: bytes, page_size: int, expected: dict[str, int]) -> None:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        apply_key(conn, data_key, page_size)
        cipher_errors = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        structure = conn.execute("PRAGMA integrity_check").fetchall()
        counts = _row_counts(conn)
    except sqlcipher3.Error as error:
        raise BackupError(_UNVERIFIED) from error
    finally:
        conn.close()
    if cipher_errors or [tuple(r) for r in structure] != [("ok",)] or counts != expected:
        raise BackupError(_UNVERIFIED)


def _write_durably(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _rotate(destination: Path, generations: int) -> None:
    for old in list_backups(destination)[max(1, generations):]:
        # Unpublish first (one atomic rename), then delete: a kill halfway through the
        # deletion must never leave a published backup folder missing its database.
        retired = destination / f".{old.name}.{secrets.token_hex(4)}.retired"
        with contextlib.suppress(OSError):
            os.replace(old, retired)
    for leftover in [*destination.glob(f".{BACKUP_PREFIX}*.partial"),
                     *destination.glob(f".{BACKUP_PREFIX}*.retired")]:
        # Left by a backup that was killed, or being retired; never published now.
        with contextlib.suppress(OSError):
            shutil.rmtree(leftover)


_UNVERIFIED = "The backup did not verify, so it was not kept. Your store is unchanged; try again."


def _write_failed(error: Exception) -> str:
    if isinstance(error, OSError) and error.errno == 28:
        return "The backup location is full. Nothing was saved; free some space and try again."
    return "The backup could not be written there. Nothing was saved; check the location."


def keyfile_of(backup_path: Path) -> KeyFile:
    """Read a backup's key file (for showing when it was made and checking its slots).

    Raises:
        StoreDamaged: The key file is damaged.
    """
    try:
        return KeyFile.from_bytes((backup_path / KEY_FILE).read_bytes())
    except OSError as error:
        raise StoreDamaged("That backup has no readable key file.") from error
