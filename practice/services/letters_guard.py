"""Keeping other people out of a client's letter: partners' names, and copies by unsafe channels.

A letter about one member of a couple or polycule carries that member's information only.
The record it is built from already leaves other members out; the one way back in is text
the therapist types (a treatment summary that mentions a partner by name). This module finds
such names, case- and accent-insensitively, for everyone who shares a unit or a relationship
with the client and has not authorized the same recipients themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from practice.errors import ValidationError
from practice.models.clients import Client
from practice.models.units import Relationship, UnitMember
from practice.services.clients import ChannelName
from practice.services.releases import Scope, check_disclosure
from practice.services.text import tokens

# A name word shorter than this (mostly particles: "de", "la", "al") is matched only as part
# of the full name, never on its own.
_MIN_NAME_WORD = 3


@dataclass(frozen=True)
class OtherPerson:
    """Someone close to the client whose name must not reach the letter's recipients."""

    client_id: int
    names: tuple[str, ...]


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
        Each such person with their legal and chosen names.
    """
    wanted = tuple(recipients)
    people = _connected(session, client_id)
    blocked = [
        person for person in sorted(people)
        if not all(check_disclosure(session, person, r, on, scopes).allowed for r in wanted)
    ]
    rows = session.execute(
        select(Client.id, Client.legal_name, Client.chosen_name).where(Client.id.in_(blocked))
    )
    return tuple(
        OtherPerson(pid, tuple(n for n in (legal, chosen) if n)) for pid, legal, chosen in rows
    )


def _phrases(person: OtherPerson, allowed: frozenset[str]) -> set[tuple[str, ...]]:
    """Word sequences that would identify ``person``: full names and their longer words."""
    phrases: set[tuple[str, ...]] = set()
    for name in person.names:
        words = tuple(tokens(name))
        if words:
            phrases.add(words)
        phrases |= {(w,) for w in words if len(w) >= _MIN_NAME_WORD and w not in allowed}
    return phrases


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


def names_found(
    texts: Mapping[str, str], others: Iterable[OtherPerson], own_names: Iterable[str]
) -> list[str]:
    """Name the fields whose text mentions one of ``others``.

    Matching is by whole words, case- and accent-insensitive ("ZOË" finds "Zoe"). A word
    shared with the client's own names or the recipient's is not counted on its own.

    Args:
        texts: Field name to text, as the therapist typed it.
        others: The people who must not be named.
        own_names: Names that may appear (the client's, the recipient's).

    Returns:
        The offending field names, in ``texts`` order; empty when none.
    """
    allowed = frozenset(w for name in own_names for w in tokens(name))
    phrases: set[tuple[str, ...]] = set()
    for person in others:
        phrases |= _phrases(person, allowed)
    found = []
    for field, text in texts.items():
        words = tokens(text)
        if any(_contains(words, phrase) for phrase in phrases):
            found.append(field)
    return found


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
