"""Going to a treatment plan from elsewhere (Today): the chart's or the unit's Plan tab."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.navigation import go_to


def open_plan_of(widget: QWidget, *, client_id: int | None = None,
                 unit_id: int | None = None) -> None:
    """Show a client's chart, or a unit's page, on its Plan tab.

    Args:
        widget: Any widget inside the workspace.
        client_id: The client whose own plan it is, or None.
        unit_id: The unit whose plan it is, or None.
    """
    if client_id is not None:
        from ui.screens.clients import ClientsScreen

        clients = go_to(widget, ClientsScreen)
        if clients is not None:
            clients.open_client(client_id)
            clients.chart.tabs.setCurrentWidget(clients.chart.plan)
    elif unit_id is not None:
        from ui.screens.units.screen import UnitsScreen

        units = go_to(widget, UnitsScreen, lambda screen: screen.show_unit(unit_id))
        if units is not None:
            units.detail_tabs.setCurrentWidget(units.plan)
