"""Failed unlock attempts, kept until the next unlock writes them into the audit trail.

A wrong passphrase cannot write to the database (it cannot be opened) nor to the key file
(which a wrong passphrase must leave byte-for-byte untouched), so each attempt's time is
appended to a small file beside them; the next successful unlock records each in the
audit chain and removes the file.
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime

from practice.store.layout import StoreLayout


def note_failed_unlock(layout: StoreLayout) -> None:
    """Remember the time of one failed attempt (best effort: a full disk loses only it)."""
    with contextlib.suppress(OSError):
        fd = os.open(layout.failed_unlocks, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="ascii") as handle:
            handle.write(datetime.now(UTC).replace(microsecond=0).isoformat() + "\n")


def take_failed_unlocks(layout: StoreLayout) -> list[str]:
    """Return the remembered attempts (the newest 100) and forget them."""
    try:
        lines = layout.failed_unlocks.read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return []
    layout.failed_unlocks.unlink(missing_ok=True)
    return lines[-100:]
