"""Keeping other people out of a client's letter: partners' names, and copies by unsafe channels.

A letter about one member of a couple or polycule carries that member's information only.
The record it is built from already leaves other members out; the one way back in is text
the therapist types (a treatment summary that mentions a partner by name). This module finds
such names, however typed (see ``practice.text.lookalike``), for everyone who shares a
unit or a relationship with the client and has not authorized the same recipients themselves.
Diagnoses recorded for those people are kept out the same way. It also decides what each
member's accounting of disclosures may say of a joint letter's
purpose (``purpose_for_member``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from practice.errors import ValidationError
from practice.models.clients import Client
from practice.models.notes import NoteDiagnosis
from practice.models.units import Relationship, UnitMember
from practice.services.clients import ChannelName
from practice.services.notes.codes import describe, diagnosis_codes, normalise_diagnosis
from practice.services.releases import Scope, check_disclosure
from practice.text.lookalike import NameMatcher, reading_form, words

#: What a member's accounting of disclosures shows for a letter whose purpose line would
#: name someone else or a diagnosis that is not theirs to see.
NEUTRAL_PURPOSE = "Coordination of care"

# Words of diagnosis titles that say nothing about whose diagnosis it is or what it is.
_GENERIC_DIAGNOSIS_WORDS = frozenset((
    "acute", "arousal", "attitude", "behavior", "childhood", "chronic", "combined", "concerns",
    "condition", "conduct", "counseling", "desire", "disorder", "disorders", "disturbance",
    "dual", "dysfunction", "emotions", "episode", "episodic", "family", "features", "female",
    "gender", "identity", "known", "major", "male", "mild", "mixed", "moderate", "mood",
    "orientation", "other", "partner", "party", "patient", "physiological", "post", "problems",
    "reaction", "recurrent", "regarding", "related", "relationship", "role", "separation",
    "severe", "sexual", "single", "spouse", "stress", "substance", "symptoms", "third",
    "unspecified", "with", "without",
))
# Telling words that are everyday words in a coordination letter too ("performance anxiety",
# a "divorce"): in typed prose they count only inside the diagnosis's whole title.
_EVERYDAY_IN_LETTERS = frozenset((
    "adjustment", "anxiety", "aversion", "depressed", "depression", "depressive", "disruption",
    "divorce", "generalized", "panic", "premature", "psychotic", "traumatic",
))
# Anything shaped like an ICD-10-CM code ("F52.6", "f526").
_ICD_SHAPE = re.compile(r"(?<![0-9A-Za-z])[A-Za-z][0-9][0-9A-Za-z](?:\.?[0-9A-Za-z]{1,4})?"
                        r"(?![0-9A-Za-z])")


@dataclass(frozen=True)
class OtherPerson:
    """Someone close to the client whose name must not reach the letter's recipients.

    Attributes:
        client_id: Who.
        names: Their legal and chosen names.
        diagnoses: Terms of the diagnoses recorded for them that the client's own record
            does not share (see ``diagnosis_terms``): none of these may reach the letter.
    """

    client_id: int
    names: tuple[str, ...]
    diagnoses: tuple[str, ...] = ()


def _connected(session: Session, client_id: int) -> set[int]:
    """Everyone who ever shared a unit or a recorded relationship with the client."""
    units = select(UnitMember.unit_id).where(UnitMember.client_id == client_id)
    people = set(session.scalars(select(UnitMember.client_id).where(UnitMember.unit_id.in_(units))))
    for a, b in session.execute(
        select(Relationship.person_a_id, Relationship.person_b_id).where(
            or_(Relationship.person_a_id == client_id, Relationship.person_b_id == client_id))
    ):
        people |= {a, b}
    people.discard(client_id)
    return people


def others_without_release(
    session: Session, client_id: int, recipients: Iterable[int], on: date,
    scopes: frozenset[Scope],
) -> tuple[OtherPerson, ...]:
    """The people connected to the client who have not authorized every recipient.

    Args:
        session: An open session.
        client_id: Whom the letter is about.
        recipients: The provider ids receiving the letter or a copy.
        on: The letter's date.
        scopes: What the letter discloses.

    Returns:
        Each such person with their legal and chosen names and their diagnoses' terms.
    """
    wanted = tuple(recipients)
    people = _connected(session, client_id)
    blocked = [
        person for person in sorted(people)
        if not all(check_disclosure(session, person, r, on, scopes).allowed for r in wanted)
    ]
    codes: dict[int, set[str]] = {}
    for pid, code in session.execute(select(NoteDiagnosis.client_id, NoteDiagnosis.code)
                                     .where(NoteDiagnosis.client_id.in_([*blocked, client_id]))):
        codes.setdefault(pid, set()).add(code)
    own = {_folded(t) for t in diagnosis_terms(codes.get(client_id, ()), in_prose=True)}
    rows = session.execute(
        select(Client.id, Client.legal_name, Client.chosen_name).where(Client.id.in_(blocked))
    )
    return tuple(
        OtherPerson(pid, tuple(n for n in (legal, chosen) if n), tuple(
            t for t in diagnosis_terms(codes.get(pid, ()), in_prose=True)
            if _folded(t) not in own))
        for pid, legal, chosen in rows
    )


def _folded(term: str) -> str:
    return " ".join(w.folded for w in words(term))


def names_found(
    texts: Mapping[str, str], others: Iterable[OtherPerson], own_names: Iterable[str]
) -> list[str]:
    """Name the fields whose text mentions one of ``others``, or a diagnosis of theirs.

    Matching is by whole words as a reader sees them (``practice.text.lookalike``):
    case- and accent-insensitive ("ZOË" finds "Zoe"), blind to invisible characters (a soft
    hyphen or zero-width joiner inside a name) and to look-alike letters from another script
    (Cyrillic "а" for Latin "a"). A word shared with the client's own names or the
    recipient's is not counted on its own.

    Args:
        texts: Field name to text, as the therapist typed it.
        others: The people who must not be named.
        own_names: Names that may appear (the client's, the recipient's).

    Returns:
        The offending field names, in ``texts`` order; empty when none.
    """
    people = list(others)
    named = NameMatcher.of((n for person in people for n in person.names), own_names)
    diagnosed = NameMatcher.of_terms(t for person in people for t in person.diagnoses)
    found = []
    for field, text in texts.items():
        seen = words(text)
        if named.found_in(seen) or diagnosed.found_in(seen):
            found.append(field)
    return found


def diagnosis_terms(codes: Iterable[str], *, in_prose: bool = False) -> tuple[str, ...]:
    """The words that would tell a reader of these diagnoses.

    Args:
        codes: ICD-10-CM codes.
        in_prose: For the therapist's prose, where a false match refuses a letter: telling
            words that are also everyday words ("anxiety") count only in the whole title.

    Returns:
        Each code (with and without its dot), its title, and the title's telling words
        ("dyspareunia", "erectile"); words common in any letter ("disorder", "partner") are
        left out.
    """
    skip = _GENERIC_DIAGNOSIS_WORDS | (_EVERYDAY_IN_LETTERS if in_prose else frozenset())
    terms: dict[str, None] = {}
    for code in sorted(codes):
        cleaned = normalise_diagnosis(code)
        terms.update(dict.fromkeys((cleaned, cleaned.replace(".", ""))))
        title = describe("icd10cm", cleaned)
        if title:
            terms[title] = None
            terms.update(dict.fromkeys(
                w for w in re.findall(r"\w+", title.casefold())
                if len(w) >= 4 and w not in skip
            ))
    return tuple(terms)


def _names_of(session: Session, people: Iterable[int]) -> list[str]:
    rows = session.execute(
        select(Client.legal_name, Client.chosen_name).where(Client.id.in_(sorted(set(people)))))
    return [n for legal, chosen in rows for n in (legal, chosen) if n]


def purpose_for_member(session: Session, member_id: int, purpose: str, *, subject_id: int
                       ) -> str:
    """A letter's purpose as one member's accounting of disclosures may show it.

    A joint letter is logged against every attendee whose information it carries, and each
    may ask for their accounting. Each sees the purpose only when it names no one else
    connected to them (nor, for a member the letter is not about, the client it is about)
    and no diagnosis of theirs; a member the letter is not about sees no diagnosis at all.
    Otherwise the accounting says ``NEUTRAL_PURPOSE``.

    Args:
        session: An open session.
        member_id: Whose accounting.
        purpose: The letter's purpose line.
        subject_id: Whom the letter is about.

    Returns:
        ``purpose``, or ``NEUTRAL_PURPOSE``.
    """
    others = _connected(session, member_id) | ({subject_id} - {member_id})
    codes = set(session.scalars(
        select(NoteDiagnosis.code).where(NoteDiagnosis.client_id.in_(sorted(others)))))
    if member_id != subject_id:
        codes |= {info.code for info in diagnosis_codes()}
        if _ICD_SHAPE.search(reading_form(purpose)):
            return NEUTRAL_PURPOSE
    names = NameMatcher.of(_names_of(session, others), _names_of(session, {member_id}))
    if names.found_in(purpose) or NameMatcher.of_terms(diagnosis_terms(codes)).found_in(purpose):
        return NEUTRAL_PURPOSE
    return purpose


def copy_line(channel: ChannelName) -> str:
    """The cc line for the client's own copy, naming them only as the channel allows.

    Args:
        channel: From ``name_on_channel`` for the copy's channel.

    Returns:
        E.g. "A.R. (copy by post)", or "The client (copy by post)" when no name may appear.

    Raises:
        ValidationError: The client has not marked the channel safe: no copy goes that way.
    """
    if not channel.allowed:
        raise ValidationError(
            f"The client has not marked {channel.channel} as safe, so no copy of the letter "
            f"can be sent by {channel.channel}."
        )
    return f"{channel.name or 'The client'} (copy by {channel.channel})"
