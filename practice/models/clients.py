"""Clients: one record per person, with names in any script, status history and contact safety."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base
from practice.models.checks import one_of

CLIENT_STATUSES = ("active", "inactive", "discharged")
CHANNELS = ("phone", "voicemail", "text", "email", "post")
# How the client may be named on a channel: which of their names, initials, none, or words
# the client chose (e.g. "J. from the book club").
NAME_STYLES = ("chosen", "legal", "initials", "none", "custom")


class Client(Base):
    """A person in treatment, whatever units they belong to."""

    __tablename__ = "clients"
    __table_args__ = (
        CheckConstraint(one_of("status", CLIENT_STATUSES), name="status"),
        CheckConstraint("length(trim(legal_name)) > 0", name="legal_name_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(200))
    chosen_name: Mapped[str | None] = mapped_column(String(200))
    pronouns: Mapped[str | None] = mapped_column(String(60))
    # In the client's own words, never a pick-list.
    gender_identity: Mapped[str | None] = mapped_column(String(200))
    date_of_birth: Mapped[date | None]
    state: Mapped[str | None] = mapped_column(String(2))
    time_zone: Mapped[str | None] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(String(500))
    emergency_name: Mapped[str | None] = mapped_column(String(200))
    emergency_phone: Mapped[str | None] = mapped_column(String(40))
    emergency_relationship: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default="active")
    status_since: Mapped[date]
    # Folded name (see practice.text.keys.sort_key): sorts any script without a collation.
    sort_key: Mapped[str] = mapped_column(String(400), index=True)
    # What the full-text index holds for this client (both names, folded).
    search_text: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ClientStatusChange(Base):
    """One change of a client's status, kept for the record (never overwritten)."""

    __tablename__ = "client_status_changes"
    __table_args__ = (CheckConstraint(one_of("status", CLIENT_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    effective_on: Mapped[date]
    recorded_at: Mapped[datetime]


class ContactChannel(Base):
    """Whether a channel is safe to use for a client, and which name may show on it."""

    __tablename__ = "client_channels"
    __table_args__ = (
        CheckConstraint(one_of("channel", CHANNELS), name="channel"),
        CheckConstraint(one_of("name_style", NAME_STYLES), name="name_style"),
        CheckConstraint(
            "name_style <> 'custom' OR coalesce(length(trim(custom_name)), 0) > 0",
            name="custom_name_present",
        ),
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    safe: Mapped[bool] = mapped_column(Boolean)
    name_style: Mapped[str] = mapped_column(String(16))
    custom_name: Mapped[str | None] = mapped_column(String(200))

