"""Facts about the store itself, kept inside it (its id, creation time)."""

from __future__ import annotations

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base


class StoreMeta(Base):
    """Key/value facts about the store; the store id here must match the key file's."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(4000))


class PracticeAsset(Base):
    """A letterhead logo or signature image, kept inside the encrypted store."""

    __tablename__ = "practice_assets"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
