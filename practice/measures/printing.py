"""Scores on paper: a small table and a trend chart drawn with ReportLab's own graphics.

Used by the client's record copy and by letters (never an image file: the chart is vector
drawing operators in the PDF, so a fax stays sharp and nothing is written to disk). Plain
values in, flowables out; no store. Imported only by what prints, so the command line and
the pure layer never load ReportLab.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Table, TableStyle

from practice.documents.fonts import REGULAR
from practice.documents.layout import GREY, RULE, TEXT_WIDTH, para, short_date, styles
from practice.measures.model import Instrument, ScoreRow

_BAND_SHADES = (colors.Color(0.93, 0.93, 0.93), colors.white)


def score_table(rows: Sequence[ScoreRow]) -> Table:
    """A small table of scores: date, measure, total, band and reliable change."""
    style = styles()
    head = ("Date", "Measure", "Total", "Range", "Change since first")
    cells = [[para(h, style.cell_head) for h in head]]
    cells += [[para(text, style.cell) for text in (short_date(r.day), r.name, r.total, r.band,
                                                   r.change)] for r in rows]
    widths = (1.0, 0.9, 0.6, 2.3, 1.6)
    return Table(cells, colWidths=[w * inch for w in widths], repeatRows=1, hAlign="LEFT",
                 style=TableStyle([
                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.75, GREY),
                     ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                     ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                 ]))


def trend_chart(form: Instrument, points: Sequence[tuple[date, float]], *,
                width: float = TEXT_WIDTH, height: float = 1.9 * inch) -> Drawing:
    """A line of totals over time, with the published bands shaded and the cutoff drawn.

    Args:
        form: The instrument (its range, bands and cutoff set the axis).
        points: (day, total), oldest first; two or more make a line.
        width: The drawing's width in points.
        height: Its height in points.

    Returns:
        A ReportLab drawing (a flowable).
    """
    left, right, bottom, top = 34.0, 8.0, 22.0, 14.0
    plot_w, plot_h = width - left - right, height - bottom - top
    low, high = form.lowest_total, form.highest_total
    drawing = Drawing(width, height)

    def y_of(total: float) -> float:
        return bottom + (total - low) / (high - low) * plot_h

    for index, band in enumerate(form.bands):
        y0, y1 = y_of(max(band.low, low)), y_of(min(band.high, high))
        drawing.add(Rect(left, y0, plot_w, max(y1 - y0, 0.5), strokeColor=None,
                         fillColor=_BAND_SHADES[index % 2]))
    drawing.add(Rect(left, bottom, plot_w, plot_h, strokeColor=RULE, fillColor=None,
                     strokeWidth=0.5))
    for value in (low, high):
        drawing.add(String(left - 4, y_of(value) - 3, form.format_total(value),
                           fontName=REGULAR, fontSize=7, textAnchor="end", fillColor=GREY))
    if form.cutoff is not None:
        y = y_of(form.cutoff)
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=GREY, strokeWidth=0.6,
                         strokeDashArray=[3, 2]))
        drawing.add(String(left - 4, y - 3, f"cutoff {form.format_total(form.cutoff)}",
                           fontName=REGULAR, fontSize=6, textAnchor="end", fillColor=GREY))
    drawing.add(String(left, height - 10, f"{form.name} over time", fontName=REGULAR,
                       fontSize=8, fillColor=colors.black))
    if not points:
        return drawing
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()
    span = max(last - first, 1)

    def x_of(day: date) -> float:
        return left + 6 + (day.toordinal() - first) / span * (plot_w - 12)

    xy = [(x_of(day), y_of(total)) for day, total in points]
    if len(xy) > 1:
        drawing.add(PolyLine([c for pair in xy for c in pair], strokeColor=colors.black,
                             strokeWidth=1.2))
    for (x, y), (_day, total) in zip(xy, points, strict=True):
        drawing.add(Rect(x - 2, y - 2, 4, 4, fillColor=colors.black, strokeColor=None))
        drawing.add(String(x, y + 4, form.format_total(total), fontName=REGULAR, fontSize=6.5,
                           textAnchor="middle", fillColor=colors.black))
    for day in sorted({points[0][0], points[-1][0]}):
        drawing.add(String(x_of(day), bottom - 10, short_date(day), fontName=REGULAR,
                           fontSize=6.5, textAnchor="middle", fillColor=GREY))
    return drawing


def scores_flowables(form: Instrument, rows: Sequence[ScoreRow],
                     points: Sequence[tuple[date, float]]) -> list[Flowable]:
    """One instrument's table, with its chart when there are two or more administrations."""
    out: list[Flowable] = [score_table(rows)]
    if len(points) > 1:
        out.append(trend_chart(form, points))
    return out
