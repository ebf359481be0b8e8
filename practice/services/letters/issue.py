"""Care-coordination letters: compose a draft, issue it under a release, read it back, export it.

``compose_letter`` (from ``letters_draft``) gathers only what the client's release allows.
``issue_letter`` asks ``require_disclosure`` again and, in one transaction, stores the exact
PDF, logs a disclosure for every recipient and every person whose information the letter
carries, and writes the audit entry: all of it, or none of it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import NotFound, StoreDamaged, ValidationError
from practice.letters.errors import LetterError
from practice.models.letters import Disclosure, Letter
from practice.models.notes import NoteAttendee
from practice.services.common import load, utcnow
from practice.services.letters.compose import (
    CcClient,
    CcProvider,
    Copy,
    CopyRefused,
    DraftOutdated,
    LetterDraft,
    OtherMemberNamed,
    compose_letter,
    require_copy,
)
from practice.services.letters.disclosures import Recipient, record_disclosure
from practice.services.letters.drafts import LetterDraftKey, drop_letter_draft
from practice.services.letters.guard import purpose_for_member
from practice.services.letters.profile import recipient, recipient_contact, recipient_line
from practice.services.providers import provider_view
from practice.services.releases import DisclosureDecision, Scope, require_disclosure
from practice.store.audit import record

__all__ = [
    "CcClient",
    "CcProvider",
    "Copy",
    "CopyRefused",
    "DraftOutdated",
    "IssuedLetter",
    "LetterDraft",
    "LetterSummary",
    "OtherMemberNamed",
    "compose_letter",
    "export_pdf",
    "get_letter",
    "issue_letter",
    "list_letters",
]


@dataclass(frozen=True)
class LetterSummary:
    """An issued letter in a list, without its PDF."""

    id: int
    client_id: int
    provider_id: int
    release_id: int
    template_key: str
    letter_date: date
    purpose: str
    legal_name_used: bool
    supersedes_id: int | None
    superseded_by: int | None
    issued_at: datetime


@dataclass(frozen=True)
class IssuedLetter:
    """An issued letter with the exact PDF that was sent."""

    summary: LetterSummary
    scopes: frozenset[Scope]
    pdf: bytes
    pdf_sha256: str

    @property
    def id(self) -> int:
        """The letter's id."""
        return self.summary.id

# --- issuing ------------------------------------------------------------------------------


def issue_letter(
    sessions: sessionmaker[Session], draft: LetterDraft, *, supersedes_id: int | None = None
) -> IssuedLetter:
    """Issue a letter: check the release again, render it, store it and log the disclosure.

    Everything is written in one transaction: the letter with its exact PDF, one disclosure
    per recipient and per person whose information it carries, the audit entries, and the
    removal of the letter's kept draft (``letter_drafts``), if any.

    Args:
        sessions: The store's sessionmaker.
        draft: From ``compose_letter``.
        supersedes_id: The issued letter this one corrects, if any.

    Returns:
        The issued letter with its PDF.

    Raises:
        DisclosureRefused: No release allows it on the letter's date any more (none on
            file, expired, revoked, outside its scope, or another member's release missing).
        CopyRefused: A copied provider's release no longer allows it.
        DraftOutdated: A different release is now the one in force.
        ValidationError: The letter to correct is about another client or already corrected.
        NotFound: The letter to correct does not exist.
    """
    from practice.letters.render import render_letter

    pdf = render_letter(draft.content)  # before the transaction: the write lock stays short
    with sessions.begin() as s:
        decisions = _recheck(s, draft)
        _check_supersedes(s, draft, supersedes_id)
        row = Letter(
            client_id=draft.client_id, provider_id=draft.provider_id,
            release_id=draft.release_id, template_key=draft.template_key,
            letter_date=draft.letter_date, purpose=draft.content.purpose,
            legal_name_used=draft.legal_name_used, supersedes_id=supersedes_id, pdf=pdf,
            size_bytes=len(pdf), pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            issued_at=utcnow(),
        )
        s.add(row)
        s.flush()
        logged = _log_disclosures(s, draft, row.id, decisions)
        record(s, "letter.issue", entity="letter", entity_id=row.id,
               client_id=draft.client_id, provider_id=draft.provider_id,
               release_id=draft.release_id, supersedes_id=supersedes_id,
               scopes=",".join(sorted(draft.scopes)), disclosures=logged)
        # The prose kept while the letter was written has now gone out: no draft remains.
        drop_letter_draft(s, LetterDraftKey(draft.client_id, draft.provider_id,
                                            draft.template_key), reason="issued")
        return IssuedLetter(_summary(row, None), draft.scopes, pdf, row.pdf_sha256)


def _recheck(session: Session, draft: LetterDraft) -> dict[int, DisclosureDecision]:
    """Ask again, for every recipient; return the client's decision per recipient."""
    decision = require_disclosure(session, draft.client_id, draft.provider_id,
                                  draft.letter_date, draft.scopes,
                                  joint_note_ids=draft.joint_note_ids)
    if decision.release_id != draft.release_id:
        raise DraftOutdated(
            "The client's releases have changed since this letter was prepared; prepare it "
            "again so it names the release now on file."
        )
    decisions = {draft.provider_id: decision}
    for provider_id in draft.cc_provider_ids:
        decisions[provider_id] = require_copy(session, draft.client_id, provider_id,
                                               draft.letter_date, draft.scopes,
                                               draft.joint_note_ids)
    return decisions


def _check_supersedes(session: Session, draft: LetterDraft, supersedes_id: int | None) -> None:
    if supersedes_id is None:
        return
    earlier = load(session, Letter, supersedes_id, "letter")
    if earlier.client_id != draft.client_id:
        raise ValidationError("A correction must be about the same client as the letter.")
    if session.scalar(select(Letter.id).where(Letter.supersedes_id == supersedes_id)):
        raise ValidationError("That letter has already been corrected; correct the newer one.")


def _log_disclosures(
    session: Session, draft: LetterDraft, letter_id: int,
    client_decisions: dict[int, DisclosureDecision],
) -> int:
    """Log one disclosure per recipient and per person whose information the letter carries.

    The client's decisions come from ``_recheck``; joint-session attendees are asked for
    their own (their release is the one each of their disclosures names).
    """
    members = sorted(set(session.scalars(
        select(NoteAttendee.client_id).where(NoteAttendee.note_id.in_(draft.joint_note_ids))
    )) - {draft.client_id})
    # Each member's accounting shows the purpose only as far as that member may see it.
    purposes = {subject: purpose_for_member(session, subject, draft.content.purpose,
                                            subject_id=draft.client_id)
                for subject in (draft.client_id, *members)}
    count = 0
    for provider_id, client_decision in client_decisions.items():
        view = provider_view(session, provider_id)
        who = Recipient(provider_id, recipient_line(view),
                        recipient_contact(recipient(session, view)))
        for subject in (draft.client_id, *members):
            decision = client_decision if subject == draft.client_id else require_disclosure(
                session, subject, provider_id, draft.letter_date, draft.scopes,
                joint_note_ids=draft.joint_note_ids)
            record_disclosure(session, decision, client_id=subject, recipient=who,
                              on=draft.letter_date, scopes=draft.scopes,
                              purpose=purposes[subject], letter_id=letter_id)
            count += 1
    return count


# --- reading back and exporting -----------------------------------------------------------


def _summary(row: Letter, superseded_by: int | None) -> LetterSummary:
    return LetterSummary(
        id=row.id, client_id=row.client_id, provider_id=row.provider_id,
        release_id=row.release_id, template_key=row.template_key, letter_date=row.letter_date,
        purpose=row.purpose, legal_name_used=row.legal_name_used,
        supersedes_id=row.supersedes_id, superseded_by=superseded_by, issued_at=row.issued_at,
    )


def get_letter(sessions: sessionmaker[Session], letter_id: int) -> IssuedLetter:
    """Read an issued letter with its PDF (the reading is audited).

    Raises:
        NotFound: No such letter.
        StoreDamaged: The stored PDF no longer matches its hash.
    """
    with sessions.begin() as s:
        row = load(s, Letter, letter_id, "letter")
        pdf = bytes(row.pdf)
        if hashlib.sha256(pdf).hexdigest() != row.pdf_sha256:
            raise StoreDamaged("An issued letter no longer matches what was sent. Restore your "
                               "most recent backup.")
        later = s.scalar(select(Letter.id).where(Letter.supersedes_id == letter_id))
        scopes = s.scalar(select(Disclosure.scopes).where(
            Disclosure.letter_id == letter_id, Disclosure.client_id == row.client_id,
            Disclosure.provider_id == row.provider_id))
        if scopes is None:
            raise NotFound(f"No disclosure is logged for letter {letter_id}.")
        record(s, "letter.view", entity="letter", entity_id=letter_id)
        return IssuedLetter(_summary(row, later), frozenset(scopes.split(",")),  # type: ignore[arg-type]
                            pdf, row.pdf_sha256)


def list_letters(sessions: sessionmaker[Session], client_id: int) -> tuple[LetterSummary, ...]:
    """A client's issued letters, newest first, each with the letter that corrects it."""
    with sessions.begin() as s:
        rows = list(s.scalars(select(Letter).where(Letter.client_id == client_id)
                              .order_by(Letter.letter_date.desc(), Letter.id.desc())))
        corrected = dict(s.execute(
            select(Letter.supersedes_id, Letter.id)
            .where(Letter.supersedes_id.in_([r.id for r in rows]))
        ).all())
        return tuple(_summary(r, corrected.get(r.id)) for r in rows)


def export_pdf(pdf: bytes, path: Path, password: str | None = None) -> None:
    """Write a letter or report where the therapist chose, readable by them alone (0600).

    The file appears whole or not at all: its bytes go to a private temporary file in the
    same folder, which is then renamed over ``path``.

    Args:
        pdf: The PDF, e.g. ``IssuedLetter.pdf``.
        path: The file the therapist chose.
        password: Encrypt the file with AES-256 so that it opens only with this password.

    Raises:
        LetterError: The folder does not exist, the path is a folder, the password is
            blank, or the file cannot be written.
    """
    from practice.documents.protect import protect_pdf
    from practice.store.atomic import write_atomically

    if not path.parent.is_dir():
        raise LetterError("The folder chosen for the PDF does not exist.")
    if path.is_dir():
        raise LetterError("Choose a file name for the PDF, not a folder.")
    data = pdf if password is None else protect_pdf(pdf, password)
    try:
        write_atomically(path, data)
    except OSError as error:
        raise LetterError(f"The PDF could not be written ({error.strerror}).") from error
