"""The disclosure log: every release of a client's information, and the accounting of it.

A disclosure is written in the same transaction as whatever disclosed (a letter), and only
with an allowed ``DisclosureDecision`` from ``practice.services.releases``: nothing is
logged that the release check did not pass. The one exception is a copy of the client's own
record given at their request (``record_client_copy``): it needs no release (45 CFR 164.524)
and is exempt from the accounting (164.528(a)(1)(ii)), but it is logged, marked
``copy_to_client``, so the therapist sees what was handed over and when, and the accounting
lists it as such. Rows are never changed or deleted (store
triggers), and the accounting covers the six years before the day it is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.letters.model import DisclosureEntry, DisclosureReport, describe_scopes
from practice.models.letters import Disclosure, Letter
from practice.models.releases import Release
from practice.services.clients import get_client
from practice.services.common import utcnow
from practice.services.letters.guard import purpose_for_member
from practice.services.letters.profile import letterhead, long_date
from practice.services.releases import DisclosureDecision, Scope
from practice.services.settings import LOGO, load_image, load_profile
from practice.store.audit import record

#: How far back an accounting of disclosures reaches (HIPAA: six years).
ACCOUNTING_YEARS = 6
#: The purpose logged for a copy of the record given to the client.
CLIENT_COPY_PURPOSE = "Copy of the client's record at their request (right of access)"
#: What the accounting gives as the authority for such a copy, in place of a release.
CLIENT_COPY_AUTHORITY = "None needed: the client's own copy, at their request"


@dataclass(frozen=True)
class Recipient:
    """Who received a disclosure, as they read on the day."""

    provider_id: int | None
    description: str
    address: str


@dataclass(frozen=True)
class DisclosureRecord:
    """One logged disclosure."""

    id: int
    client_id: int
    recipient: Recipient
    disclosed_on: date
    scopes: frozenset[Scope]
    purpose: str
    release_id: int | None
    letter_id: int | None
    recorded_at: datetime
    copy_to_client: bool
    """A copy of the client's own record given to them: no release, provider or letter."""


def record_disclosure(
    session: Session, decision: DisclosureDecision, *, client_id: int, recipient: Recipient,
    on: date, scopes: Iterable[Scope], purpose: str, letter_id: int | None = None,
) -> int:
    """Log a disclosure in the caller's transaction.

    Args:
        session: The transaction that also records what was disclosed (the letter).
        decision: The allowed decision for this client, recipient, date and scopes.
        client_id: Whose information went out.
        recipient: Who received it.
        on: When.
        scopes: What kinds of information.
        purpose: Why.
        letter_id: The letter that carried it, if any.

    Returns:
        The disclosure's id.

    Raises:
        ValueError: The decision was a refusal (a bug: callers check first).
    """
    if not decision.allowed or decision.release_id is None:
        raise ValueError("a refused disclosure cannot be logged as made")
    row = Disclosure(
        client_id=client_id, provider_id=recipient.provider_id,
        recipient=recipient.description, recipient_address=recipient.address,
        disclosed_on=on, scopes=",".join(sorted(scopes)), purpose=purpose,
        release_id=decision.release_id, letter_id=letter_id, recorded_at=utcnow(),
    )
    session.add(row)
    session.flush()
    record(session, "disclosure.record", entity="disclosure", entity_id=row.id,
           client_id=client_id, provider_id=recipient.provider_id,
           release_id=decision.release_id, letter_id=letter_id, scopes=row.scopes)
    return row.id


def record_client_copy(
    session: Session, *, client_id: int, addressed_to: str, on: date, scopes: Iterable[Scope],
    purpose: str = CLIENT_COPY_PURPOSE,
) -> int:
    """Log, in the caller's transaction, a copy of the client's own record given to them.

    No release is asked for: a client's access to their own record is not a disclosure
    that needs one. The row is marked ``copy_to_client`` (the store refuses one that names
    a release, a provider or a letter).

    Args:
        session: The transaction that also audits the copy.
        client_id: Whose record it is, and who received it.
        addressed_to: The client's name as the copy is addressed.
        on: The day the copy was prepared and given.
        scopes: What kinds of information it holds (none when it held only their details,
            releases and letters).
        purpose: Why it was given (default: a copy of the record at their request; a
            superbill or an estimate says so).

    Returns:
        The disclosure's id.

    Raises:
        ValueError: The name is blank (a bug: callers pass the record's own name).
    """
    if not addressed_to.strip():
        raise ValueError("a copy to the client is logged under the client's name")
    row = Disclosure(
        client_id=client_id, provider_id=None, recipient=addressed_to, recipient_address="",
        disclosed_on=on, scopes=",".join(sorted(set(scopes))), purpose=purpose,
        release_id=None, letter_id=None, recorded_at=utcnow(), copy_to_client=True,
    )
    session.add(row)
    session.flush()
    record(session, "disclosure.record", entity="disclosure", entity_id=row.id,
           client_id=client_id, copy_to_client=True, scopes=row.scopes)
    return row.id


def _view(row: Disclosure) -> DisclosureRecord:
    return DisclosureRecord(
        id=row.id, client_id=row.client_id,
        recipient=Recipient(row.provider_id, row.recipient, row.recipient_address),
        disclosed_on=row.disclosed_on,
        # A copy to the client may hold no scope at all ("").
        scopes=frozenset(s for s in row.scopes.split(",") if s),  # type: ignore[misc]
        purpose=row.purpose, release_id=row.release_id, letter_id=row.letter_id,
        recorded_at=row.recorded_at, copy_to_client=row.copy_to_client,
    )


def list_disclosures(
    sessions: sessionmaker[Session], client_id: int, *, since: date | None = None,
    until: date | None = None,
) -> tuple[DisclosureRecord, ...]:
    """A client's disclosures, oldest first, optionally within dates (inclusive).

    A letter's purpose reads as ``letters_guard.purpose_for_member`` allows this client to
    see it: a joint letter's purpose naming another member, or a diagnosis not theirs,
    reads as a neutral one.
    """
    stmt = select(Disclosure).where(Disclosure.client_id == client_id)
    if since is not None:
        stmt = stmt.where(Disclosure.disclosed_on >= since)
    if until is not None:
        stmt = stmt.where(Disclosure.disclosed_on <= until)
    with sessions.begin() as s:
        rows = list(s.scalars(stmt.order_by(Disclosure.disclosed_on, Disclosure.id)))
        subjects = dict(s.execute(select(Letter.id, Letter.client_id).where(
            Letter.id.in_({r.letter_id for r in rows if r.letter_id is not None}))).all())
        shown: dict[tuple[str, int], str] = {}
        views = []
        for row in rows:
            view = _view(row)
            if row.letter_id is not None:
                # Checked again as read: a purpose logged before each member got their own
                # (or a name added to the record since) still reaches no one it should not.
                key = (row.purpose, subjects[row.letter_id])
                if key not in shown:
                    shown[key] = purpose_for_member(s, client_id, row.purpose,
                                                    subject_id=subjects[row.letter_id])
                view = replace(view, purpose=shown[key])
            views.append(view)
        return tuple(views)


def accounting_start(today: date) -> date:
    """The first day an accounting asked for on ``today`` covers (29 February falls back)."""
    try:
        return today.replace(year=today.year - ACCOUNTING_YEARS)
    except ValueError:
        return today.replace(year=today.year - ACCOUNTING_YEARS, day=28)


def disclosure_report(
    sessions: sessionmaker[Session], client_id: int, *, today: date,
    use_legal_name: bool = False,
) -> bytes:
    """Render a client's accounting of disclosures: six years of to whom, when, what and why.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client asking.
        today: The day the accounting is prepared (its last day).
        use_legal_name: Issue it under the legal name rather than the chosen one.

    Returns:
        The PDF (its metadata names no one).

    Raises:
        NotFound: No such client.
        LetterError: The practice's name, or the client's date of birth, is missing.
    """
    from practice.letters.errors import LetterError
    from practice.letters.render import render_disclosure_report

    client = get_client(sessions, client_id)
    if client.details.date_of_birth is None:
        raise LetterError("Date of birth is needed to prepare an accounting of disclosures.")
    start = accounting_start(today)
    entries = _entries(sessions, client_id, start, today)
    profile = load_profile(sessions)
    report = DisclosureReport(
        letterhead=letterhead(profile, load_image(sessions, LOGO)),
        client_name=client.details.legal_name if use_legal_name else client.display_name,
        client_dob=client.details.date_of_birth, prepared_on=today, period_start=start,
        period_end=today, entries=entries,
        prepared_by=", ".join(p for p in (profile.therapist_name, profile.credentials) if p),
    )
    pdf = render_disclosure_report(report)
    with sessions.begin() as s:
        record(s, "disclosure.report", entity="client", entity_id=client_id,
               entries=len(entries))
    return pdf


def what_was_disclosed(disclosure: DisclosureRecord) -> str:
    """Describe what a disclosure carried, for an accounting's "information disclosed".

    Args:
        disclosure: From ``list_disclosures``.

    Returns:
        E.g. ``"attendance; diagnosis (by letter)"``, or for a copy to the client
        ``"Copy of the record: attendance; progress"``.
    """
    described = describe_scopes(disclosure.scopes)
    if disclosure.copy_to_client:
        return ("Copy of the record: " + described if described
                else "Copy of the record: details, releases and letters only")
    return described + " (by letter)" if disclosure.letter_id is not None else described


def _entries(
    sessions: sessionmaker[Session], client_id: int, start: date, end: date
) -> tuple[DisclosureEntry, ...]:
    found = list_disclosures(sessions, client_id, since=start, until=end)
    with sessions.begin() as s:
        signed = dict(s.execute(
            select(Release.id, Release.signed_on)
            .where(Release.id.in_({d.release_id for d in found if d.release_id is not None}))
        ).all())
    return tuple(
        DisclosureEntry(
            disclosed_on=d.disclosed_on, recipient=d.recipient.description,
            recipient_address=d.recipient.address, disclosed=what_was_disclosed(d),
            purpose=d.purpose,
            release_reference=(
                CLIENT_COPY_AUTHORITY if d.release_id is None
                else f"Authorization signed {long_date(signed[d.release_id])}"),
            copy_to_client=d.copy_to_client,
        )
        for d in found
    )
