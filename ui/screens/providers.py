"""The Providers section (a placeholder until its screen is built)."""

from __future__ import annotations

from ui.screens.base import PlaceholderScreen


class ProvidersScreen(PlaceholderScreen):
    """Providers: not built yet."""

    title = "Providers"
    coming = (
        "The other professionals your clients see (physicians, psychiatrists, referrers) "
        "arrive in a later version."
    )
