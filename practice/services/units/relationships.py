"""The relationship graph inside a unit: typed, dated edges; metamours derived, never stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Literal, get_args

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.units import PARTNER_KINDS, Relationship
from practice.services.common import load
from practice.services.units.care_units import unit_view
from practice.store.audit import record
from practice.text.keys import clean_line

RelationshipKind = Literal[
    "partner", "spouse", "nesting_partner", "co_parent", "former_partner", "other"
]
RELATIONSHIP_KINDS: tuple[RelationshipKind, ...] = get_args(RelationshipKind)
_METAMOUR_IS_DERIVED = (
    "Metamours are worked out from the partner relationships; record those instead."
)


@dataclass(frozen=True)
class Edge:
    """A relationship between two clients (``a_id`` < ``b_id``)."""

    id: int
    a_id: int
    b_id: int
    kind: RelationshipKind
    label: str | None
    started_on: date | None
    ended_on: date | None

    def current_on(self, day: date) -> bool:
        """Whether the relationship was going on that day (it ends on its end date)."""
        started = self.started_on is None or self.started_on <= day
        return started and (self.ended_on is None or self.ended_on > day)

    @property
    def is_partnership(self) -> bool:
        """Partner, spouse or nesting partner: the edges metamours are derived from."""
        return self.kind in PARTNER_KINDS


@dataclass(frozen=True)
class Metamour:
    """Two members who share a partner and are not partners themselves."""

    a_id: int
    b_id: int
    shared_partner_ids: tuple[int, ...]


@dataclass(frozen=True)
class UnitGraph:
    """A unit's members on a day, the edges between them, and the metamours they imply."""

    unit_id: int
    on: date
    member_ids: tuple[int, ...]
    edges: tuple[Edge, ...]
    metamours: tuple[Metamour, ...]


def derive_metamours(
    member_ids: Iterable[int], edges: Iterable[Edge], on: date
) -> tuple[Metamour, ...]:
    """Work out the metamours among members from the partnerships current on a day.

    Args:
        member_ids: The members to consider.
        edges: Relationships among them (others are ignored).
        on: The day.

    Returns:
        Each metamour pair once, lower id first.
    """
    members = sorted(set(member_ids))
    partners: dict[int, set[int]] = {m: set() for m in members}
    for edge in edges:
        among = edge.a_id in partners and edge.b_id in partners
        if edge.is_partnership and edge.current_on(on) and among:
            partners[edge.a_id].add(edge.b_id)
            partners[edge.b_id].add(edge.a_id)
    found = []
    for a, b in combinations(members, 2):
        shared = partners[a] & partners[b]
        if shared and b not in partners[a]:
            found.append(Metamour(a, b, tuple(sorted(shared))))
    return tuple(found)


def _edge(row: Relationship) -> Edge:
    return Edge(row.id, row.person_a_id, row.person_b_id, row.kind,  # type: ignore[arg-type]
                row.label, row.started_on, row.ended_on)


def _edges_among(session: Session, member_ids: Iterable[int]) -> list[Edge]:
    ids = list(member_ids)
    rows = session.scalars(
        select(Relationship).where(
            Relationship.person_a_id.in_(ids), Relationship.person_b_id.in_(ids)
        ).order_by(Relationship.id)
    )
    return [_edge(r) for r in rows]


def add_relationship(
    sessions: sessionmaker[Session], unit_id: int, a_id: int, b_id: int,
    kind: RelationshipKind, *, label: str | None = None, started_on: date | None = None,
) -> Edge:
    """Record a relationship between two current members of a unit.

    Args:
        sessions: The store's sessionmaker.
        unit_id: The unit in whose work the relationship is recorded.
        a_id: One member.
        b_id: The other member.
        kind: Partner, spouse, nesting partner, co-parent, former partner or other.
        label: Words for the relationship (required for "other").
        started_on: When it began, if known.

    Returns:
        The stored edge.

    Raises:
        ValidationError: "metamour" (derived, never recorded), an unknown kind, the same
            person twice, someone not a current member, a missing label, or the same
            relationship already recorded.
        NotFound: No such unit.
    """
    if str(kind) == "metamour":
        raise ValidationError(_METAMOUR_IS_DERIVED)
    if kind not in RELATIONSHIP_KINDS:
        raise ValidationError("Unknown relationship kind.")
    if a_id == b_id:
        raise ValidationError("A relationship needs two different people.")
    clean_label = clean_line(label, "Relationship label", max_len=100, required=kind == "other")
    low, high = sorted((a_id, b_id))
    with sessions.begin() as s:
        current = {m.client_id for m in unit_view(s, unit_id).current_members}
        if not {low, high} <= current:
            raise ValidationError("Both people must be current members of the unit.")
        if any(e.kind == kind and e.ended_on is None and {e.a_id, e.b_id} == {low, high}
               for e in _edges_among(s, (low, high))):
            raise ValidationError("This relationship is already recorded.")
        row = Relationship(person_a_id=low, person_b_id=high, kind=kind, label=clean_label,
                           started_on=started_on)
        s.add(row)
        s.flush()
        record(s, "relationship.add", entity="relationship", entity_id=row.id, kind=kind,
               unit_id=unit_id)
        return _edge(row)


def end_relationship(
    sessions: sessionmaker[Session], relationship_id: int, ended_on: date
) -> Edge:
    """Record the end of a relationship; the edge stays, with its end date.

    Raises:
        ValidationError: Already ended, or an end before the start.
        NotFound: No such relationship.
    """
    with sessions.begin() as s:
        row = load(s, Relationship, relationship_id, "relationship")
        if row.ended_on is not None:
            raise ValidationError("This relationship has already ended.")
        if row.started_on is not None and ended_on < row.started_on:
            raise ValidationError("A relationship cannot end before it started.")
        row.ended_on = ended_on
        record(s, "relationship.end", entity="relationship", entity_id=relationship_id)
        return _edge(row)


def unit_graph(sessions: sessionmaker[Session], unit_id: int, on: date) -> UnitGraph:
    """Return a unit's relationship graph on a day, with its derived metamours.

    Raises:
        NotFound: No such unit.
    """
    with sessions.begin() as s:
        member_ids = tuple(sorted(m.client_id for m in unit_view(s, unit_id).members_on(on)))
        edges = tuple(_edges_among(s, member_ids))
    return UnitGraph(unit_id, on, member_ids, edges, derive_metamours(member_ids, edges, on))


def relationships_of(sessions: sessionmaker[Session], client_id: int) -> tuple[Edge, ...]:
    """Every relationship recorded for a client, past and present."""
    stmt = select(Relationship).where(
        or_(Relationship.person_a_id == client_id, Relationship.person_b_id == client_id)
    ).order_by(Relationship.id)
    with sessions.begin() as s:
        return tuple(_edge(r) for r in s.scalars(stmt))
