"""Psychotherapy notes: the therapist's private process notes, kept apart from the record.

They are not part of the client's record: nothing that builds a letter, an export or the
client's copy imports this package, and a test keeps it so.
"""

from __future__ import annotations

from practice.services.psychotherapy.process_notes import (
    MAX_CHARS,
    PsychotherapyNoteView,
    create_psychotherapy_note,
    delete_psychotherapy_note,
    get_psychotherapy_note,
    list_psychotherapy_notes,
    save_psychotherapy_note,
)

__all__ = [
    "MAX_CHARS",
    "PsychotherapyNoteView",
    "create_psychotherapy_note",
    "delete_psychotherapy_note",
    "get_psychotherapy_note",
    "list_psychotherapy_notes",
    "save_psychotherapy_note",
]
