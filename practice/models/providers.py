"""Medical and allied providers, their organisations, and each client's care team."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base
from practice.models.checks import one_of

SPECIALTIES = (
    "cardiology", "urology", "gynecology", "pelvic_floor_pt", "oncology", "endocrinology",
    "primary_care", "psychiatry", "other",
)


class Organisation(Base):
    """A clinic, hospital or practice; a release may name one instead of a person."""

    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_present"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(40))
    fax: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    sort_key: Mapped[str] = mapped_column(String(400), index=True)
    created_at: Mapped[datetime]


class Provider(Base):
    """A clinician the therapist coordinates care with."""

    __tablename__ = "providers"
    __table_args__ = (
        CheckConstraint(one_of("specialty", SPECIALTIES), name="specialty"),
        CheckConstraint("length(trim(name)) > 0", name="name_present"),
        CheckConstraint(
            "npi IS NULL OR (length(npi) = 10 AND npi NOT GLOB '*[^0-9]*')", name="npi_shape"
        ),
        Index("uq_providers_npi", "npi", unique=True, sqlite_where=text("npi IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str | None] = mapped_column(String(100))
    specialty: Mapped[str] = mapped_column(String(24))
    # Words for the specialty when it is "other" (or to refine a listed one).
    specialty_detail: Mapped[str | None] = mapped_column(String(100))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    address: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(40))
    fax: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    npi: Mapped[str | None] = mapped_column(String(10))
    sort_key: Mapped[str] = mapped_column(String(400), index=True)
    search_text: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CareTeamMember(Base):
    """Links a client to a provider in a role (e.g. "prescribing urologist"), with dates."""

    __tablename__ = "care_team"
    __table_args__ = (
        CheckConstraint("length(trim(role)) > 0", name="role_present"),
        CheckConstraint("until IS NULL OR since IS NULL OR until >= since", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    role: Mapped[str] = mapped_column(String(100))
    since: Mapped[date | None]
    until: Mapped[date | None]
