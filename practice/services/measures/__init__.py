"""Measurement-based care: standard measures given to clients, over time.

This package owns recording a completed questionnaire (scored by ``practice.measures``),
listing a client's administrations, trends with reliable-change marks, risk flags (PHQ-9
item 9) until the therapist records a review, and per-relationship satisfaction (the CSI)
on the directed edges of a unit's graph. Every change is audited with ids and the
instrument's key only, never answers or scores.
"""

from practice.services.measures.forms import blank_form_pdf
from practice.services.measures.model import (
    EdgeScore,
    MeasureResult,
    RiskFlagView,
    Trend,
    TrendPoint,
)
from practice.services.measures.recording import (
    delete_measure,
    get_measure,
    list_measures,
    record_measure,
)
from practice.services.measures.risk import open_risk_flags, review_risk_flag, risk_flags
from practice.services.measures.trends import relationship_scores, trend

__all__ = [
    "EdgeScore",
    "MeasureResult",
    "RiskFlagView",
    "Trend",
    "TrendPoint",
    "blank_form_pdf",
    "delete_measure",
    "get_measure",
    "list_measures",
    "open_risk_flags",
    "record_measure",
    "relationship_scores",
    "review_risk_flag",
    "risk_flags",
    "trend",
]
