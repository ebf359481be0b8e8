"""Finding the client or provider a command names: by id, or by name in any script.

A name matches a client's chosen or legal name, or a provider's name, ignoring case and
accents ("zoe" finds "Zoë"); the whole name first, then names holding every word typed.
More than one match is refused with the candidates, for the therapist to pick by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import Ambiguous, NotFound
from practice.models.clients import Client
from practice.models.providers import Provider
from practice.text.keys import tokens


@dataclass(frozen=True)
class Candidate:
    """A record a name could mean: its id and the name to show the therapist."""

    id: int
    label: str


class AmbiguousName(Ambiguous):
    """More than one record matches; ``candidates`` lists them (never put in logs)."""

    def __init__(self, what: str, candidates: Iterable[Candidate]) -> None:
        super().__init__(f"More than one {what} matches that name; give the id instead.")
        self.candidates = tuple(candidates)


@dataclass(frozen=True)
class _Row:
    candidate: Candidate
    names: tuple[tuple[str, ...], ...]


def _match(rows: list[_Row], typed: str, what: str) -> int:
    wanted = tuple(tokens(typed))
    if not wanted:
        raise NotFound(f"Give the {what}'s name or id.")
    exact = [r for r in rows if wanted in r.names]
    found = exact or [r for r in rows if any(set(wanted) <= set(n) for n in r.names)]
    if not found:
        raise NotFound(f"No {what} matches that name.")
    if len(found) > 1:
        raise AmbiguousName(what, (r.candidate for r in found))
    return found[0].candidate.id


def _by_id(session: Session, model: type[Client] | type[Provider], typed: str, what: str
           ) -> int | None:
    if not typed.strip().isdecimal():
        return None
    record_id = int(typed.strip())
    if session.get(model, record_id) is None:
        raise NotFound(f"No {what} with id {record_id} exists.")
    return record_id


def find_client(sessions: sessionmaker[Session], typed: str) -> int:
    """Find a client by id, chosen name or legal name.

    Raises:
        NotFound: Nobody matches.
        AmbiguousName: Several clients match (listed by id and chosen name).
    """
    with sessions() as s:
        found = _by_id(s, Client, typed, "client")
        if found is not None:
            return found
        rows = [
            _Row(Candidate(cid, chosen or legal),
                 tuple(tuple(tokens(n)) for n in (chosen, legal) if n))
            for cid, chosen, legal in s.execute(
                select(Client.id, Client.chosen_name, Client.legal_name).order_by(Client.id))
        ]
    return _match(rows, typed, "client")


def find_provider(sessions: sessionmaker[Session], typed: str) -> int:
    """Find a provider by id or name.

    Raises:
        NotFound: Nobody matches.
        AmbiguousName: Several providers match (listed by id, name and credentials).
    """
    with sessions() as s:
        found = _by_id(s, Provider, typed, "provider")
        if found is not None:
            return found
        rows = [
            _Row(Candidate(pid, f"{name}, {creds}" if creds else name), (tuple(tokens(name)),))
            for pid, name, creds in s.execute(
                select(Provider.id, Provider.name, Provider.credentials).order_by(Provider.id))
        ]
    return _match(rows, typed, "provider")
