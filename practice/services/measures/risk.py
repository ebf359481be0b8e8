"""Risk flags raised by measures: the open ones for Today and the chart, and their review."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.measures import INSTRUMENTS
from practice.models.measures import MeasureAdministration, MeasureRiskFlag
from practice.services.audit import record
from practice.services.common import load, utcnow
from practice.services.measures.model import RiskFlagView
from practice.text import clean_prose

MAX_REVIEW = 2000


def _view(flag: MeasureRiskFlag, row: MeasureAdministration) -> RiskFlagView:
    return RiskFlagView(
        id=flag.id, administration_id=row.id, client_id=row.client_id,
        instrument=row.instrument, name=INSTRUMENTS[row.instrument].name,
        administered_on=row.administered_on,
        items=tuple(int(n) for n in flag.items.split(",")), raised_at=flag.raised_at,
        reviewed_at=flag.reviewed_at, review_note=flag.review_note,
    )


def _flags(session: Session, *conditions: object) -> tuple[RiskFlagView, ...]:
    stmt = (
        select(MeasureRiskFlag, MeasureAdministration)
        .join(MeasureAdministration, MeasureAdministration.id == MeasureRiskFlag.administration_id)
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(MeasureAdministration.administered_on, MeasureRiskFlag.id)
    )
    return tuple(_view(flag, row) for flag, row in session.execute(stmt))


def open_risk_flags(sessions: sessionmaker[Session], client_id: int | None = None
                    ) -> tuple[RiskFlagView, ...]:
    """Risk flags still waiting for the therapist's review, oldest answers first.

    Args:
        sessions: The store's sessionmaker.
        client_id: Only this client's (for the chart); every client's when None (Today).
    """
    conditions: list[ColumnElement[bool]] = [MeasureRiskFlag.reviewed_at.is_(None)]
    if client_id is not None:
        conditions.append(MeasureAdministration.client_id == client_id)
    with sessions.begin() as s:
        return _flags(s, *conditions)


def risk_flags(sessions: sessionmaker[Session], client_id: int) -> tuple[RiskFlagView, ...]:
    """Every risk flag a client's measures raised, open and reviewed, oldest first."""
    with sessions.begin() as s:
        return _flags(s, MeasureAdministration.client_id == client_id)


def review_risk_flag(sessions: sessionmaker[Session], flag_id: int, note: str,
                     *, at: datetime | None = None) -> RiskFlagView:
    """Record the therapist's review of a risk flag; the flag closes and never changes again.

    Args:
        sessions: The store's sessionmaker.
        flag_id: The flag reviewed.
        note: What the therapist did or decided (required; kept in the store, not the log).
        at: When the review was done (now when None; never before the flag was raised).

    Returns:
        The reviewed flag.

    Raises:
        ValidationError: A blank or overlong note, a flag already reviewed, or a review
            time before the flag was raised.
        NotFound: No such flag.
    """
    text = clean_prose(note, "Review note", max_len=MAX_REVIEW)
    if not text.strip():
        raise ValidationError("Review note is required.")
    with sessions.begin() as s:
        flag = load(s, MeasureRiskFlag, flag_id, "risk flag")
        if flag.reviewed_at is not None:
            raise ValidationError("This risk flag has already been reviewed.")
        when = at or utcnow()
        if when < flag.raised_at:
            raise ValidationError("A review cannot be dated before the flag was raised.")
        flag.reviewed_at = when
        flag.review_note = text
        record(s, "measure.risk_review", entity="measure_risk_flag", entity_id=flag_id)
        s.flush()
        return _view(flag, s.get_one(MeasureAdministration, flag.administration_id))
