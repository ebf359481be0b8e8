"""The scheduling values: appointments, recurring series and their enums, as frozen rows.

Each dataclass maps one-to-one onto a table row: ids are ints (``None`` until stored),
instants are aware UTC datetimes with the IANA zone they were made in beside them, and a
series' first session is kept as a naive local wall time plus its zone (the form an
RFC 5545 ``DTSTART;TZID=...`` has). The only fields that are not plain columns are the
``frozenset`` ones (expected clients, cancelled occurrences): each is a child table.

A series occurrence is named by its *recurrence id*: the naive local wall time the rule
generated for it in the series' zone (RFC 5545 ``RECURRENCE-ID`` semantics). It stays the
occurrence's name even after the occurrence is moved, and it does not change if a later
tzdata release moves the zone's offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from practice.errors import ValidationError
from practice.schedule.rules import parse_rule
from practice.schedule.timezones import check_zone, require_utc

_CPT = re.compile(r"\d{4}[0-9A-Z]")
# Longer than any session; catches minutes typed as seconds or a missing unit.
MAX_DURATION_MINUTES = 8 * 60


class SessionKind(StrEnum):
    """What sort of session it is (not who turns up: see ``expected_client_ids``)."""

    INTAKE = "intake"
    INDIVIDUAL = "individual"
    COUPLE = "couple"
    POLYCULE = "polycule"
    FAMILY = "family"


class SessionStatus(StrEnum):
    """Where a session stands.

    Only scheduled and completed sessions hold the therapist's time. A cancellation (on
    time or late) gives the slot back. A no-show keeps its place in the record, but the
    therapist was in fact free, so it does not block another booking either (a walk-in
    or a phone call can be put in that hour, and a past no-show never refuses one).
    """

    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    LATE_CANCEL = "late_cancel"
    NO_SHOW = "no_show"

    @property
    def blocks_time(self) -> bool:
        """Whether a session with this status makes an overlapping booking a conflict."""
        return self in (SessionStatus.SCHEDULED, SessionStatus.COMPLETED)

    @property
    def is_cancellation(self) -> bool:
        """Whether the session was called off (on time or late) and will not take place."""
        return self in (SessionStatus.CANCELLED, SessionStatus.LATE_CANCEL)


class LocationKind(StrEnum):
    """Where a session happens."""

    OFFICE = "office"
    TELEHEALTH = "telehealth"


def _check_session_fields(
    duration_minutes: int, location: LocationKind, video_link: str | None, cpt_code: str | None
) -> None:
    if not 0 < duration_minutes <= MAX_DURATION_MINUTES:
        raise ValidationError("The session length must be between 1 minute and 8 hours.")
    if location is LocationKind.TELEHEALTH and not (video_link and video_link.strip()):
        raise ValidationError("A telehealth session needs a video link.")
    if location is LocationKind.OFFICE and video_link is not None:
        raise ValidationError("An office session has no video link.")
    if cpt_code is not None and not _CPT.fullmatch(cpt_code):
        raise ValidationError("The CPT code must be five characters, such as 90834.")


@dataclass(frozen=True, slots=True)
class Appointment:
    """One session: a stored row, or an occurrence of a series not (yet) stored.

    Attributes:
        unit_id: The care unit the session is for.
        kind: The sort of session.
        start_utc: When it starts (aware, UTC).
        zone: The IANA zone it was made in (a series' zone for its occurrences).
        duration_minutes: How long it lasts.
        location: Office or telehealth.
        expected_client_ids: Who is expected (a couple's session may expect one partner).
        video_link: The link for a telehealth session; ``None`` for the office.
        cpt_code: The CPT code it will be billed under, if known.
        status: Scheduled, completed, cancelled, late cancel or no-show.
        status_reason: Why the status is what it is (free text; never exported).
        id: The row id, or ``None`` for an occurrence or appointment not yet stored.
        series_id: The series it belongs to, if any.
        recurrence_id: For an occurrence of a series, the local wall time the rule gave it
            in the series' zone (naive); it names the occurrence even after a move.
    """

    unit_id: int
    kind: SessionKind
    start_utc: datetime
    zone: str
    duration_minutes: int
    location: LocationKind
    expected_client_ids: frozenset[int] = field(default_factory=frozenset)
    video_link: str | None = None
    cpt_code: str | None = None
    status: SessionStatus = SessionStatus.SCHEDULED
    status_reason: str | None = None
    id: int | None = None
    series_id: int | None = None
    recurrence_id: datetime | None = None

    def __post_init__(self) -> None:
        """Refuse values that cannot be stored as given."""
        require_utc(self.start_utc)
        check_zone(self.zone)
        _check_session_fields(self.duration_minutes, self.location, self.video_link, self.cpt_code)
        # An unstored series' occurrences have a recurrence id but no series id yet.
        if self.series_id is not None and self.recurrence_id is None:
            raise ValueError("a series' session needs its recurrence id")
        if self.recurrence_id is not None and self.recurrence_id.tzinfo is not None:
            raise ValueError("a recurrence id is a naive local wall time")

    @property
    def end_utc(self) -> datetime:
        """When the session ends (aware, UTC)."""
        return self.start_utc + timedelta(minutes=self.duration_minutes)

    @property
    def is_stored(self) -> bool:
        """Whether this is a stored row (rather than a computed occurrence)."""
        return self.id is not None

    def overlaps(self, other: Appointment) -> bool:
        """Whether the two sessions share any time; back-to-back sessions do not.

        Args:
            other: The other session.

        Returns:
            True when each starts before the other ends.
        """
        return self.start_utc < other.end_utc and other.start_utc < self.end_utc

    def is_same_session(self, other: Appointment) -> bool:
        """Whether both values stand for the same session (same row or same occurrence).

        Args:
            other: The other session.

        Returns:
            True for the same stored row, or the same occurrence of the same series.
        """
        if self.id is not None and self.id == other.id:
            return True
        return self.series_id is not None and (self.series_id, self.recurrence_id) == (
            other.series_id,
            other.recurrence_id,
        )


@dataclass(frozen=True, slots=True)
class Series:
    """A recurring session: an RFC 5545 rule from a first session in local wall time.

    Attributes:
        unit_id: The care unit the sessions are for.
        kind: The sort of session.
        rule: The RRULE value (``FREQ=WEEKLY;INTERVAL=2``), without DTSTART.
        dtstart_local: The first session's local wall time in ``zone`` (naive). It must
            itself be an occurrence of the rule.
        zone: The IANA zone whose wall clock the sessions keep.
        duration_minutes: How long each session lasts.
        location: Office or telehealth.
        expected_client_ids: Who is expected at each session.
        video_link: The link for telehealth sessions.
        cpt_code: The CPT code sessions will be billed under.
        exdates_local: Recurrence ids of occurrences removed from the series (EXDATE).
        ends_before_local: Occurrences from this local wall time on are not part of the
            series (set when a series is ended or split); ``None`` for no end but the rule's.
        id: The row id, or ``None`` until stored.
    """

    unit_id: int
    kind: SessionKind
    rule: str
    dtstart_local: datetime
    zone: str
    duration_minutes: int
    location: LocationKind
    expected_client_ids: frozenset[int] = field(default_factory=frozenset)
    video_link: str | None = None
    cpt_code: str | None = None
    exdates_local: frozenset[datetime] = field(default_factory=frozenset)
    ends_before_local: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        """Refuse values that cannot be stored as given (the rule is parsed once, cached)."""
        for moment in (self.dtstart_local, self.ends_before_local, *self.exdates_local):
            if moment is not None and moment.tzinfo is not None:
                raise ValueError("series wall times are naive local datetimes")
        check_zone(self.zone)
        _check_session_fields(self.duration_minutes, self.location, self.video_link, self.cpt_code)
        parse_rule(self.rule, self.dtstart_local, self.zone)

    @property
    def duration(self) -> timedelta:
        """How long each session lasts."""
        return timedelta(minutes=self.duration_minutes)
