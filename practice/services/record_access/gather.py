"""What a client may see of their own record, and a list of what was left out and why.

The designated record set (45 CFR 164.524) is the client's signed progress notes with their
signed addenda, diagnoses and procedures, units and relationships, releases, the letters sent
about them as issued, the accounting of disclosures, the sessions attended and their own
billing records (``billing``). Psychotherapy
notes are not part of it: this module never reads them. Other people appear only under the
name this client knows them by (their chosen name, else the one on record); another member's
diagnoses never appear, nor is their existence listed (they are that member's record, not
withheld from this one); another member's individual session appears only where the unit
agreed to keep no secrets, and is otherwise listed as withheld, unnamed and undated.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.models.clients import Client
from practice.models.notes import NoteAttendee, ProgressNote
from practice.models.schedule import AppointmentClient, AppointmentRecord
from practice.services.clients import ClientDetails, get_client
from practice.services.letters import get_letter, list_letters
from practice.services.letters.disclosures import list_disclosures, what_was_disclosed
from practice.services.letters.guard import OtherPerson, names_found, purpose_for_member
from practice.services.notes import NoteView, note_view
from practice.services.providers import list_organisations, list_providers
from practice.services.record_access.billing import gather_billing
from practice.services.record_access.measures import gather_measures
from practice.services.record_access.model import (
    AddendumRecord,
    ClientRecord,
    DiagnosisRecord,
    DisclosureLine,
    Identity,
    LetterRecord,
    Member,
    NoteRecord,
    Practitioner,
    RelatedPerson,
    ReleaseRecord,
    SessionRecord,
    UnitRecord,
    Withheld,
)
from practice.services.record_access.plans import gather_plans
from practice.services.releases import list_releases
from practice.services.settings import load_profile
from practice.services.units import UnitView, units_of_client
from practice.services.units.relationships import relationships_of

UNSIGNED = "Not yet signed: a draft becomes part of the record when it is signed."
HELD_SEPARATELY = (
    "Held separately: the unit's agreement keeps what each member says in an individual "
    "session private."
)
NO_AGREEMENT = (
    "Held separately: the unit has no no-secrets agreement on record, so what each member "
    "says in an individual session stays private."
)
SHARED_NO_SECRETS = "Shared under the unit's no-secrets agreement."


def gather_record(sessions: sessionmaker[Session], client_id: int, *, today: date
                  ) -> ClientRecord:
    """Collect a client's copy of their designated record set.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client asking for their record.
        today: The day the copy is prepared (release states are as of this day).

    Returns:
        The record, with everything left out listed in ``withheld``.

    Raises:
        NotFound: No such client.
    """
    client = get_client(sessions, client_id)
    units = units_of_client(sessions, client_id)
    edges = relationships_of(sessions, client_id)
    withheld: list[Withheld] = []
    with sessions.begin() as s:
        others = {m.client_id for u in units for m in u.members}
        others |= {e.a_id for e in edges} | {e.b_id for e in edges}
        others.discard(client_id)
        legal_only = _legal_only_names(s, others)
        notes = _notes(s, client_id, units, withheld)
        attended = _sessions(s, client_id)
        known = {m.client_id: m.display_name for u in units for m in u.members}
        known |= _known_names(s, others - set(known))
    related = tuple(
        RelatedPerson(e.id, other, known[other], e.kind,
                      e.started_on, e.ended_on)
        for e in edges for other in [e.b_id if e.a_id == client_id else e.a_id]
    )
    return ClientRecord(
        prepared_on=today, identity=_identity(client_id, client.details, client.display_name),
        practitioner=_practitioner(sessions), units=tuple(
            _unit(u, client_id, legal_only) for u in units),
        related=related, diagnoses=_diagnoses(notes), notes=notes, sessions=attended,
        releases=_releases(sessions, client_id, today),
        letters=_letters(sessions, client_id), disclosures=_disclosures(sessions, client_id),
        withheld=tuple(withheld), measures=gather_measures(sessions, client_id, known),
        plans=gather_plans(sessions, client_id, [(u.id, u.kind) for u in units]),
        billing=gather_billing(sessions, client_id),
    )


def _identity(client_id: int, d: ClientDetails, name: str) -> Identity:
    return Identity(
        client_id=client_id, name=name, legal_name=d.legal_name, pronouns=d.pronouns,
        gender_identity=d.gender_identity, date_of_birth=d.date_of_birth, state=d.state,
        phone=d.phone, email=d.email, address=d.address, emergency_name=d.emergency_name,
        emergency_phone=d.emergency_phone, emergency_relationship=d.emergency_relationship,
    )


def _practitioner(sessions: sessionmaker[Session]) -> Practitioner:
    profile = load_profile(sessions)
    return Practitioner(
        practice_name=profile.practice_name or profile.therapist_name,
        therapist_name=profile.therapist_name, credentials=profile.credentials,
        licences=tuple(f"{lic.state} {lic.kind} {lic.number}".replace("  ", " ")
                       for lic in profile.licences),
        address_lines=profile.address_lines, phone=profile.phone, email=profile.email,
    )


def _known_names(session: Session, people: set[int]) -> dict[int, str]:
    rows = session.execute(select(Client.id, Client.chosen_name, Client.legal_name)
                           .where(Client.id.in_(sorted(people))))
    return {pid: chosen or legal for pid, chosen, legal in rows}


def _legal_only_names(session: Session, people: set[int]) -> tuple[OtherPerson, ...]:
    """Other people's legal names where the client knows them by another one."""
    rows = session.execute(select(Client.id, Client.chosen_name, Client.legal_name)
                           .where(Client.id.in_(sorted(people))))
    return tuple(OtherPerson(pid, (legal,)) for pid, chosen, legal in rows
                 if chosen and chosen != legal)


def _unit(unit: UnitView, client_id: int, legal_only: tuple[OtherPerson, ...]) -> UnitRecord:
    known = [m.display_name for m in unit.members]
    label = unit.label
    # A label typed as "Ruiz-Cole" could carry a legal name the client does not know.
    if label and names_found({"label": label}, legal_only, known):
        label = None
    return UnitRecord(
        unit_id=unit.id, kind=unit.kind, label=label, opened_on=unit.opened_on,
        closed_on=unit.closed_on, agreement=unit.agreement.kind if unit.agreement else None,
        members=tuple(Member(m.display_name, m.client_id == client_id, m.joined_on, m.left_on)
                      for m in unit.members),
    )


def _notes(session: Session, client_id: int, units: tuple[UnitView, ...],
           withheld: list[Withheld]) -> tuple[NoteRecord, ...]:
    attended = set(session.scalars(
        select(NoteAttendee.note_id).where(NoteAttendee.client_id == client_id)))
    shared = {u.id: u for u in units if u.kind != "individual"}
    unit_notes = set(session.scalars(
        select(ProgressNote.id).where(ProgressNote.unit_id.in_(sorted(shared)))))
    found: list[NoteRecord] = []
    for note_id in sorted(attended | unit_notes):
        view = note_view(session, note_id)
        day = view.header.session_date
        if note_id in attended:
            if not view.is_signed:
                withheld.append(Withheld(f"Progress note of {day.isoformat()}", UNSIGNED))
                continue
            found.append(_note(view, client_id, withheld, None))
            continue
        unit = shared[view.unit_id]
        mine = next(m for m in unit.members if m.client_id == client_id)
        if not view.is_signed or not mine.current_on(day):
            continue  # another member's draft, or a session before the client joined
        agreement = unit.agreement
        # Only what was said under a no-secrets agreement is shared: a session held before
        # the unit agreed to it was spoken in confidence, whatever the unit agreed later.
        if (agreement is not None and agreement.kind == "no_secrets"
                and agreement.agreed_on is not None and agreement.agreed_on <= day):
            found.append(_note(view, client_id, withheld, SHARED_NO_SECRETS))
        else:
            # Undated and unnamed: the list is printed in the copy, and even the day of
            # another member's session is theirs.
            withheld.append(Withheld(
                "A progress note from another member's individual session",
                HELD_SEPARATELY if unit.agreement is not None else NO_AGREEMENT))
    return tuple(sorted(found, key=lambda n: (n.session_date, n.note_id)))


def _note(view: NoteView, client_id: int, withheld: list[Withheld], shared: str | None
          ) -> NoteRecord:
    assert view.signature is not None
    day = view.header.session_date
    addenda = []
    for addendum in view.addenda:
        if addendum.signature is None:
            withheld.append(Withheld(f"Addendum to the note of {day.isoformat()}", UNSIGNED))
        else:
            addenda.append(AddendumRecord(addendum.body, addendum.signature))
    return NoteRecord(
        note_id=view.id, session_date=day, format=view.header.format,
        attendees=tuple(a.display_name for a in view.attendees), sections=view.sections,
        diagnoses=tuple(DiagnosisRecord(d.code, d.description, day, day)
                        for d in view.diagnoses if d.client_id == client_id),
        procedures=view.procedures, signature=view.signature, addenda=tuple(addenda),
        appointment_id=view.header.appointment_id, shared_because=shared,
    )


def _diagnoses(notes: tuple[NoteRecord, ...]) -> tuple[DiagnosisRecord, ...]:
    seen: dict[str, DiagnosisRecord] = {}
    for note in notes:  # oldest first: the first keeps its date, the latest its wording
        for d in note.diagnoses:
            first = seen[d.code].first_on if d.code in seen else d.first_on
            seen[d.code] = DiagnosisRecord(d.code, d.description, first, d.last_on)
    return tuple(sorted(seen.values(), key=lambda d: (d.first_on, d.code)))


def _sessions(session: Session, client_id: int) -> tuple[SessionRecord, ...]:
    rows = session.scalars(
        select(AppointmentRecord)
        .join(AppointmentClient, AppointmentClient.appointment_id == AppointmentRecord.id)
        .where(AppointmentClient.client_id == client_id, AppointmentRecord.status == "completed")
        .order_by(AppointmentRecord.start_utc, AppointmentRecord.id))
    return tuple(
        SessionRecord(r.id, _local(r.start_utc, r.zone), r.duration_minutes, r.location,
                      r.cpt_code)
        for r in rows
    )


def _local(moment: datetime, zone: str) -> datetime:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(zone))


def _recipients(sessions: sessionmaker[Session]) -> tuple[dict[int, str], dict[int, str]]:
    providers = {}
    for p in list_providers(sessions):
        creds = f", {p.details.credentials}" if p.details.credentials else ""
        org = f" ({p.organisation_name})" if p.organisation_name else ""
        providers[p.id] = f"{p.details.name}{creds}{org}"
    organisations = {o.id: o.details.name for o in list_organisations(sessions)}
    return providers, organisations


def _releases(sessions: sessionmaker[Session], client_id: int, today: date
              ) -> tuple[ReleaseRecord, ...]:
    providers, organisations = _recipients(sessions)
    records = []
    for r in list_releases(sessions, client_id):
        d = r.details
        recipient = (providers.get(d.provider_id, "") if d.provider_id is not None
                     else organisations.get(d.organisation_id or 0, ""))
        records.append(ReleaseRecord(
            r.id, recipient, d.purpose, tuple(sorted(d.scopes)), d.signed_on, d.expires_on,
            r.revoked_on, r.state_on(today)))
    return tuple(records)


def _letters(sessions: sessionmaker[Session], client_id: int) -> tuple[LetterRecord, ...]:
    providers, _ = _recipients(sessions)
    found = []
    for summary in sorted(list_letters(sessions, client_id),
                          key=lambda s: (s.letter_date, s.id)):
        issued = get_letter(sessions, summary.id)
        with sessions.begin() as s:
            # As the accounting shows it: a purpose naming someone else reads neutrally.
            purpose = purpose_for_member(s, client_id, summary.purpose, subject_id=client_id)
        found.append(LetterRecord(
            summary.id, summary.letter_date, summary.issued_at,
            providers.get(summary.provider_id, ""), purpose, summary.superseded_by,
            issued.pdf))
    return tuple(found)


def _disclosures(sessions: sessionmaker[Session], client_id: int
                 ) -> tuple[DisclosureLine, ...]:
    return tuple(
        DisclosureLine(d.disclosed_on, d.recipient.description, what_was_disclosed(d),
                       d.purpose)
        for d in list_disclosures(sessions, client_id)
    )
