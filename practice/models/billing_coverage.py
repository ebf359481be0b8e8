"""How a client pays for their care: on their own (self-pay), out of network, or not yet known.

One row per client at most, replaced when the therapist changes it. A self-pay or uninsured
client is owed a good-faith estimate (No Surprises Act), so the schedule asks for one when
such a client's first session is booked; an out-of-network client claims with a superbill.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base
from practice.models.checks import one_of

COVERAGES = ("self_pay", "out_of_network", "unknown")


class ClientCoverage(Base):
    """A client's coverage from a date: self-pay, out of network, or unknown."""

    __tablename__ = "client_coverage"
    __table_args__ = (
        # ORs, never an IN list: see practice.models.checks.one_of (migration 0007).
        CheckConstraint(one_of("coverage", COVERAGES), name="coverage"),
    )

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True)
    coverage: Mapped[str] = mapped_column(String(16))
    since: Mapped[date]
    updated_at: Mapped[datetime]
