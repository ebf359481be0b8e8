"""The Units section: couples and polycules, members over time, the relationship graph."""

from ui.screens.units.screen import UnitsScreen

__all__ = ["UnitsScreen"]
