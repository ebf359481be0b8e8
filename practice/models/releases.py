"""Releases of information (authorisations to disclose), their scopes and scanned copies."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base
from practice.models.checks import one_of

SCOPES = ("attendance", "diagnosis", "treatment_summary", "recommendations", "progress", "risk",
          "measures")
# A scanned, signed release is a page or two; 20 MiB leaves room for a phone photo.
MAX_SCAN_BYTES = 20 * 1024 * 1024


class Release(Base):
    """A client's signed authorisation to disclose to one provider or one organisation."""

    __tablename__ = "releases"
    __table_args__ = (
        CheckConstraint(
            "(provider_id IS NULL) <> (organisation_id IS NULL)", name="one_recipient"
        ),
        CheckConstraint("expires_on >= signed_on", name="expires_after_signed"),
        CheckConstraint(
            "revoked_on IS NULL OR revoked_on >= signed_on", name="revoked_after_signed"
        ),
        CheckConstraint("length(trim(purpose)) > 0", name="purpose_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(500))
    signed_on: Mapped[date]
    expires_on: Mapped[date]
    revoked_on: Mapped[date | None]
    created_at: Mapped[datetime]


class ReleaseScope(Base):
    """One kind of information a release allows."""

    __tablename__ = "release_scopes"
    __table_args__ = (CheckConstraint(one_of("scope", SCOPES), name="scope"),)

    release_id: Mapped[int] = mapped_column(
        ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True
    )
    scope: Mapped[str] = mapped_column(String(24), primary_key=True)


class ReleaseScan(Base):
    """The scanned signed release, kept inside the encrypted store (never as a loose file)."""

    __tablename__ = "release_scans"
    __table_args__ = (
        CheckConstraint(
            f"size_bytes = length(content) AND size_bytes <= {MAX_SCAN_BYTES}", name="size"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
