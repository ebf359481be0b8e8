"""Crash-safe file replacement: temporary file, fsync, rename, directory fsync."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

OWNER_ONLY = 0o600
_TEMP_SUFFIX = r"\.[0-9a-f]{8}\.tmp"  # what ``_temporary_name`` adds: eight hex digits


def fsync_dir(directory: Path) -> None:
    """Make a rename inside ``directory`` durable (a no-op where the OS cannot)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_folder(path: Path, is_a_file: Exception,
                cannot: Callable[[OSError], Exception]) -> None:
    """Make ``path`` an owner-only folder unless it is one, or say plainly why it cannot be.

    Args:
        path: The folder (its missing parents are made too).
        is_a_file: Raised when ``path`` is a file (or anything but a folder).
        cannot: Builds what to raise when the OS refuses (a parent that is a file, say).
    """
    if path.exists() and not path.is_dir():
        raise is_a_file
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise cannot(error) from error


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
    tmp = _temporary_name(target)
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
    staged = _temporary_name(previous)
    try:
        os.link(current, staged)
    except OSError:
        # No hard links on this file system: fall back to a durable copy.
        staged.write_bytes(current.read_bytes())
        staged.chmod(OWNER_ONLY)
    os.replace(staged, previous)


def _temporary_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")


def remove_leftovers(target: Path) -> int:
    """Remove the temporary files a killed ``write_atomically`` of ``target`` left behind.

    Only names this module makes for ``target`` (``.<name>.<8 hex digits>.tmp``) are
    touched, and only regular files: never a folder, a link or anything else. Call it only
    while holding the lock of whatever writes ``target``, so no write is still under way.

    Args:
        target: The file whose leftovers to remove.

    Returns:
        How many were removed.
    """
    ours = re.compile(re.escape(f".{target.name}") + _TEMP_SUFFIX)
    removed = 0
    with os.scandir(target.parent) as entries:
        for entry in entries:
            if ours.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    Path(entry.path).unlink()
                    removed += 1
    return removed
