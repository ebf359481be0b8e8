"""Treatment-plan reviews falling due, read on the worker for Today, each with whose plan it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from practice.schedule.timezones import to_local
from ui.models.directory import read_named

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.plans import ReviewDue

REVIEW_WINDOW_DAYS = 7  # Today warns a week ahead, as a review is booked into a session


@dataclass(frozen=True)
class DueReview:
    """A plan whose review falls due, with its client's or unit's name."""

    review: ReviewDue
    whose: str

    def line(self, today: date) -> str:
        """The review as Today lists it."""
        day = self.review.review_on
        when = (f"overdue since {day:%d %b %Y}" if day < today
                else "due today" if day == today else f"due {day:%d %b %Y}")
        return f"{self.whose} — {self.review.title}: review {when}"


@dataclass(frozen=True)
class PlanReviews:
    """What Today's "Plan reviews due" shows: the day on the therapist's clock and the plans."""

    today: date
    due: tuple[DueReview, ...]


def read_plan_reviews(sessions: sessionmaker[Session], now_utc: datetime | None = None,
                      ) -> PlanReviews:
    """Read the plan reviews due within the window (call on the worker).

    Args:
        sessions: The store's sessionmaker.
        now_utc: The present moment (for tests).

    Returns:
        The reviews due, most overdue first, each named.
    """
    from practice.services.plans import reviews_due
    from practice.services.settings import load_profile

    today = to_local(now_utc or datetime.now(UTC), load_profile(sessions).time_zone).date()
    found = reviews_due(sessions, today, within_days=REVIEW_WINDOW_DAYS)
    names = read_named(sessions, {r.unit_id for r in found if r.unit_id is not None},
                       {r.client_id for r in found if r.client_id is not None})
    return PlanReviews(today, tuple(
        DueReview(r, names.client_name(r.client_id) if r.client_id is not None
                  else names.unit_name(r.unit_id or -1))
        for r in found))
