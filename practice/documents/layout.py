"""Page layout shared by letters and reports: styles, letterhead, running header, page numbers."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import HRFlowable

from practice.documents.errors import DocumentError
from practice.documents.fonts import BOLD, REGULAR, ensure_fonts
from practice.documents.glyphs import normalise
from practice.documents.model import Letterhead

PAGE_WIDTH, PAGE_HEIGHT = LETTER
SIDE_MARGIN = 1.0 * inch
TOP_MARGIN = 0.7 * inch
BOTTOM_MARGIN = 0.9 * inch
RUNNING_HEADER_HEIGHT = 0.45 * inch
TEXT_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN
_NO_PADDING = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
GREY = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.6, 0.6, 0.6)

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: date) -> str:
    """Format a date as US letters do, e.g. "March 3, 2025" (independent of locale)."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def short_date(day: date) -> str:
    """Format a date as medical offices match records, e.g. "04/12/1985"."""
    return f"{day.month:02d}/{day.day:02d}/{day.year:04d}"


def markup(text: str) -> str:
    """Turn plain text into Paragraph markup: escaped, with newlines as line breaks."""
    # Not xml.sax.saxutils.escape: importing it pulls in urllib, http and ssl (~40 ms).
    text = normalise(text).strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br/>")


@dataclass(frozen=True)
class Styles:
    """The paragraph styles used by letters and reports."""

    body: ParagraphStyle
    tight: ParagraphStyle
    small: ParagraphStyle
    practice: ParagraphStyle
    title: ParagraphStyle
    notice: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cc: ParagraphStyle


@functools.cache
def styles() -> Styles:
    """Return the shared styles (built once), with the letter fonts registered for them."""
    # A paragraph looks its font up as it is made, long before build_pdf runs.
    ensure_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=14, spaceAfter=8)
    small = ParagraphStyle("small", body, fontSize=8.5, leading=11, spaceAfter=0, textColor=GREY)
    cell = ParagraphStyle("cell", body, fontSize=8.5, leading=10.5, spaceAfter=0)
    return Styles(
        body=body,
        tight=ParagraphStyle("tight", body, spaceAfter=0),
        small=small,
        practice=ParagraphStyle("practice", body, fontName=BOLD, fontSize=14, leading=17),
        title=ParagraphStyle("title", body, fontName=BOLD, fontSize=13, leading=16),
        # Set apart in a thin box, as fax cover notices usually are.
        notice=ParagraphStyle(
            "notice",
            small,
            fontSize=7.5,
            leading=9.5,
            borderWidth=0.5,
            borderColor=RULE,
            borderPadding=(4, 6, 5, 6),
            leftIndent=6,
            rightIndent=6,
        ),
        cell=cell,
        cell_head=ParagraphStyle("cell_head", cell, fontName=BOLD),
        cc=ParagraphStyle("cc", body, leftIndent=24, firstLineIndent=-24),
    )


def para(text: str, style: ParagraphStyle, *, bold: bool = False) -> Paragraph:
    """Make a paragraph from plain text (never from markup a user could type)."""
    content = markup(text)
    return Paragraph(f"<b>{content}</b>" if bold else content, style)


def notice(text: str) -> Flowable:
    """Make the small boxed notice that ends a letter or report; never split over pages."""
    return KeepTogether([Spacer(0, 8), para(text, styles().notice)])


def lines_para(lines: Sequence[str], style: ParagraphStyle) -> Paragraph:
    """Make one paragraph of several plain-text lines, skipping blank ones."""
    return Paragraph("<br/>".join(markup(line) for line in lines if line.strip()), style)


def image(data: bytes, max_width: float, max_height: float, what: str) -> Image:
    """Make an image flowable scaled to fit a box, keeping its proportions.

    Args:
        data: PNG or JPEG bytes.
        max_width: Largest width in points.
        max_height: Largest height in points.
        what: How the error names the image, e.g. "logo".

    Raises:
        DocumentError: The bytes are not an image ReportLab can read.
    """
    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception as exc:  # ReportLab and Pillow raise many kinds
        raise DocumentError(f"The {what} image cannot be read; please choose another.") from exc
    scale = min(max_width / width, max_height / height, 1.0)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale, hAlign="LEFT")


def letterhead_flowables(letterhead: Letterhead) -> list[Flowable]:
    """Return the letterhead block: logo, practice name, address and contact, then a rule."""
    style = styles()
    contact = " · ".join(
        part
        for part in (
            f"Phone {letterhead.phone}" if letterhead.phone.strip() else "",
            f"Fax {letterhead.fax}" if letterhead.fax.strip() else "",
            letterhead.email,
        )
        if part.strip()
    )
    text = [
        para(letterhead.practice_name, style.practice),
        lines_para([*letterhead.address_lines, contact], style.small),
    ]
    rule = HRFlowable(width="100%", thickness=0.75, color=RULE, spaceBefore=6, spaceAfter=0)
    if not letterhead.logo_png:
        return [*text, rule, Spacer(0, 18)]
    logo = image(letterhead.logo_png, 1.4 * inch, 0.85 * inch, "logo")
    gap = 14
    block = Table(
        [[logo, text]],
        colWidths=[logo.drawWidth + gap, TEXT_WIDTH - logo.drawWidth - gap],
        style=TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
        ),
    )
    return [block, rule, Spacer(0, 18)]


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
    """A canvas that holds pages back until the end, to print "Page X of Y" on each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(REGULAR, 8)
            self.setFillColor(GREY)
            self.drawCentredString(PAGE_WIDTH / 2, 0.5 * inch, f"Page {number} of {total}")
            super().showPage()
        super().save()


def _running_header(text: str) -> Callable[[Canvas, BaseDocTemplate], None]:
    """Draw the continuation header pages 2 onwards carry, in case pages are separated."""

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        # A long name must not run past the margin: shrink rather than clip.
        size = min(8.0, 8.0 * TEXT_WIDTH / max(stringWidth(text, REGULAR, 8), 1.0))
        canvas.setFont(REGULAR, size)
        canvas.setFillColor(GREY)
        y = PAGE_HEIGHT - TOP_MARGIN - 10
        canvas.drawString(SIDE_MARGIN, y, text)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(SIDE_MARGIN, y - 6, PAGE_WIDTH - SIDE_MARGIN, y - 6)
        canvas.restoreState()

    return draw


def build_pdf(story: list[Flowable], *, title: str, author: str, running_header: str) -> bytes:
    """Lay out a story on US Letter pages and return the PDF.

    The metadata carries only ``title`` and ``author``; no subject or keywords, so
    nothing about the client is in the document information. Output is invariant
    (fixed dates and id), so the same input gives the same bytes.

    Args:
        story: The flowables, letterhead first.
        title: Document title for the metadata.
        author: Document author (the practice).
        running_header: Printed at the top of pages 2 onwards.

    Raises:
        DocumentError: Some block is too large to fit on a page.
    """
    ensure_fonts()
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=LETTER,
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=normalise(author).strip(),
        subject="",
        keywords=[],
        creator="Practice",
        invariant=1,
    )
    height = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN
    first = Frame(SIDE_MARGIN, BOTTOM_MARGIN, TEXT_WIDTH, height, id="first", **_NO_PADDING)
    later = Frame(
        SIDE_MARGIN, BOTTOM_MARGIN, TEXT_WIDTH, height - RUNNING_HEADER_HEIGHT, id="later",
        **_NO_PADDING,
    )  # fmt: skip
    doc.addPageTemplates(
        [
            PageTemplate("first", [first], autoNextPageTemplate="later"),
            PageTemplate(
                "later", [later], onPage=_running_header(" ".join(running_header.split()))
            ),
        ]
    )
    try:
        doc.build(story, canvasmaker=_NumberedCanvas)
    except LayoutError as exc:
        raise DocumentError("Some text is too long to fit on a page; please shorten it.") from exc
    return out.getvalue()
