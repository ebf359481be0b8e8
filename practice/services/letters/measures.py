"""The client's own scores for a letter whose release covers ``measures``.

Only what the letter's client answered goes in: never a partner's scores, and never a
relationship measure (the CSI is about a partner, so templates cannot offer it). Item 9 of
the PHQ-9 (thoughts of being better off dead or of self-harm) is printed only when the
letter also discloses ``risk``; without it the total and band stand alone.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from practice.letters.model import LetterContent, ScoreBlock
from practice.letters.templates import LetterTemplate
from practice.measures import INSTRUMENTS, ScoreRow, reliable_change
from practice.services.measures import MeasureResult, list_measures

MEASURES = "measures"
_RISK_ITEM_LINE = ("Item 9 (thoughts that one would be better off dead or of hurting "
                   "oneself), {day}: \u201c{choice}\u201d ({value} of 3).")


def letter_scores(sessions: sessionmaker[Session], client_id: int,
                  instruments: tuple[str, ...], until: date, *, risk: bool
                  ) -> tuple[ScoreBlock, ...]:
    """The client's own scores on the offered instruments, up to the letter's date.

    Args:
        sessions: The store's sessionmaker.
        client_id: The letter's client.
        instruments: The template's offered instrument keys, in its order.
        until: The letter's date; later administrations are left out.
        risk: Whether the letter also discloses ``risk`` (item 9 of the PHQ-9).

    Returns:
        One block per instrument the client has completed, in the template's order.
    """
    offered = [k for k in instruments if not INSTRUMENTS[k].per_relationship]
    own = [m for m in list_measures(sessions, client_id)
           if m.instrument in offered and m.partner_id is None and m.administered_on <= until]
    return tuple(_block(key, [m for m in own if m.instrument == key], risk=risk)
                 for key in offered if any(m.instrument == key for m in own))


def _block(key: str, taken: list[MeasureResult], *, risk: bool) -> ScoreBlock:
    form = INSTRUMENTS[key]
    first = taken[0].total
    rows = tuple(ScoreRow(m.administered_on, m.name, m.total_text, m.band,
                          "" if index == 0 else reliable_change(form, first, m.total))
                 for index, m in enumerate(taken))
    notes: tuple[str, ...] = ()
    if risk and form.risk_items:
        notes = tuple(
            _RISK_ITEM_LINE.format(day=m.administered_on.strftime("%m/%d/%Y"),
                                   choice=form.item(n).choices[m.answers[n - 1]].label,
                                   value=m.answers[n - 1])
            for m in taken for n in form.risk_items)
    return ScoreBlock(key, form.title, rows, tuple((m.administered_on, m.total) for m in taken),
                      notes)


def printed_scopes(template: LetterTemplate, scopes: frozenset[str]) -> frozenset[str]:
    """The scopes of the sections a letter prints with these scopes allowed.

    Used when the ``measures`` section is dropped for want of scores, so the disclosure
    log does not claim scores were sent.
    """
    printed: set[str] = set()
    for section in template.sections_for(scopes):
        printed |= section.requires
    return frozenset(printed) or frozenset({"attendance"})


def with_scores(content: LetterContent, template: LetterTemplate, scopes: frozenset[str],
                scores: tuple[ScoreBlock, ...]) -> LetterContent:
    """The letter with its score tables placed right after the ``measures`` section."""
    if not scores:
        return content
    before = 0
    for section in template.sections_for(scopes):
        before += len(section.paragraphs)
        if MEASURES in section.requires:
            break
    return dataclasses.replace(content, scores=scores, scores_after=before)
