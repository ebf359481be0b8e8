"""Blank questionnaires to print and hand over: one PDF per instrument, by the one PDF engine.

Freely reproducible instruments (PHQ-9, GAD-7) print their wording and choices. The others
print item numbers, short neutral labels and the range of points each item takes, to be
filled in beside the licensed form, so that what is typed into the app later is exactly
the form's points item by item. No client is named on a blank form: the name line is left
empty, and the PDF's metadata names only the practice.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from practice.documents.glyphs import check_drawable
from practice.documents.layout import (
    GREY,
    RULE,
    TEXT_WIDTH,
    build_pdf,
    letterhead_flowables,
    notice,
    para,
    styles,
)
from practice.documents.model import Letterhead
from practice.measures.model import Instrument

_GRID = TableStyle([
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("ALIGN", (1, 0), (-1, -1), "CENTER"),
    ("LINEBELOW", (0, 0), (-1, 0), 0.75, GREY),
    ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
    ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
])


def blank_form(form: Instrument, letterhead: Letterhead | None = None) -> bytes:
    """Print one instrument as a blank form.

    Args:
        form: The instrument.
        letterhead: The practice's letterhead, printed at the top when given.

    Returns:
        The PDF.

    Raises:
        UndrawableText: The letterhead has characters the font cannot draw.
    """
    if letterhead is not None:
        check_drawable({"practice name": letterhead.practice_name,
                        "practice address": " ".join(letterhead.address_lines)})
    style = styles()
    story: list[Flowable] = letterhead_flowables(letterhead) if letterhead else []
    story += [para(form.title, style.title), Spacer(0, 4), *_who(form)]
    if form.instructions:
        story.append(para(form.instructions, style.body))
    else:
        story.append(para(
            "Write the points of the answer chosen on the published form beside each item "
            "number (the range each item takes is shown).", style.body))
    story.append(_worded(form) if form.reproducible else _numbered(form))
    story += [Spacer(0, 10), para("For office use. Total: ________    Entered on: ________",
                                  style.small)]
    if form.notice:
        story.append(notice(form.notice))
    author = letterhead.practice_name if letterhead else "Practice"
    return build_pdf(story, title=f"{form.name} (blank form)", author=author,
                     running_header=f"{form.name} (continued)")


def _who(form: Instrument) -> list[Flowable]:
    style = styles()
    lines = ["Name: ______________________________    Date: ______________"]
    if form.per_relationship:
        lines.append("About my relationship with: ______________________________")
    return [para(line, style.body) for line in lines]


def _worded(form: Instrument) -> Table:
    style = styles()
    choices = form.items[0].choices
    head_style = ParagraphStyle("choice_head", style.cell_head, alignment=TA_CENTER)
    value_style = ParagraphStyle("choice", style.cell, alignment=TA_CENTER)
    head = [para("", style.cell_head)] + [para(c.label, head_style) for c in choices]
    rows = [head] + [
        [para(f"{item.number}. {item.text}", style.cell)]
        + [para(str(c.value), value_style) for c in item.choices]
        for item in form.items
    ]
    choice_width = 0.85 * inch
    widths = [TEXT_WIDTH - choice_width * len(choices)] + [choice_width] * len(choices)
    return Table(rows, colWidths=widths, repeatRows=1, style=_GRID)


def _numbered(form: Instrument) -> Flowable:
    style = styles()
    head = [para(h, style.cell_head) for h in ("Item", "About", "Points", "Answer")]
    rows = [head] + [
        [para(str(item.number), style.cell), para(item.label, style.cell),
         para(f"{item.low} to {item.high}", style.cell), para("________", style.cell)]
        for item in form.items
    ]
    widths = [0.6 * inch, TEXT_WIDTH - 3.2 * inch, 1.2 * inch, 1.4 * inch]
    return KeepTogether(Table(rows, colWidths=widths, repeatRows=1, style=_GRID))
