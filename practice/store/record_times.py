"""Each note's last change, checked against the audit trail that recorded it.

The audit trail is chained and anchored in the key file, so an older copy of any of its
pages is caught. A note's own row is not: putting back an older copy of the page holding a
``progress_notes`` row passes every page HMAC and structure check, and the note silently
loses its latest change (its time, its header, a signature). Every change to a note is
written in the same transaction as its audit entry, so a note whose row says it was last
changed before the trail's last entry for it (last in the trail's order) has been rolled
back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from practice.errors import StoreDamaged

NOTE_ROLLED_BACK = (
    "A note is older than the audit trail says it should be: part of the database was put "
    "back to an older copy. Restore your most recent backup (Settings → Backups, or "
    "`practice restore`), then compare your latest notes with it."
)
# (table, audit entity, audit actions that change the row and set its updated_at)
_WATCHED = (
    ("progress_notes", "note",
     ("note.create", "note.draft_save", "note.header", "note.attendees", "note.codes",
      "note.sign")),
    ("addenda", "addendum", ("addendum.create", "addendum.draft_save", "addendum.sign")),
    ("psychotherapy_notes", "psychotherapy_note",
     ("psychotherapy_note.create", "psychotherapy_note.save")),
)
# The row's time and its audit entry's time are read from the clock a moment apart (whole
# seconds both), so a change may be logged a second after its row says; rollbacks within
# that margin change nothing a reader would notice but the time itself.
_MARGIN_SECONDS = 2


def _seconds(stored: object) -> int | None:
    if not isinstance(stored, str):
        return None
    when = datetime.fromisoformat(stored)
    return int((when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp())


def rolled_back(conn: Any) -> list[tuple[str, int]]:
    """The watched rows whose last change is older than the audit trail's entry for it.

    Args:
        conn: A raw DB-API connection to the store (its audit chain already verified).

    Returns:
        (table, row id) pairs; empty when every row is as recent as its trail.
    """
    found: list[tuple[str, int]] = []
    trail = conn.execute("SELECT seq, at FROM audit_log ORDER BY seq DESC").fetchall()
    time_of = dict(trail)
    # The earliest time the trail shows after each entry: when the trail goes back in time
    # after a change, the clock was set back since, and that change's time proves nothing.
    earliest_after: dict[int, int | None] = {}
    running: int | None = None
    for seq, at in trail:
        earliest_after[seq] = running
        running = at if running is None else min(running, at)
    for table, entity, actions in _WATCHED:
        marks = ", ".join("?" for _ in actions)
        # Each row's latest change in the trail's own order, not its latest time.
        last_change = dict(conn.execute(
            f"SELECT entity_id, max(seq) FROM audit_log WHERE entity = ? "  # noqa: S608
            f"AND action IN ({marks}) GROUP BY entity_id", (entity, *actions)).fetchall())
        for row_id, updated_at in conn.execute(
                f"SELECT id, updated_at FROM {table}").fetchall():  # noqa: S608 - constant
            seq = last_change.get(row_id)
            changed = _seconds(updated_at)
            if seq is None or changed is None:
                continue
            logged, after = time_of[seq], earliest_after[seq]
            clock_went_back = after is not None and after < logged
            if not clock_went_back and logged > changed + _MARGIN_SECONDS:
                found.append((table, int(row_id)))
    return found


def check_record_times(conn: Any) -> None:
    """Refuse a store where a note's row is older than its audit trail.

    Raises:
        StoreDamaged: A note, addendum or psychotherapy note was rolled back.
    """
    if rolled_back(conn):
        raise StoreDamaged(NOTE_ROLLED_BACK)
