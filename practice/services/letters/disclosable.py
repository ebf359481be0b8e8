"""What a letter or an export may draw on about one client, and nothing more.

This is the only door from the clinical record to anything that leaves the app. It reads
signed progress notes and their addenda; it never imports the psychotherapy-note model, and
``DisclosableRecord`` has no field that could carry a process note. It also cuts a joint
session down to the client's share: other attendees are counted, never named, and only the
client's own diagnoses come through. It asks ``check_disclosure`` first and refuses to
assemble anything the release does not allow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from practice.models.notes import NoteAttendee, ProgressNote
from practice.services.notes import (
    AddendumView,
    Diagnosis,
    NoteFormat,
    Procedure,
    Section,
    Signature,
    note_view,
)
from practice.services.releases import (
    DisclosureDecision,
    DisclosureRefused,
    Scope,
    check_disclosure,
)

# Scopes that let the text of notes out (the risk section needs "risk" as well).
_TEXT_SCOPES: frozenset[Scope] = frozenset({"progress", "treatment_summary", "recommendations"})


@dataclass(frozen=True)
class ClientSession:
    """One signed session note, cut down to what concerns the client."""

    note_id: int
    session_date: date
    format: NoteFormat
    joint: bool
    other_attendees: int
    sections: tuple[Section, ...]
    diagnoses: tuple[Diagnosis, ...]
    procedures: tuple[Procedure, ...]
    signature: Signature
    addenda: tuple[AddendumView, ...]


@dataclass(frozen=True)
class DisclosableRecord:
    """The part of a client's record a disclosure may use, with the decision that allowed it."""

    client_id: int
    provider_id: int
    on: date
    scopes: frozenset[Scope]
    decision: DisclosureDecision
    sessions_attended: tuple[date, ...]
    diagnoses: tuple[Diagnosis, ...]
    notes: tuple[ClientSession, ...]


def _signed_notes(
    session: Session, client_id: int, since: date | None, until: date | None
) -> list[int]:
    stmt = (
        select(ProgressNote.id)
        .join(NoteAttendee, NoteAttendee.note_id == ProgressNote.id)
        .where(NoteAttendee.client_id == client_id, ProgressNote.status == "signed")
        .order_by(ProgressNote.session_date, ProgressNote.id)
    )
    if since is not None:
        stmt = stmt.where(ProgressNote.session_date >= since)
    if until is not None:
        stmt = stmt.where(ProgressNote.session_date <= until)
    return list(session.scalars(stmt))


def _cut(session: Session, note_id: int, client_id: int, scopes: frozenset[Scope]) -> ClientSession:
    view = note_view(session, note_id)
    assert view.signature is not None  # only signed notes are selected
    text = bool(scopes & _TEXT_SCOPES)
    sections = tuple(
        s for s in view.sections if text and (s.key != "risk" or "risk" in scopes)
    )
    return ClientSession(
        note_id=view.id, session_date=view.header.session_date, format=view.header.format,
        joint=view.is_joint, other_attendees=len(view.attendees) - 1, sections=sections,
        diagnoses=tuple(d for d in view.diagnoses if d.client_id == client_id)
        if "diagnosis" in scopes else (),
        procedures=view.procedures if "attendance" in scopes else (),
        signature=view.signature, addenda=tuple(a for a in view.addenda if a.is_signed)
        if text else (),
    )


def disclosable_record(
    session: Session, client_id: int, provider_id: int, on: date, scopes: Iterable[Scope], *,
    since: date | None = None, until: date | None = None, include_joint: bool = False,
) -> DisclosableRecord:
    """Assemble what may be disclosed about a client to a provider, after checking the release.

    Args:
        session: An open session (the caller logs the disclosure in the same transaction).
        client_id: Whom the disclosure is about.
        provider_id: The recipient.
        on: The disclosure's date.
        scopes: The kinds of information wanted (minimum necessary: ask for no more).
        since: First session date to include.
        until: Last session date to include.
        include_joint: Whether joint sessions' notes are drawn on; each other attendee then
            needs a release too.

    Returns:
        The record, limited to the scopes and to the client's own share of joint sessions.

    Raises:
        DisclosureRefused: No release allows it (the decision says why).
    """
    wanted = frozenset(scopes)
    note_ids = _signed_notes(session, client_id, since, until)
    cuts = [_cut(session, n, client_id, wanted) for n in note_ids]
    if not include_joint:
        cuts = [c for c in cuts if not c.joint]
    joint_ids = tuple(c.note_id for c in cuts if c.joint)
    decision = check_disclosure(session, client_id, provider_id, on, wanted,
                                joint_note_ids=joint_ids)
    if not decision.allowed:
        raise DisclosureRefused(decision)
    diagnoses: dict[str, Diagnosis] = {}
    for cut in cuts:  # the latest note's wording of each code wins
        diagnoses.update((d.code, d) for d in cut.diagnoses)
    return DisclosableRecord(
        client_id=client_id, provider_id=provider_id, on=on, scopes=wanted, decision=decision,
        sessions_attended=tuple(c.session_date for c in cuts) if "attendance" in wanted else (),
        diagnoses=tuple(diagnoses.values()),
        notes=tuple(c for c in cuts if c.sections or c.diagnoses or c.procedures),
    )
