"""What the measures services hand back: frozen values, never live rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from practice.measures import Band, Change, DomainScore


@dataclass(frozen=True)
class MeasureResult:
    """One administration as stored, with the scoring details worked from its answers.

    Attributes:
        id: The administration's id.
        client_id: Who answered.
        instrument: The instrument's key ("phq9").
        name: Its published short name ("PHQ-9").
        administered_on: The day the client answered.
        answers: The answers in item order.
        total: The total as recorded.
        band: The band's label as recorded.
        partner_id: The partner a per-relationship measure is about, else None.
        domains: Subscale scores (the FSFI's six), in declaration order.
        flags: ``"risk"`` and/or ``"no_attempt"`` (see ``practice.measures.Score``).
        below_cutoff: Whether the total is under the published cutoff (None: none).
        risk_flag_id: The risk flag this administration raised, if any.
        risk_open: Whether that flag still waits for the therapist's review.
        total_text: The total written as the published scoring writes it ("26.5").
    """

    id: int
    client_id: int
    instrument: str
    name: str
    administered_on: date
    answers: tuple[int, ...]
    total: float
    band: str
    partner_id: int | None
    domains: tuple[DomainScore, ...]
    flags: tuple[str, ...]
    below_cutoff: bool | None
    risk_flag_id: int | None
    risk_open: bool
    total_text: str


@dataclass(frozen=True)
class TrendPoint:
    """One administration on a trend line, with the change it shows.

    Attributes:
        administration_id: The administration's id.
        administered_on: Its day.
        total: Its total.
        band: Its band's label.
        change_from_previous: Total minus the previous point's (None for the first).
        versus_previous: That change read against the reliable-change threshold.
        change_from_baseline: Total minus the first point's (None for the first).
        versus_baseline: That change read against the threshold (Jacobson-Truax).
    """

    administration_id: int
    administered_on: date
    total: float
    band: str
    change_from_previous: float | None
    versus_previous: Change | None
    change_from_baseline: float | None
    versus_baseline: Change | None


@dataclass(frozen=True)
class Trend:
    """A client's totals on one instrument over time, with what a chart needs to draw them.

    Attributes:
        client_id: Whose totals.
        instrument: The instrument's key.
        name: Its published short name.
        partner_id: For a per-relationship measure, the partner the line is about.
        points: Oldest first.
        bands: The published bands, lowest first (for shading).
        cutoff: The published cutoff, if any (for a line).
        reliable_change: The Jacobson-Truax threshold the marks use.
        higher_is_better: Which way is improvement.
        lowest: The lowest total the form allows (the axis).
        highest: The highest total the form allows (the axis).
    """

    client_id: int
    instrument: str
    name: str
    partner_id: int | None
    points: tuple[TrendPoint, ...]
    bands: tuple[Band, ...]
    cutoff: float | None
    reliable_change: float
    higher_is_better: bool
    lowest: float
    highest: float


@dataclass(frozen=True)
class RiskFlagView:
    """A risk flag raised by an administration, open or reviewed.

    Attributes:
        id: The flag's id.
        administration_id: The administration that raised it.
        client_id: Whose answers.
        instrument: The instrument's key.
        name: Its published short name.
        administered_on: The day of the answers.
        items: The risk items answered above zero.
        raised_at: When it was recorded.
        reviewed_at: When the therapist recorded a review (None: still open).
        review_note: What the therapist wrote in the review.
    """

    id: int
    administration_id: int
    client_id: int
    instrument: str
    name: str
    administered_on: date
    items: tuple[int, ...]
    raised_at: datetime
    reviewed_at: datetime | None
    review_note: str | None

    @property
    def is_open(self) -> bool:
        """Whether the flag still waits for a review."""
        return self.reviewed_at is None


@dataclass(frozen=True)
class EdgeScore:
    """The latest relationship-satisfaction score on one directed edge of a unit's graph.

    Attributes:
        rater_id: The member who answered.
        partner_id: The member the answers are about.
        administration_id: The administration's id.
        instrument: "csi16" or "csi4".
        name: Its published short name.
        administered_on: The day of the answers.
        total: The total.
        band: The band's label.
        below_cutoff: Under the distress cutoff (the relationship is in distress).
        fraction: The total as a share of the form's range, 0.0 to 1.0 (for colouring).
    """

    rater_id: int
    partner_id: int
    administration_id: int
    instrument: str
    name: str
    administered_on: date
    total: float
    band: str
    below_cutoff: bool | None
    fraction: float
