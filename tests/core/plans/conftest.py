"""Treatment plans are tested on a real encrypted store, migrated like a therapist's."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from practice.services import plans
from practice.services.plans import PlanDetails
from practice.store.store import Store

START = date(2025, 1, 13)
TODAY = date(2025, 3, 14)


@pytest.fixture
def sessions(store: Store) -> sessionmaker[Session]:
    """Sessions on the encrypted store, with its audit chain and every trigger."""
    return store.sessions


@pytest.fixture
def engine(store: Store) -> Engine:
    """The encrypted store's engine, for SQL written past the services."""
    return store.engine


def new_plan(sessions: sessionmaker[Session], *, client_id: int | None = None,
             unit_id: int | None = None, review_on: date | None = date(2025, 4, 14),
             ) -> plans.PlanView:
    """A plan started on ``START`` for a client or a unit."""
    return plans.create_plan(
        sessions, PlanDetails("Treatment plan", START, review_on=review_on),
        client_id=client_id, unit_id=unit_id, today=TODAY)
