"""Crash-safe file replacement: temporary file, fsync, rename, directory fsync."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

OWNER_ONLY = 0o600


def fsync_dir(directory: Path) -> None:
    """Make a rename inside ``directory`` durable (a no-op where the OS cannot)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(
    target: Path, data: bytes, *, keep_previous: Path | None = None, sync_folder: bool = True
) -> None:
    """Replace ``target`` with ``data`` so a crash leaves either the old or the new file.

    Args:
        target: The file to replace.
        data: Its new content.
        keep_previous: Where to keep the version being replaced (a hard link, so no copy
            of the bytes is written; the previous version is never half-written either).
        sync_folder: fsync the folder too, so the rename itself survives a power cut.
            The file's bytes are always fsynced before the rename: a rename over a file
            whose data never reached the disk is how files end up empty after a crash.
    """
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_previous is not None and target.exists():
            _link_previous(target, keep_previous)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    if sync_folder:
        fsync_dir(target.parent)


def _link_previous(current: Path, previous: Path) -> None:
    staged = previous.with_name(f".{previous.name}.{secrets.token_hex(4)}.tmp")
    try:
        os.link(current, staged)
    except OSError:
        # No hard links on this file system: fall back to a durable copy.
        staged.write_bytes(current.read_bytes())
        staged.chmod(OWNER_ONLY)
    os.replace(staged, previous)
