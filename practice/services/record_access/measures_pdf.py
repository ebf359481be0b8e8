"""The "Measures" section of the client's record copy: a table and a chart per instrument."""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.platypus import Flowable, Spacer

from practice.documents.layout import para, short_date, styles
from practice.measures import INSTRUMENTS, ScoreRow
from practice.measures.printing import scores_flowables
from practice.services.record_access.measures import MeasureRecord


def measure_texts(measures: tuple[MeasureRecord, ...]) -> Iterator[tuple[str, str]]:
    """The printed strings that came from the store, for the glyph check."""
    for m in measures:
        if m.about:
            yield f"measure {m.administration_id} partner", m.about


def measures_section(measures: tuple[MeasureRecord, ...]) -> list[Flowable]:
    """Each instrument's scores (per partner for a relationship measure), oldest first."""
    style = styles()
    out: list[Flowable] = [Spacer(0, 8), para("Measures", style.title)]
    if not measures:
        return [*out, para("You have not completed a standard measure.", style.body)]
    groups: dict[tuple[str, str | None], list[MeasureRecord]] = {}
    for m in measures:
        groups.setdefault((m.instrument, m.about), []).append(m)
    for (key, about), group in groups.items():
        form = INSTRUMENTS[key]
        heading = form.title + (f", about the relationship with {about}" if about else "")
        out.append(para(heading, style.tight, bold=True))
        rows = [ScoreRow(m.administered_on, m.name, m.total_text, m.band, m.change)
                for m in group]
        out += scores_flowables(form, rows, [(m.administered_on, m.total) for m in group])
        for m in group:
            details = [f"{label} {score}" for label, score in m.domains]
            details += [m.risk] if m.risk else []
            if details:
                out.append(para(f"{short_date(m.administered_on)}: " + "; ".join(details),
                                style.small))
        out.append(Spacer(0, 6))
    return out
