"""Going from one section to another: a screen's action that carries on in another section."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.navigation import go_to


def open_note_from_chart(widget: QWidget, client_id: int, note_id: int) -> None:
    """Open a progress note in the Clients section, over its client's chart.

    Args:
        widget: Any widget inside the workspace.
        client_id: The client whose chart "← Chart" leads back to.
        note_id: The note.
    """
    from ui.screens.clients import ClientsScreen

    clients = go_to(widget, ClientsScreen)
    if clients is not None:
        clients.open_client(client_id)
        clients.open_note(note_id)


def start_new_client(widget: QWidget) -> None:
    """Open the Clients section and its intake form, as its "New client" does.

    Args:
        widget: Any widget inside the workspace.
    """
    from ui.screens.clients import ClientsScreen

    clients = go_to(widget, ClientsScreen)
    if clients is not None:
        clients.new_client()
