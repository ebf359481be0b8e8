"""Standard measures, declared and scored: pure values, no store, no Qt.

This package owns what an instrument *is* (items, answer ranges, domains and weights, bands,
cutoff, reliable-change threshold, risk items, whether it is answered per relationship) and
how a completed questionnaire is scored. Each instrument is one declarative module; the
registry ``INSTRUMENTS`` maps its key ("phq9") to it. Storing administrations is
``practice.services.measures``; printing blank forms is ``practice.measures.forms``.
"""

from practice.measures.model import (
    Band,
    Change,
    Choice,
    Domain,
    DomainScore,
    Instrument,
    Item,
    Score,
    ScoreRow,
    jacobson_truax,
)
from practice.measures.registry import INSTRUMENTS, instrument
from practice.measures.scoring import (
    check_answers,
    in_clinical_range,
    parse_answers,
    reliable_change,
    score,
)

__all__ = [
    "INSTRUMENTS",
    "Band",
    "Change",
    "Choice",
    "Domain",
    "DomainScore",
    "Instrument",
    "Item",
    "Score",
    "ScoreRow",
    "check_answers",
    "in_clinical_range",
    "instrument",
    "jacobson_truax",
    "parse_answers",
    "reliable_change",
    "score",
]
