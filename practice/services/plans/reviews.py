"""Plan reviews: recording one (which sets the next), and the reviews falling due."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.plans import MAX_REVIEW_CHARS, PlanReview, TreatmentPlan
from practice.models.units import CareUnit
from practice.services.audit import record
from practice.services.common import utcnow
from practice.services.plans.checks import check_not_future, on_or_after_start, open_plan
from practice.services.plans.model import PlanView, ReviewDue
from practice.services.plans.views import plan_view
from practice.text import clean_prose


def record_review(
    sessions: sessionmaker[Session], plan_id: int, reviewed_on: date, summary: str, *,
    next_review_on: date | None, today: date | None = None,
) -> PlanView:
    """Record a review of an open plan; the plan's next review becomes ``next_review_on``.

    Args:
        sessions: The store's sessionmaker.
        plan_id: The plan.
        reviewed_on: The day of the review.
        summary: What the review found (progress, changes to the plan).
        next_review_on: When the plan is next to be reviewed; None for no further review.
        today: Today's date (for tests).

    Returns:
        The plan with the review.

    Raises:
        ValidationError: The plan is closed, no summary, a review date before the plan
            started or in the future, or a next review not after this one.
        NotFound: No such plan.
    """
    text = clean_prose(summary, "Summary", max_len=MAX_REVIEW_CHARS)
    if not text.strip():
        raise ValidationError("Summary is required: say what the review found.")
    check_not_future(reviewed_on, "Review date", today or date.today())
    if next_review_on is not None and next_review_on <= reviewed_on:
        raise ValidationError("Next review date must be after this review.")
    with sessions.begin() as s:
        plan = open_plan(s, plan_id)
        on_or_after_start(plan, reviewed_on, "Review date")
        s.add(PlanReview(plan_id=plan_id, reviewed_on=reviewed_on, summary=text,
                         next_review_on=next_review_on, recorded_at=utcnow()))
        plan.review_on, plan.updated_at = next_review_on, utcnow()
        s.flush()
        record(s, "plan.review", entity="plan", entity_id=plan_id,
               next_review=next_review_on is not None)
        return plan_view(s, plan_id)


def reviews_due(sessions: sessionmaker[Session], today: date, *, within_days: int = 0,
                ) -> tuple[ReviewDue, ...]:
    """Open plans whose review falls on or before ``today + within_days``, most overdue first.

    One query for the whole practice (Today asks at every unlock). Plans of a unit that has
    closed are left out: there is no one left to review them with.

    Args:
        sessions: The store's sessionmaker.
        today: The day "overdue" is judged on.
        within_days: How far ahead to look (0: due today or overdue).

    Returns:
        The plans due for review, with their owner's id for the screen to name.
    """
    last = today + timedelta(days=within_days)
    stmt = (select(TreatmentPlan.id, TreatmentPlan.client_id, TreatmentPlan.unit_id,
                   TreatmentPlan.title, TreatmentPlan.review_on)
            .outerjoin(CareUnit, CareUnit.id == TreatmentPlan.unit_id)
            .where(TreatmentPlan.ended_on.is_(None), TreatmentPlan.review_on.is_not(None),
                   TreatmentPlan.review_on <= last,
                   or_(TreatmentPlan.unit_id.is_(None), CareUnit.closed_on.is_(None)))
            .order_by(TreatmentPlan.review_on, TreatmentPlan.id))
    with sessions.begin() as s:
        return tuple(ReviewDue(row.id, row.client_id, row.unit_id, row.title, row.review_on,
                               row.review_on < today)
                     for row in s.execute(stmt))

