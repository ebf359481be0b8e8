"""Backups found where they are: the generations in a backup folder, and restoring the newest.

``practice backup`` writes each backup as a ``practice-backup-<UTC time>`` folder inside
the backup folder it is given (see ``practice.store.backup``). A therapist restoring on a
new computer knows that folder, not the generation inside it; here the folder itself is
enough: its backups are listed with their dates, and a restore from it takes the newest
that opens and verifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from practice.errors import BackupError, StoreDamaged
from practice.store.backup import BACKUP_PREFIX, list_backups, restore
from practice.store.credentials import Credential
from practice.store.keyfile import KeyFile
from practice.store.layout import DATABASE, KEY_FILE

NO_BACKUPS = "That folder holds no Practice backups."
NONE_VERIFIED = "None of the backups in that folder verified, so nothing was restored."


@dataclass(frozen=True)
class BackupEntry:
    """One backup in a backup folder.

    Attributes:
        path: The backup's own folder.
        made_at: When it was made (UTC), read from its name.
        size: Its database and key file together, in bytes.
        complete: Whether both files are there and the key file reads (not yet whether
            the database verifies: that needs the passphrase, and restoring checks it).
    """

    path: Path
    made_at: datetime
    size: int
    complete: bool


@dataclass(frozen=True)
class SkippedBackup:
    """A newer backup passed over on the way to one that verified, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class RestoreOutcome:
    """Which backup was restored, where the replaced store went, and what was passed over.

    Attributes:
        restored: The backup now in place.
        kept: The folder holding the store it replaced, or None if there was none.
        skipped: Newer backups that did not verify, newest first.
    """

    restored: Path
    kept: Path | None
    skipped: tuple[SkippedBackup, ...]


def size_words(size: int) -> str:
    """A backup's size in the units a file manager shows (``3.2 MB``)."""
    if size < 1024:
        return f"{size} bytes"
    kib = size / 1024
    return f"{kib:.0f} KB" if kib < 1024 else f"{kib / 1024:.1f} MB"


def is_backup(folder: Path) -> bool:
    """Tell whether a folder is one backup (it holds a database and a key file)."""
    return (folder / DATABASE).is_file() and (folder / KEY_FILE).is_file()


def made_at(folder: Path) -> datetime:
    """When a backup was made, from its ``practice-backup-<UTC time>`` name.

    Raises:
        ValueError: The name carries no time.
    """
    stamp = folder.name.removeprefix(BACKUP_PREFIX).removesuffix("Z")
    layout = "%Y%m%dT%H%M%S%f" if len(stamp) > len("YYYYMMDDTHHMMSS") else "%Y%m%dT%H%M%S"
    return datetime.strptime(stamp, layout).replace(tzinfo=UTC)


def find_backups(destination: Path) -> tuple[BackupEntry, ...]:
    """The backups in a backup folder, newest first, with their dates and sizes.

    Args:
        destination: A folder that ``practice backup`` writes into.

    Returns:
        Its published backups (none when the folder does not exist).
    """
    return tuple(backup_entry(path) for path in list_backups(destination))


def backup_entry(path: Path) -> BackupEntry:
    """Describe one backup folder, however it is named.

    Args:
        path: The backup's folder; one renamed or copied by hand is dated by its database
            file's modification time.

    Returns:
        Its date, size and whether it is complete.
    """
    try:
        when = made_at(path)
    except ValueError:
        try:
            when = datetime.fromtimestamp((path / DATABASE).stat().st_mtime, UTC)
        except OSError:
            when = datetime.fromtimestamp(0, UTC)
    size, complete = 0, True
    for name in (DATABASE, KEY_FILE):
        try:
            size += (path / name).stat().st_size
        except OSError:
            complete = False
    if complete:
        try:
            KeyFile.from_bytes((path / KEY_FILE).read_bytes())
        except (OSError, StoreDamaged):
            complete = False
    return BackupEntry(path=path, made_at=when, size=size, complete=complete)


def restore_newest(source: Path, store_path: Path, credential: Credential) -> RestoreOutcome:
    """Restore a backup, or the newest backup in a backup folder that verifies.

    A backup that is damaged or incomplete is passed over for the next older one. A wrong
    passphrase is not: the newest backup not opening with it stops the restore rather
    than quietly bringing back an older practice that an old passphrase still opens.

    Args:
        source: One backup, or a folder of them.
        store_path: The store's folder (may not exist yet, on a new computer).
        credential: The passphrase or recovery key that opens the backup.

    Returns:
        What was restored and what was passed over.

    Raises:
        BackupError: The folder is neither a backup nor holds any, or none verified.
        WrongPassphrase: The newest backup does not open with the credential.
        StoreInUse: The store is open elsewhere.
    """
    if is_backup(source):
        return RestoreOutcome(source, restore(source, store_path, credential), ())
    found = list_backups(source)
    if not found:
        raise BackupError(NO_BACKUPS)
    skipped: list[SkippedBackup] = []
    for candidate in found:
        try:
            kept = restore(candidate, store_path, credential)
        except (BackupError, StoreDamaged) as error:
            skipped.append(SkippedBackup(candidate, error.message))
            continue
        return RestoreOutcome(candidate, kept, tuple(skipped))
    raise BackupError(NONE_VERIFIED)
