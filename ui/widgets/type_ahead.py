"""Type-ahead for an editable drop-down: any part of an entry's words finds it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter


def type_ahead(box: QComboBox, name: str) -> QCompleter:
    """Let typing into an editable ``box`` suggest its entries that contain what is typed.

    "dyspar" finds "F52.6: Dyspareunia …" and "ben" finds "Ana Lee & Ben Cole": the
    therapist may remember any part of the words better than how they begin. Down and Enter
    choose a suggestion, so no mouse is needed.

    Args:
        box: The editable drop-down, already holding its entries.
        name: What screen readers call the box; the suggestions are "<name>: suggestions".

    Returns:
        The completer installed.
    """
    completer = QCompleter(box.model(), box)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    # The words shown: a model over values in memory may have no separate edit text.
    completer.setCompletionRole(Qt.ItemDataRole.DisplayRole)
    popup = completer.popup()
    assert popup is not None  # a completer always makes its list on first asking
    popup.setAccessibleName(f"{name}: suggestions")
    box.setCompleter(completer)
    return completer
