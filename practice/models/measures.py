"""Standard measures given to clients: each administration's answers and score, and risk flags.

An administration is what the client answered on a day, scored when it was recorded; its
answers and score are never edited afterwards (a mistyped entry is deleted and entered
again), so a total on a chart always matches the answers beside it. A per-relationship
measure (the CSI) names the partner it is about, who must share a unit or a relationship
with the client. A risk flag (PHQ-9 item 9 above zero) stays open until the therapist
records a review; a reviewed flag is never changed or deleted, so neither is its
administration. The store holds these rules itself (``MEASURES_DDL``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base


class MeasureAdministration(Base):
    """One completed questionnaire: the answers as given and the score they made."""

    __tablename__ = "measure_administrations"
    __table_args__ = (
        CheckConstraint(
            "length(instrument) BETWEEN 2 AND 16 AND instrument = lower(trim(instrument))",
            name="instrument_key",
        ),
        CheckConstraint(
            "json_valid(answers) AND json_type(answers) = 'array' "
            "AND json_array_length(answers) > 0",
            name="answers_array",
        ),
        CheckConstraint("length(trim(band)) > 0", name="band_present"),
        CheckConstraint("partner_id IS NULL OR partner_id <> client_id", name="partner_not_self"),
        Index("ix_measure_administrations_client_instrument", "client_id", "instrument",
              "administered_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    # The partner a per-relationship measure (CSI) is about; None for every other measure.
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    # The registry key, e.g. "phq9" (practice.measures.INSTRUMENTS).
    instrument: Mapped[str] = mapped_column(String(16))
    administered_on: Mapped[date]
    # The answers in item order, as a JSON array of whole numbers.
    answers: Mapped[str] = mapped_column(Text)
    total: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime]


class MeasureRiskFlag(Base):
    """A risk item answered above zero, open until the therapist records a review."""

    __tablename__ = "measure_risk_flags"
    __table_args__ = (
        CheckConstraint("length(trim(items)) > 0", name="items_present"),
        CheckConstraint("(reviewed_at IS NULL) = (review_note IS NULL)",
                        name="review_has_note"),
        CheckConstraint("review_note IS NULL OR length(trim(review_note)) > 0",
                        name="review_note_present"),
        CheckConstraint("reviewed_at IS NULL OR reviewed_at >= raised_at",
                        name="reviewed_after_raised"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    administration_id: Mapped[int] = mapped_column(
        ForeignKey("measure_administrations.id"), unique=True)
    # The risk items answered above their lowest, comma-separated item numbers ("9").
    items: Mapped[str] = mapped_column(String(40))
    raised_at: Mapped[datetime]
    reviewed_at: Mapped[datetime | None] = mapped_column(index=True)
    review_note: Mapped[str | None] = mapped_column(String(2000))


# --- what the store itself refuses (copied literally into migration 0008) --------------------

ADMINISTRATION_FIXED_MESSAGE = (
    "a recorded measure is never changed; delete it and record it again"
)
PARTNER_UNRELATED_MESSAGE = (
    "a measure about a partner needs the partner to share a unit or a relationship with "
    "the client"
)
REVIEW_FIXED_MESSAGE = "a reviewed risk flag is never changed or deleted"

# Whether NEW.client_id and NEW.partner_id were ever members of one unit, or have a
# relationship recorded between them (past ones count: a score is about the day it was given).
_SHARED = (
    "EXISTS (SELECT 1 FROM unit_members AS mine JOIN unit_members AS theirs "
    "ON theirs.unit_id = mine.unit_id WHERE mine.client_id = NEW.client_id "
    "AND theirs.client_id = NEW.partner_id) OR EXISTS (SELECT 1 FROM relationships "
    "WHERE person_a_id = min(NEW.client_id, NEW.partner_id) "
    "AND person_b_id = max(NEW.client_id, NEW.partner_id))"
)

#: The trigger that checks the partner on insert (paused while a practice export is loaded,
#: which writes administrations before units and relationships).
PARTNER_TRIGGER = "trg_measure_administrations_partner"

#: A query finding an administration whose partner does not share the client's care, for the
#: one check made after a practice export is loaded with ``PARTNER_TRIGGER`` paused.
UNRELATED_PARTNER = (
    "SELECT NEW.id FROM measure_administrations AS NEW "  # noqa: S608 - constants only
    f"WHERE NEW.partner_id IS NOT NULL AND NOT ({_SHARED}) LIMIT 1"
)

MEASURES_DDL: tuple[str, ...] = (
    "CREATE TRIGGER trg_measure_administrations_fixed BEFORE UPDATE ON "
    f"measure_administrations BEGIN SELECT RAISE(ABORT, '{ADMINISTRATION_FIXED_MESSAGE}'); END",
    f"CREATE TRIGGER {PARTNER_TRIGGER} BEFORE INSERT ON measure_administrations "
    f"WHEN NEW.partner_id IS NOT NULL AND NOT ({_SHARED}) "
    f"BEGIN SELECT RAISE(ABORT, '{PARTNER_UNRELATED_MESSAGE}'); END",
    "CREATE TRIGGER trg_measure_risk_flags_reviewed_update BEFORE UPDATE ON measure_risk_flags "
    f"WHEN OLD.reviewed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, '{REVIEW_FIXED_MESSAGE}'); END",
    "CREATE TRIGGER trg_measure_risk_flags_reviewed_delete BEFORE DELETE ON measure_risk_flags "
    f"WHEN OLD.reviewed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, '{REVIEW_FIXED_MESSAGE}'); END",
)
