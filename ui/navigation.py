"""Going to another sidebar section from inside a screen or one of its dialogs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.screens.base import Screen
    from ui.workspace import Section


def go_to_section(widget: QWidget, entry: Section) -> Screen | None:
    """Show a sidebar section, as clicking it in the sidebar does.

    Args:
        widget: Any widget inside the workspace (a dialog's parent chain counts).
        entry: The section to show (e.g. ``ui.workspace.SETTINGS``).

    Returns:
        The section's screen, or None when ``widget`` is not inside a workspace.
    """
    from ui.workspace import SECTIONS, Workspace

    found: QWidget | None = widget
    while found is not None and not isinstance(found, Workspace):
        found = found.parentWidget()
    if found is None:
        return None
    index = SECTIONS.index(entry)
    found.show_section(index)
    return found.screen_at(index)
