"""Scores over time drawn with QtCharts: one instrument's trend, or a unit's CSI per edge.

A trend shows the published bands as shaded strips behind the line, the clinical cutoff as
a dashed line, and marks the administrations whose change from the first one is reliable
(Jacobson-Truax, ``practice.measures.reliable_change``): a ring for a reliable improvement,
a square for a reliable deterioration. The words are always said too (the chart's
accessible description and the table beside it); colours only help the eye.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QAbstractSeries,
    QAreaSeries,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ui import design

if TYPE_CHECKING:
    from practice.measures import Band
    from practice.services.measures import Trend

IMPROVED = "Reliably improved since the first"
WORSE = "Reliably worse since the first"


def day_ms(day: date) -> float:
    """A day as the chart's time axis counts it (noon, so no zone shifts it a day)."""
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0))
                 .toMSecsSinceEpoch())


def band_edges(bands: Sequence[Band], lowest: float, highest: float
               ) -> list[tuple[float, float, str]]:
    """Where each band's strip starts and ends on a continuous axis.

    Published bands are whole-number ranges ("5-9", "10-14"); their strips meet halfway
    between one band's top and the next one's bottom, and stay within the form's range.

    Args:
        bands: The published bands, lowest first.
        lowest: The lowest total the form allows.
        highest: The highest total the form allows.

    Returns:
        (bottom, top, label) per band, lowest first.
    """
    edges = []
    for i, band in enumerate(bands):
        bottom = lowest if i == 0 else (bands[i - 1].high + band.low) / 2
        top = highest if i == len(bands) - 1 else (band.high + bands[i + 1].low) / 2
        edges.append((max(bottom, lowest), min(top, highest), band.label))
    return edges


def tick_step(span: float) -> float:
    """A round step between score ticks that gives at most nine of them over ``span``."""
    return next((step for step in (1.0, 2.0, 5.0, 10.0, 20.0, 50.0) if span / step <= 9),
                100.0)


@dataclass(frozen=True)
class Line:
    """One line of a multi-line chart: its name and its (day, total) points, oldest first."""

    name: str
    points: tuple[tuple[date, float], ...]


class _ScoreChart(QChartView):
    """A chart view with a day axis and a score axis; subclasses add the series."""

    day_format = "dd MMM yyyy"

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setChart(QChart())
        self.chart().legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        if design.is_dark():
            self.chart().setTheme(QChart.ChartTheme.ChartThemeDark)

    def clear_chart(self) -> None:
        """Remove every series and axis (the chart is empty until shown again)."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle("")
        self.setAccessibleDescription("")

    def series_named(self, name: str) -> QAbstractSeries | None:
        """The series called ``name``, if drawn (what a reader of the legend sees)."""
        for series in self.chart().series():
            if series.name() == name:
                return series
        return None

    def _axes(self, first: date, last: date, lowest: float, highest: float
              ) -> tuple[QDateTimeAxis, QValueAxis]:
        # A single day (or two close ones) gets a week either side, so the point has room.
        pad = timedelta(days=7 if (last - first).days < 14 else 2)
        days = QDateTimeAxis()
        days.setFormat(self.day_format)
        days.setTitleText("Date")
        start, end = first - pad, last + pad
        days.setRange(QDateTime(QDate(start.year, start.month, start.day), QTime(0, 0)),
                      QDateTime(QDate(end.year, end.month, end.day), QTime(0, 0)))
        days.setTickCount(min(6, max(2, (end - start).days // 7 + 1)))
        totals = QValueAxis()
        totals.setRange(lowest, highest)
        totals.setTitleText("Total")
        totals.setLabelFormat("%g")
        # Ticks on round numbers (0, 5, 10...), not on quarters of the form's range.
        totals.setTickType(QValueAxis.TickType.TicksDynamic)
        totals.setTickAnchor(0.0)
        totals.setTickInterval(tick_step(highest - lowest))
        self.chart().addAxis(days, Qt.AlignmentFlag.AlignBottom)
        self.chart().addAxis(totals, Qt.AlignmentFlag.AlignLeft)
        return days, totals

    def _add(self, series: QXYSeries | QAreaSeries, axes: tuple[QDateTimeAxis, QValueAxis]
             ) -> None:
        self.chart().addSeries(series)
        for axis in axes:
            series.attachAxis(axis)

    def _level(self, name: str, value: float, first: date, last: date, colour: QColor,
               axes: tuple[QDateTimeAxis, QValueAxis]) -> None:
        """A dashed horizontal line across the chart (a cutoff)."""
        line = QLineSeries()
        line.setName(name)
        pad = timedelta(days=30)
        line.append(day_ms(first - pad), value)
        line.append(day_ms(last + pad), value)
        pen = QPen(colour, 1.5)
        pen.setStyle(Qt.PenStyle.DashLine)
        line.setPen(pen)
        self._add(line, axes)


class TrendChart(_ScoreChart):
    """One client's totals on one instrument over time, with bands, cutoff and reliable change.

    Args:
        parent: The parent widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Trend chart", parent)

    def show_trend(self, trend: Trend, title: str) -> None:
        """Draw a trend (an empty one draws nothing).

        Args:
            trend: The totals, bands and thresholds read by the core.
            title: What the chart is called ("PHQ-9", "CSI-16 about Sam").
        """
        self.clear_chart()
        if not trend.points:
            return
        chart = self.chart()
        chart.setTitle(title)
        first, last = trend.points[0].administered_on, trend.points[-1].administered_on
        axes = self._axes(first, last, trend.lowest, trend.highest)
        self._bands(trend, first, last, axes)
        if trend.cutoff is not None:
            self._level(f"Cutoff {trend.cutoff:g}", trend.cutoff, first, last,
                        design.text_colour(self.palette()), axes)
        totals = QLineSeries()
        totals.setName(f"{trend.name} total")
        totals.setPointsVisible(True)
        totals.setPen(QPen(design.accent_colour(self.palette()), 2.5))
        for point in trend.points:
            totals.append(day_ms(point.administered_on), point.total)
        self._add(totals, axes)
        self._marks(trend, axes)
        self.setAccessibleDescription(describe(trend, title))

    def _bands(self, trend: Trend, first: date, last: date,
               axes: tuple[QDateTimeAxis, QValueAxis]) -> None:
        edges = band_edges(trend.bands, trend.lowest, trend.highest)
        # Tones run best to worst; the best band is the top one when higher is better.
        order = list(reversed(edges)) if trend.higher_is_better else edges
        pad = timedelta(days=30)
        for rank, (bottom, top, label) in enumerate(order):
            upper, lower = QLineSeries(), QLineSeries()
            for day in (first - pad, last + pad):
                upper.append(day_ms(day), top)
                lower.append(day_ms(day), bottom)
            strip = QAreaSeries(upper, lower)
            strip.setName(label)
            tone = QColor(design.BAND_TONES[round(rank * (len(design.BAND_TONES) - 1)
                                            / max(1, len(order) - 1))])
            tone.setAlpha(70)
            strip.setBrush(QBrush(tone))
            strip.setPen(QPen(Qt.PenStyle.NoPen))
            # The strips own their boundary lines (Qt deletes them with the strip).
            upper.setParent(strip)
            lower.setParent(strip)
            self._add(strip, axes)

    def _marks(self, trend: Trend, axes: tuple[QDateTimeAxis, QValueAxis]) -> None:
        for name, change, colour, shape in (
            (IMPROVED, "improved", QColor(design.CHANGE_COLOURS[0]),
             QScatterSeries.MarkerShape.MarkerShapeCircle),
            (WORSE, "deteriorated", QColor(design.CHANGE_COLOURS[1]),
             QScatterSeries.MarkerShape.MarkerShapeRectangle),
        ):
            marked = [p for p in trend.points if p.versus_baseline == change]
            if not marked:
                continue
            dots = QScatterSeries()
            dots.setName(name)
            dots.setMarkerShape(shape)
            dots.setMarkerSize(14)
            dots.setColor(Qt.GlobalColor.transparent)
            dots.setBorderColor(colour)
            dots.setPen(QPen(colour, 2.5))
            for point in marked:
                dots.append(day_ms(point.administered_on), point.total)
            self._add(dots, axes)


class LinesChart(_ScoreChart):
    """Several lines over time on one score axis (a unit's CSI, one line per rater and partner).

    Args:
        name: The chart's accessible name.
        parent: The parent widget.
    """

    day_format = "d MMM yy"  # a small chart beside others: short dates

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)

    def show_lines(self, lines: Sequence[Line], lowest: float, highest: float,
                   cutoffs: Sequence[tuple[str, float]], title: str = "") -> None:
        """Draw the lines (nothing when none has a point).

        Args:
            lines: The lines, each with its points oldest first.
            lowest: The bottom of the score axis.
            highest: The top of the score axis.
            cutoffs: Dashed levels to draw, each with its name ("CSI-16 distress cutoff").
            title: The chart's title (none when a heading beside it says it).
        """
        self.clear_chart()
        days = [day for line in lines for day, _total in line.points]
        if not days:
            return
        self.chart().setTitle(title)
        first, last = min(days), max(days)
        axes = self._axes(first, last, lowest, highest)
        for name, value in cutoffs:
            self._level(name, value, first, last, design.text_colour(self.palette()), axes)
        for index, line in enumerate(lines):
            series = QLineSeries()
            series.setName(line.name)
            series.setPointsVisible(True)
            series.setPen(QPen(QColor(design.LINE_COLOURS[index % len(design.LINE_COLOURS)]), 2.5))
            for day, total in line.points:
                series.append(day_ms(day), total)
            self._add(series, axes)
        self.setAccessibleDescription("; ".join(
            f"{line.name}: " + ", ".join(f"{total:g} on {day:%d %b %Y}"
                                         for day, total in line.points) for line in lines))


def describe(trend: Trend, title: str) -> str:
    """The trend in words, for a screen reader: each total, its band and any reliable change."""
    said = []
    for point in trend.points:
        change = (f", {point.versus_baseline} since the first"
                  if point.versus_baseline not in (None, "no reliable change") else "")
        said.append(f"{point.total:g} ({point.band}) on {point.administered_on:%d %b %Y}"
                    f"{change}")
    return f"{title}: " + "; ".join(said)
