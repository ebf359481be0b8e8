"""Care units (individual, couple, polycule), their members over time, and relationships."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base
from practice.models.checks import one_of

UNIT_KINDS = ("individual", "couple", "polycule")
# "no_secrets": what one member says alone may be brought into joint work;
# "individual_private": what is said in individual sessions stays there.
CONFIDENTIALITY = ("no_secrets", "individual_private", "other")
# Metamour is deliberately absent: it is derived from the partner edges, never typed in.
RELATIONSHIP_KINDS = (
    "partner", "spouse", "nesting_partner", "co_parent", "former_partner", "other",
)
PARTNER_KINDS = ("partner", "spouse", "nesting_partner")


class CareUnit(Base):
    """What is treated: one person, a couple, or a polycule."""

    __tablename__ = "care_units"
    __table_args__ = (
        CheckConstraint(one_of("kind", UNIT_KINDS), name="kind"),
        CheckConstraint(
            "confidentiality IS NULL OR " + one_of("confidentiality", CONFIDENTIALITY),
            name="confidentiality",
        ),
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="closed_after_opened"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str | None] = mapped_column(String(200))
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    confidentiality: Mapped[str | None] = mapped_column(String(24))
    confidentiality_text: Mapped[str | None] = mapped_column(String(2000))
    confidentiality_agreed_on: Mapped[date | None]
    created_at: Mapped[datetime]


class UnitMember(Base):
    """A client's membership of a unit from one date to another; leaving keeps the row."""

    __tablename__ = "unit_members"
    __table_args__ = (
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="left_after_joined"),
        # A person is a current member of a unit at most once.
        Index(
            "uq_unit_members_current", "unit_id", "client_id", unique=True,
            sqlite_where=text("left_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("care_units.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    joined_on: Mapped[date]
    left_on: Mapped[date | None]


class Relationship(Base):
    """A typed, dated edge between two clients; the pair is stored lower id first."""

    __tablename__ = "relationships"
    __table_args__ = (
        CheckConstraint(one_of("kind", RELATIONSHIP_KINDS), name="kind"),
        CheckConstraint("kind <> 'metamour'", name="metamour_is_derived"),
        CheckConstraint("person_a_id < person_b_id", name="ordered_pair"),
        CheckConstraint(
            "kind <> 'other' OR coalesce(length(trim(label)), 0) > 0", name="other_needs_label"
        ),
        CheckConstraint(
            "ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on",
            name="ended_after_started",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_a_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    person_b_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    label: Mapped[str | None] = mapped_column(String(100))
    started_on: Mapped[date | None]
    ended_on: Mapped[date | None]
