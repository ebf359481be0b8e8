"""Facts about the store itself, kept inside it (its id, creation time)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base


class StoreMeta(Base):
    """Key/value facts about the store; the store id here must match the key file's."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(4000))
