"""The note editors: progress notes (sign, then addenda) and private psychotherapy notes."""

from ui.screens.notes.editor import NoteEditor
from ui.screens.notes.psychotherapy import PsychotherapyEditor

__all__ = ["NoteEditor", "PsychotherapyEditor"]
