"""One writer per store: an OS file lock, released by the OS even if Practice is killed."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from practice.errors import StoreInUse

IN_USE = (
    "This store is already open in another Practice window or command. Close that one first."
)


class StoreLock:
    """Holds the store's lock file for as long as the store is open.

    Args:
        path: The lock file.
    """

    def __init__(self, path: Path) -> None:
        # Not per-thread: the app opens on its worker thread and may close from another.
        self._lock = FileLock(str(path), timeout=0, thread_local=False)

    def acquire(self) -> None:
        """Take the lock or explain who has it.

        Raises:
            StoreInUse: Another process holds it.
        """
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreInUse(IN_USE) from None

    def release(self) -> None:
        """Let go of the lock."""
        self._lock.release(force=True)
