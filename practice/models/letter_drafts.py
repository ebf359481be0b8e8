"""Letter prose typed but not yet issued, one draft per client, recipient and template.

A draft holds only what the therapist wrote (the record fills the rest when the letter is
composed), so that locking the app or switching recipients never loses it. Issuing the
letter removes its draft.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base


class StoredLetterDraft(Base):
    """The prose typed for one letter, kept until the letter is issued or discarded."""

    __tablename__ = "letter_drafts"
    __table_args__ = (
        UniqueConstraint("client_id", "provider_id", "template_key"),
        CheckConstraint("length(trim(template_key)) > 0", name="template_present"),
        # Field name to text; which fields there are depends on the template.
        CheckConstraint("json_valid(prose) AND json_type(prose) = 'object'", name="prose_object"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    template_key: Mapped[str] = mapped_column(String(64))
    letter_date: Mapped[date | None]
    use_legal_name: Mapped[bool] = mapped_column(Boolean, default=False)
    prose: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]
