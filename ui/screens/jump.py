"""Going from one section to another: a screen's action that carries on in another section."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.screens.base import Screen

S = TypeVar("S", bound="Screen")


def show_section(widget: QWidget, kind: type[S]) -> S | None:
    """Bring the section of ``kind`` to the front of the workspace holding ``widget``.

    Args:
        widget: Any widget inside the workspace (a screen asking to go elsewhere).
        kind: The screen class of the section wanted.

    Returns:
        That section's screen (built now if it never was), or None outside a workspace.
    """
    from ui.workspace import Workspace

    holder = widget.parentWidget()
    while holder is not None and not isinstance(holder, Workspace):
        holder = holder.parentWidget()
    if holder is None:
        return None
    screen = holder.section(kind)
    holder.show_section(holder.screens.index(screen))
    return screen


def open_note_from_chart(widget: QWidget, client_id: int, note_id: int) -> None:
    """Open a progress note in the Clients section, over its client's chart.

    Args:
        widget: Any widget inside the workspace.
        client_id: The client whose chart "← Chart" leads back to.
        note_id: The note.
    """
    from ui.screens.clients import ClientsScreen

    clients = show_section(widget, ClientsScreen)
    if clients is not None:
        clients.open_client(client_id)
        clients.open_note(note_id)


def start_new_client(widget: QWidget) -> None:
    """Open the Clients section and its intake form, as its "New client" does.

    Args:
        widget: Any widget inside the workspace.
    """
    from ui.screens.clients import ClientsScreen

    clients = show_section(widget, ClientsScreen)
    if clients is not None:
        clients.new_client()
