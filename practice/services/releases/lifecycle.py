"""Releases of information, and the one place that decides whether a disclosure may go out.

Letters and exports call ``check_disclosure`` (or ``require_disclosure``); nothing else
decides. For information from joint sessions every other member concerned needs their own
release to the same recipient, covering the same scopes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ReleaseRefused, ValidationError
from practice.models.clients import Client
from practice.models.notes import NoteAttendee
from practice.models.providers import Organisation, Provider
from practice.models.releases import MAX_SCAN_BYTES, Release, ReleaseScan, ReleaseScope
from practice.models.units import UnitMember
from practice.services.common import load, utcnow
from practice.store.audit import record
from practice.text.keys import clean_line

Scope = Literal[
    "attendance", "diagnosis", "treatment_summary", "recommendations", "progress", "risk",
    "measures",
]
SCOPES: tuple[Scope, ...] = get_args(Scope)
ReleaseState = Literal["active", "expired", "revoked", "not_yet_signed"]
RefusalCode = Literal[
    "allowed", "none_on_file", "not_yet_signed", "expired", "revoked", "out_of_scope",
    "joint_member_missing",
]
# A scan's first bytes must match what it claims to be.
_SCAN_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
}


@dataclass(frozen=True)
class ReleaseDetails:
    """A signed release as written on the form."""

    client_id: int
    purpose: str
    signed_on: date
    expires_on: date
    scopes: frozenset[Scope]
    provider_id: int | None = None
    organisation_id: int | None = None


@dataclass(frozen=True)
class ReleaseView:
    """A release as stored."""

    id: int
    details: ReleaseDetails
    revoked_on: date | None
    has_scan: bool

    def state_on(self, day: date) -> ReleaseState:
        """Whether the release is in force on ``day`` (revoked from its revocation date)."""
        if self.revoked_on is not None and day >= self.revoked_on:
            return "revoked"
        if day < self.details.signed_on:
            return "not_yet_signed"
        if day > self.details.expires_on:
            return "expired"
        return "active"


@dataclass(frozen=True)
class ScanInfo:
    """What is known about an attached scan without loading it."""

    release_id: int
    filename: str
    media_type: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class Scan:
    """A scanned release, bytes included (kept in memory, never written out by this module)."""

    info: ScanInfo
    content: bytes


@dataclass(frozen=True)
class DisclosureDecision:
    """Whether information may go to a recipient, and why not when it may not.

    ``reason`` is fit to show the therapist and names no one; ``members_without_release``
    holds the ids of joint-session members whose release is missing, for the screen to name.
    """

    allowed: bool
    code: RefusalCode
    reason: str
    release_id: int | None
    missing_scopes: frozenset[Scope] = frozenset()
    members_without_release: tuple[int, ...] = ()


class DisclosureRefused(ReleaseRefused):
    """A disclosure was refused; ``decision`` says why and whose release is missing."""

    def __init__(self, decision: DisclosureDecision) -> None:
        super().__init__(decision.reason)
        self.decision = decision


_REASONS: dict[RefusalCode, str] = {
    "allowed": "A release on file allows this disclosure.",
    "none_on_file": "There is no release on file for this recipient.",
    "not_yet_signed": "The release for this recipient is dated after this disclosure.",
    "expired": "The release for this recipient has expired.",
    "revoked": "The client has revoked the release for this recipient.",
    "out_of_scope": "The release for this recipient does not cover all of this information.",
    "joint_member_missing": (
        "This includes joint-session information, and another member of that session has no "
        "release in force for this recipient covering it."
    ),
}


def _check_details(details: ReleaseDetails, today: date) -> str:
    purpose = clean_line(details.purpose, "Purpose", max_len=500, required=True) or ""
    if (details.provider_id is None) == (details.organisation_id is None):
        raise ValidationError("A release names either one provider or one organisation.")
    if not details.scopes or not set(details.scopes) <= set(SCOPES):
        raise ValidationError("Scope must be one or more of the listed kinds of information.")
    if details.signed_on > today:
        raise ValidationError("Date signed is in the future.")
    if details.expires_on < details.signed_on:
        raise ValidationError("Expiry date is before the date signed.")
    return purpose


def _view(session: Session, row: Release) -> ReleaseView:
    scopes = frozenset(session.scalars(
        select(ReleaseScope.scope).where(ReleaseScope.release_id == row.id)))
    has_scan = session.scalar(select(ReleaseScan.id).where(ReleaseScan.release_id == row.id))
    details = ReleaseDetails(row.client_id, row.purpose, row.signed_on, row.expires_on,
                             scopes, row.provider_id, row.organisation_id)  # type: ignore[arg-type]
    return ReleaseView(row.id, details, row.revoked_on, has_scan is not None)


def record_release(
    sessions: sessionmaker[Session], details: ReleaseDetails, *, today: date | None = None
) -> ReleaseView:
    """Record a release the client has signed.

    Raises:
        ValidationError: No purpose or scope, two recipients or none, a signature date in
            the future, or an expiry before the signature.
        NotFound: No such client, provider or organisation.
    """
    purpose = _check_details(details, today or date.today())
    with sessions.begin() as s:
        load(s, Client, details.client_id, "client")
        if details.provider_id is not None:
            load(s, Provider, details.provider_id, "provider")
        if details.organisation_id is not None:
            load(s, Organisation, details.organisation_id, "organisation")
        row = Release(client_id=details.client_id, provider_id=details.provider_id,
                      organisation_id=details.organisation_id, purpose=purpose,
                      signed_on=details.signed_on, expires_on=details.expires_on,
                      created_at=utcnow())
        s.add(row)
        s.flush()
        s.add_all(ReleaseScope(release_id=row.id, scope=sc) for sc in sorted(details.scopes))
        s.flush()
        record(s, "release.create", entity="release", entity_id=row.id,
               client_id=details.client_id, scopes=",".join(sorted(details.scopes)))
        return _view(s, row)


def revoke_release(sessions: sessionmaker[Session], release_id: int, on: date) -> ReleaseView:
    """Record the client's revocation of a release, effective from ``on``.

    Raises:
        ValidationError: Already revoked, or a date before the release was signed.
        NotFound: No such release.
    """
    with sessions.begin() as s:
        row = load(s, Release, release_id, "release")
        if row.revoked_on is not None:
            raise ValidationError("This release has already been revoked.")
        if on < row.signed_on:
            raise ValidationError("Revocation date is before the release was signed.")
        row.revoked_on = on
        record(s, "release.revoke", entity="release", entity_id=release_id)
        s.flush()
        return _view(s, row)


def get_release(sessions: sessionmaker[Session], release_id: int) -> ReleaseView:
    """Read one release.

    Raises:
        NotFound: No such release.
    """
    with sessions.begin() as s:
        return _view(s, load(s, Release, release_id, "release"))


def list_releases(sessions: sessionmaker[Session], client_id: int) -> tuple[ReleaseView, ...]:
    """A client's releases, most recently signed first."""
    stmt = select(Release).where(Release.client_id == client_id).order_by(
        Release.signed_on.desc(), Release.id.desc())
    with sessions.begin() as s:
        return tuple(_view(s, r) for r in s.scalars(stmt))


def releases_expiring(
    sessions: sessionmaker[Session], today: date, within_days: int
) -> tuple[ReleaseView, ...]:
    """Releases in force today that expire within ``within_days``, soonest first.

    One query for the whole practice (the Today screen asks this at every unlock).
    """
    last = today + timedelta(days=within_days)
    stmt = (select(Release)
            .where(Release.signed_on <= today, Release.expires_on >= today,
                   Release.expires_on <= last,
                   or_(Release.revoked_on.is_(None), Release.revoked_on > today))
            .order_by(Release.expires_on, Release.id))
    with sessions.begin() as s:
        return tuple(_view(s, r) for r in s.scalars(stmt))


def attach_scan(
    sessions: sessionmaker[Session], release_id: int, content: bytes, *, filename: str,
    media_type: str,
) -> ScanInfo:
    """Keep the scanned signed release inside the encrypted store (replacing any earlier one).

    Args:
        sessions: The store's sessionmaker.
        release_id: The release.
        content: The file's bytes (PDF, PNG, JPEG or TIFF), at most 20 MiB.
        filename: The file's name, for display.
        media_type: "application/pdf", "image/png", "image/jpeg" or "image/tiff".

    Returns:
        The stored scan's description.

    Raises:
        ValidationError: Too large, empty, of another type, or not what it claims to be.
        NotFound: No such release.
    """
    if not content:
        raise ValidationError("The scan is empty.")
    if len(content) > MAX_SCAN_BYTES:
        raise ValidationError(
            f"The scan is too large: at most {MAX_SCAN_BYTES // (1024 * 1024)} MB is kept. "
            "Scan it at a lower resolution or as a PDF."
        )
    signatures = _SCAN_SIGNATURES.get(media_type)
    if signatures is None:
        raise ValidationError("A scan must be a PDF, PNG, JPEG or TIFF file.")
    if not content.startswith(signatures):
        raise ValidationError("The file's contents do not match its type.")
    name = clean_line(filename, "File name", max_len=255, required=True) or ""
    digest = hashlib.sha256(content).hexdigest()
    with sessions.begin() as s:
        load(s, Release, release_id, "release")
        existing = s.scalar(select(ReleaseScan).where(ReleaseScan.release_id == release_id))
        if existing is not None:
            s.delete(existing)
            s.flush()
        s.add(ReleaseScan(release_id=release_id, filename=name, media_type=media_type,
                          size_bytes=len(content), sha256=digest, content=content,
                          created_at=utcnow()))
        record(s, "release.scan_attach", entity="release", entity_id=release_id,
               replaced=existing is not None)
    return ScanInfo(release_id, name, media_type, len(content), digest)


def get_scan(sessions: sessionmaker[Session], release_id: int) -> Scan | None:
    """Load a release's scan (the viewing is audited), or ``None`` when there is none."""
    with sessions.begin() as s:
        row = s.scalar(select(ReleaseScan).where(ReleaseScan.release_id == release_id))
        if row is None:
            return None
        record(s, "release.scan_view", entity="release", entity_id=release_id)
        info = ScanInfo(release_id, row.filename, row.media_type, row.size_bytes, row.sha256)
        return Scan(info, row.content)


# --- the disclosure decision ---------------------------------------------------------------


def _releases_to(session: Session, client_id: int, provider_id: int) -> list[ReleaseView]:
    provider = load(session, Provider, provider_id, "provider")
    recipient = Release.provider_id == provider_id
    if provider.organisation_id is not None:
        recipient = or_(recipient, Release.organisation_id == provider.organisation_id)
    rows = session.scalars(select(Release).where(Release.client_id == client_id, recipient)
                           .order_by(Release.signed_on.desc(), Release.id.desc()))
    return [_view(session, r) for r in rows]


def _decide_one(
    session: Session, client_id: int, provider_id: int, on: date, scopes: frozenset[Scope]
) -> DisclosureDecision:
    releases = _releases_to(session, client_id, provider_id)
    if not releases:
        return _decision("none_on_file", None)
    active = [r for r in releases if r.state_on(on) == "active"]
    covering = [r for r in active if scopes <= r.details.scopes]
    if covering:
        return _decision("allowed", covering[0].id)
    if active:
        best = max(active, key=lambda r: len(scopes & r.details.scopes))
        return _decision("out_of_scope", best.id, missing=scopes - best.details.scopes)
    # None in force: explain through the most recently signed one.
    latest = releases[0]
    state = latest.state_on(on)
    code: RefusalCode = "not_yet_signed" if state == "active" else state
    return _decision(code, latest.id)


def _decision(
    code: RefusalCode, release_id: int | None, *, missing: frozenset[Scope] = frozenset(),
    members: tuple[int, ...] = (),
) -> DisclosureDecision:
    return DisclosureDecision(code == "allowed", code, _REASONS[code], release_id, missing,
                              members)


def _joint_members(
    session: Session, client_id: int, unit_ids: Iterable[int], note_ids: Iterable[int]
) -> set[int]:
    members = set(session.scalars(
        select(UnitMember.client_id).where(UnitMember.unit_id.in_(list(unit_ids)))))
    members |= set(session.scalars(
        select(NoteAttendee.client_id).where(NoteAttendee.note_id.in_(list(note_ids)))))
    members.discard(client_id)
    return members


def check_disclosure(
    session: Session, client_id: int, provider_id: int, on: date, scopes: Iterable[Scope], *,
    joint_unit_ids: Iterable[int] = (), joint_note_ids: Iterable[int] = (),
) -> DisclosureDecision:
    """Decide whether information about a client may go to a provider on a date.

    Args:
        session: An open session (so a letter can check and log in one transaction).
        client_id: Whom the information is about.
        provider_id: The recipient (a release to the provider's organisation also counts).
        on: The date of the disclosure.
        scopes: The kinds of information to disclose.
        joint_unit_ids: Units whose joint sessions the information draws on: every member
            (past or present) other than the client also needs a release.
        joint_note_ids: Joint-session notes the information draws on: every other attendee
            also needs a release.

    Returns:
        The decision, with the release relied on or the reason for refusal.

    Raises:
        ValidationError: No scope, or an unknown one.
        NotFound: No such provider.
    """
    wanted = frozenset(scopes)
    if not wanted or not wanted <= set(SCOPES):
        raise ValidationError("Scope must be one or more of the listed kinds of information.")
    own = _decide_one(session, client_id, provider_id, on, wanted)
    if not own.allowed:
        return own
    missing = tuple(sorted(
        other for other in _joint_members(session, client_id, joint_unit_ids, joint_note_ids)
        if not _decide_one(session, other, provider_id, on, wanted).allowed
    ))
    if missing:
        return _decision("joint_member_missing", own.release_id, members=missing)
    return own


def require_disclosure(
    session: Session, client_id: int, provider_id: int, on: date, scopes: Iterable[Scope], *,
    joint_unit_ids: Iterable[int] = (), joint_note_ids: Iterable[int] = (),
) -> DisclosureDecision:
    """Like ``check_disclosure``, but raise when the disclosure is not allowed.

    Raises:
        DisclosureRefused: A ``ReleaseRefused`` carrying the decision (its message names no one).
    """
    decision = check_disclosure(session, client_id, provider_id, on, scopes,
                                joint_unit_ids=joint_unit_ids, joint_note_ids=joint_note_ids)
    if not decision.allowed:
        raise DisclosureRefused(decision)
    return decision
