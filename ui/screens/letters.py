"""The Letters section (a placeholder until its screen is built)."""

from __future__ import annotations

from ui.screens.base import PlaceholderScreen


class LettersScreen(PlaceholderScreen):
    """Letters: not built yet."""

    title = "Letters"
    coming = (
        "Letters to providers, checked against each client's releases of information, "
        "arrive in a later version."
    )
