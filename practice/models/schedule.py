"""Appointments and recurring series, as ``practice.schedule`` values are stored.

Instants are UTC (``UTCDateTime``) beside the IANA zone they were made in. A series' first
session, its end, its removed occurrences (EXDATEs) and every occurrence's *recurrence id*
are naive local wall times in the series' zone, so they take a plain ``DateTime`` column:
the RFC 5545 ``DTSTART;TZID=...`` form, which keeps a weekly 10:00 at 10:00 across
daylight-saving changes and tzdata updates.

The store guards what SQL can check cheaply (``SCHEDULE_DDL``): the same therapist cannot
have two stored sessions starting at the very same instant unless one was booked as a
deliberate overlap, and a completed session or one with a note is never deleted. The
whole no-double-booking rule (any overlap, across rows and the occurrences series expand
to) cannot live in SQL: ``practice.services.schedule`` applies it before every write.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base
from practice.models.checks import one_of

SESSION_KINDS = ("intake", "individual", "couple", "polycule", "family")
SESSION_STATUSES = ("scheduled", "completed", "cancelled", "late_cancel", "no_show")
LOCATIONS = ("office", "telehealth")
# Statuses that hold the therapist's time (practice.schedule.SessionStatus.blocks_time).
BLOCKING_STATUSES = ("scheduled", "completed")
MAX_DURATION_MINUTES = 8 * 60

_DURATION = f"duration_minutes BETWEEN 1 AND {MAX_DURATION_MINUTES}"
_LINK_MATCHES_LOCATION = (
    "(location = 'office' AND video_link IS NULL) OR "
    "(location = 'telehealth' AND coalesce(length(trim(video_link)), 0) > 0)"
)
_CPT = "cpt_code IS NULL OR length(cpt_code) = 5"


class SeriesRecord(Base):
    """A recurring session: an RRULE from a first session kept in local wall time."""

    __tablename__ = "appointment_series"
    __table_args__ = (
        CheckConstraint(one_of("kind", SESSION_KINDS), name="kind"),
        CheckConstraint(one_of("location", LOCATIONS), name="location"),
        CheckConstraint(_DURATION, name="duration"),
        CheckConstraint(_LINK_MATCHES_LOCATION, name="video_link"),
        CheckConstraint(_CPT, name="cpt_code"),
        CheckConstraint(
            "ends_before_local IS NULL OR ends_before_local >= dtstart_local",
            name="ends_after_start",
        ),
        CheckConstraint("length(trim(rule)) > 0", name="rule_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("care_units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(500))
    dtstart_local: Mapped[datetime] = mapped_column(DateTime)
    zone: Mapped[str] = mapped_column(String(64))
    duration_minutes: Mapped[int]
    location: Mapped[str] = mapped_column(String(16))
    video_link: Mapped[str | None] = mapped_column(String(2000))
    cpt_code: Mapped[str | None] = mapped_column(String(5))
    ends_before_local: Mapped[datetime | None] = mapped_column(DateTime)
    # The therapist booked this series over other sessions on purpose (audit-logged).
    overlap_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SeriesClient(Base):
    """A client expected at each session of a series."""

    __tablename__ = "appointment_series_clients"

    series_id: Mapped[int] = mapped_column(
        ForeignKey("appointment_series.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True, index=True)


class SeriesExdate(Base):
    """An occurrence taken out of a series (RFC 5545 EXDATE), named by its recurrence id."""

    __tablename__ = "appointment_series_exdates"

    series_id: Mapped[int] = mapped_column(
        ForeignKey("appointment_series.id", ondelete="CASCADE"), primary_key=True
    )
    recurrence_id: Mapped[datetime] = mapped_column(DateTime, primary_key=True, index=True)


class AppointmentRecord(Base):
    """One stored session: standalone, or an occurrence of a series that was changed or used.

    A series occurrence gets a row as soon as anything is recorded for it (a status, a
    move, a note), and the row then stands for the occurrence wherever its time is.
    """

    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint(one_of("kind", SESSION_KINDS), name="kind"),
        CheckConstraint(one_of("status", SESSION_STATUSES), name="status"),
        CheckConstraint(one_of("location", LOCATIONS), name="location"),
        CheckConstraint(_DURATION, name="duration"),
        CheckConstraint(_LINK_MATCHES_LOCATION, name="video_link"),
        CheckConstraint(_CPT, name="cpt_code"),
        CheckConstraint(
            "(series_id IS NULL) = (recurrence_id IS NULL)", name="occurrence_named"
        ),
        # One row per occurrence of a series; also the index for a series' rows.
        UniqueConstraint("series_id", "recurrence_id", name="uq_appointments_occurrence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("care_units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    start_utc: Mapped[datetime] = mapped_column(index=True)
    zone: Mapped[str] = mapped_column(String(64))
    duration_minutes: Mapped[int]
    location: Mapped[str] = mapped_column(String(16))
    video_link: Mapped[str | None] = mapped_column(String(2000))
    cpt_code: Mapped[str | None] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    # Why it was cancelled, missed, moved: kept in the record, never exported.
    status_reason: Mapped[str | None] = mapped_column(String(2000))
    series_id: Mapped[int | None] = mapped_column(ForeignKey("appointment_series.id"))
    recurrence_id: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    overlap_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class AppointmentClient(Base):
    """A client expected at a stored session."""

    __tablename__ = "appointment_clients"

    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True, index=True)


# --- what the store itself refuses (copied literally into migration 0003) -------------------

SAME_START_MESSAGE = "the therapist already has a session starting at that moment"
KEPT_MESSAGE = "a completed session, or one with a progress note, is never deleted"

_BLOCKING = "('scheduled', 'completed')"
# Built from constants only, never from input.
_CLASH = (
    f"NEW.status IN {_BLOCKING} AND NOT NEW.overlap_allowed AND EXISTS ("  # noqa: S608
    "SELECT 1 FROM appointments AS other WHERE other.start_utc = NEW.start_utc "
    f"AND other.id IS NOT NEW.id AND other.status IN {_BLOCKING} AND NOT other.overlap_allowed)"
)

SCHEDULE_DDL: tuple[str, ...] = (
    f"CREATE TRIGGER trg_appointments_same_start_insert BEFORE INSERT ON appointments "
    f"WHEN {_CLASH} BEGIN SELECT RAISE(ABORT, '{SAME_START_MESSAGE}'); END",
    f"CREATE TRIGGER trg_appointments_same_start_update "
    f"BEFORE UPDATE OF start_utc, status, overlap_allowed ON appointments "
    f"WHEN {_CLASH} BEGIN SELECT RAISE(ABORT, '{SAME_START_MESSAGE}'); END",
    "CREATE TRIGGER trg_appointments_kept BEFORE DELETE ON appointments "  # noqa: S608
    "WHEN OLD.status = 'completed' "
    "OR EXISTS (SELECT 1 FROM progress_notes WHERE appointment_id = OLD.id) "
    f"BEGIN SELECT RAISE(ABORT, '{KEPT_MESSAGE}'); END",
)
