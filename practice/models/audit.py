"""The append-only audit trail: who did what to which record, never what it said."""

from __future__ import annotations

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base


class AuditEntry(Base):
    """One link of the hash chain; store triggers refuse UPDATE and DELETE on this table."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # Whole seconds since the Unix epoch (UTC): unambiguous and cheap to hash in bulk.
    at: Mapped[int]
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str | None] = mapped_column(String(64))
    entity_id: Mapped[int | None]
    # Canonical JSON of identifiers and categories only: never names or note text.
    detail: Mapped[str] = mapped_column(String(2000), default="{}")
    mac: Mapped[bytes] = mapped_column(LargeBinary(32))
