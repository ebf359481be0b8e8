"""A drop-down with an accessible name for itself and its list, and its choices."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import QComboBox


def choice_box(name: str, choices: Iterable[tuple[str, Any]] = ()) -> QComboBox:
    """A combo box a screen reader can name, open or closed.

    Args:
        name: What the box chooses ("Care unit"); its list is "<name>: choices".
        choices: (words shown, value kept) pairs, in order.

    Returns:
        The combo box.
    """
    box = QComboBox()
    box.setAccessibleName(name)
    box.view().setAccessibleName(f"{name}: choices")
    for text, value in choices:
        box.addItem(text, value)
    return box
