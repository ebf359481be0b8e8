"""The shape of a client's copy of their record: plain frozen values, nothing live."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from practice.services.notes import NoteFormat, Procedure, Section, Signature
from practice.services.plans import PlanView
from practice.services.record_access.billing import BillingRecord
from practice.services.record_access.measures import MeasureRecord


@dataclass(frozen=True)
class Identity:
    """The client as they know themselves, with the details the record holds about them."""

    client_id: int
    name: str
    legal_name: str
    pronouns: str | None
    gender_identity: str | None
    date_of_birth: date | None
    state: str | None
    phone: str | None
    email: str | None
    address: str | None
    emergency_name: str | None
    emergency_phone: str | None
    emergency_relationship: str | None


@dataclass(frozen=True)
class Member:
    """Someone's time in a unit, named as the client knows them."""

    name: str
    is_client: bool
    joined_on: date
    left_on: date | None


@dataclass(frozen=True)
class UnitRecord:
    """A unit the client belongs or belonged to, with its whole membership history."""

    unit_id: int
    kind: str
    label: str | None
    opened_on: date
    closed_on: date | None
    agreement: str | None
    members: tuple[Member, ...]


@dataclass(frozen=True)
class RelatedPerson:
    """A relationship recorded for the client, the other person named as the client knows them."""

    relationship_id: int
    client_id: int
    name: str
    kind: str
    started_on: date | None
    ended_on: date | None


@dataclass(frozen=True)
class DiagnosisRecord:
    """One of the client's own diagnoses, with the sessions that recorded it."""

    code: str
    description: str | None
    first_on: date
    last_on: date


@dataclass(frozen=True)
class AddendumRecord:
    """A signed correction appended to a note."""

    body: str
    signature: Signature


@dataclass(frozen=True)
class NoteRecord:
    """A signed progress note as the client's copy shows it.

    ``shared_because`` is set for a note of a session the client did not attend, shared with
    them under their unit's no-secrets agreement.
    """

    note_id: int
    session_date: date
    format: NoteFormat
    attendees: tuple[str, ...]
    sections: tuple[Section, ...]
    diagnoses: tuple[DiagnosisRecord, ...]
    procedures: tuple[Procedure, ...]
    signature: Signature
    addenda: tuple[AddendumRecord, ...]
    appointment_id: int | None
    shared_because: str | None = None

    @property
    def joint(self) -> bool:
        """Whether more than one person attended."""
        return len(self.attendees) > 1


@dataclass(frozen=True)
class SessionRecord:
    """A session the client attended (completed on the schedule)."""

    appointment_id: int
    start: datetime
    duration_minutes: int
    location: str
    cpt_code: str | None


@dataclass(frozen=True)
class ReleaseRecord:
    """A release of information the client signed, with its state on the day of the copy."""

    release_id: int
    recipient: str
    purpose: str
    scopes: tuple[str, ...]
    signed_on: date
    expires_on: date
    revoked_on: date | None
    state: str


@dataclass(frozen=True)
class LetterRecord:
    """A letter sent about the client, as issued."""

    letter_id: int
    letter_date: date
    issued_at: datetime
    recipient: str
    purpose: str
    superseded_by: int | None
    pdf: bytes


@dataclass(frozen=True)
class DisclosureLine:
    """One row of the accounting of disclosures."""

    disclosed_on: date
    recipient: str
    disclosed: str
    purpose: str


@dataclass(frozen=True)
class Withheld:
    """Something left out of this copy, and why (for the therapist to review before release)."""

    what: str
    why: str


@dataclass(frozen=True)
class Practitioner:
    """The therapist and practice, for the letterhead and the FHIR copy."""

    practice_name: str
    therapist_name: str
    credentials: str
    licences: tuple[str, ...]
    address_lines: tuple[str, ...]
    phone: str
    email: str


@dataclass(frozen=True)
class ClientRecord:
    """Everything in a client's copy of their designated record set, and what was left out."""

    prepared_on: date
    identity: Identity
    practitioner: Practitioner
    units: tuple[UnitRecord, ...]
    related: tuple[RelatedPerson, ...]
    diagnoses: tuple[DiagnosisRecord, ...]
    notes: tuple[NoteRecord, ...]
    sessions: tuple[SessionRecord, ...]
    releases: tuple[ReleaseRecord, ...]
    letters: tuple[LetterRecord, ...]
    disclosures: tuple[DisclosureLine, ...]
    withheld: tuple[Withheld, ...]
    # The standard measures the client answered (their own ratings only).
    measures: tuple[MeasureRecord, ...] = ()
    # Treatment plans: the client's own and their units', each with whose work it plans.
    plans: tuple[tuple[PlanView, str], ...] = ()
    # Charges, payments, corrections, balance and money documents: the client's own only.
    billing: BillingRecord | None = None
