"""A client's chart: identity and contact safety, units, notes, care team and releases."""

from ui.screens.chart.view import ChartView

__all__ = ["ChartView"]
