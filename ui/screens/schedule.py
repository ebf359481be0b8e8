"""The Schedule section (a placeholder until its screen is built)."""

from __future__ import annotations

from ui.screens.base import PlaceholderScreen


class ScheduleScreen(PlaceholderScreen):
    """Schedule: not built yet."""

    title = "Schedule"
    coming = (
        "The calendar of appointments, with licence checks for each client's state, "
        "arrives in a later version."
    )
