"""The Units section (a placeholder until its screen is built)."""

from __future__ import annotations

from ui.screens.base import PlaceholderScreen


class UnitsScreen(PlaceholderScreen):
    """Units: not built yet."""

    title = "Units"
    coming = (
        "Couples, triads and other relationship units, with their members over time, "
        "arrive in a later version."
    )
