"""Where each of a store's files lives inside its folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATABASE = "practice.db"
KEY_FILE = "practice.key"
LOCK_FILE = "practice.lock"
FAILED_UNLOCKS = "failed-unlocks.log"
# 16 KiB pages: SQLCipher pays an IV and an HMAC per page, so larger pages cost less per byte
# (bench/bench_store.py). A store keeps the page size it was created with, in its key file;
# the sizes live here, beside the files, so reading the key file needs no SQLAlchemy.
DEFAULT_PAGE_SIZE = 16384
LEGACY_PAGE_SIZE = 4096


@dataclass(frozen=True)
class StoreLayout:
    """The files of one store folder (none of their names says anything about a client)."""

    root: Path

    @property
    def database(self) -> Path:
        """The encrypted SQLCipher database."""
        return self.root / DATABASE

    @property
    def key_file(self) -> Path:
        """The wrapped data key, its slots and the audit anchor."""
        return self.root / KEY_FILE

    @property
    def lock_file(self) -> Path:
        """The one-writer lock."""
        return self.root / LOCK_FILE

    @property
    def failed_unlocks(self) -> Path:
        """Times of failed unlock attempts, moved into the audit trail at the next unlock."""
        return self.root / FAILED_UNLOCKS

    def sidecars(self) -> tuple[Path, Path]:
        """SQLite's write-ahead log and shared-memory index."""
        return (self.root / f"{DATABASE}-wal", self.root / f"{DATABASE}-shm")

    def exists(self) -> bool:
        """Tell whether a store (database or key file) is already here."""
        return self.database.exists() or self.key_file.exists()
