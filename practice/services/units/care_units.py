"""Care units: who is treated together, who joined and left when, and what they agreed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import NotFound, ValidationError
from practice.models.clients import Client
from practice.models.units import CareUnit, UnitMember
from practice.services.common import Shared, id_chunks, load, utcnow
from practice.store.audit import record
from practice.text.keys import clean_line

UnitKind = Literal["individual", "couple", "polycule"]
Confidentiality = Literal["no_secrets", "individual_private", "other"]
UNIT_KINDS: tuple[UnitKind, ...] = get_args(UnitKind)
CONFIDENTIALITY: tuple[Confidentiality, ...] = get_args(Confidentiality)

_SIZE_RULE: dict[UnitKind, str] = {
    "individual": "An individual unit has exactly one current member.",
    "couple": "A couple has exactly two current members.",
    "polycule": "A polycule has three or more current members.",
}


@dataclass(frozen=True, slots=True)
class Membership:
    """One client's time in a unit."""

    client_id: int
    display_name: str
    joined_on: date
    left_on: date | None

    def current_on(self, day: date) -> bool:
        """Whether the client was a member on ``day`` (a member who left that day was not)."""
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


@dataclass(frozen=True, slots=True)
class Agreement:
    """What the unit agreed about secrets between individual and joint sessions."""

    kind: Confidentiality
    text: str | None = None
    agreed_on: date | None = None


@dataclass(frozen=True, slots=True)
class UnitView:
    """A care unit with its whole membership history."""

    id: int
    kind: UnitKind
    label: str | None
    opened_on: date
    closed_on: date | None
    agreement: Agreement | None
    members: tuple[Membership, ...]

    @property
    def current_members(self) -> tuple[Membership, ...]:
        """Members who have not left."""
        return tuple(m for m in self.members if m.left_on is None)

    def members_on(self, day: date) -> tuple[Membership, ...]:
        """Members on a given day."""
        return tuple(m for m in self.members if m.current_on(day))

    @property
    def display_name(self) -> str:
        """The label, or the current members' names joined."""
        names = [m.display_name for m in self.current_members or self.members]
        return self.label or " & ".join(names)


def size_fits(kind: UnitKind, count: int) -> bool:
    """Whether a unit of ``kind`` may have ``count`` current members."""
    return {"individual": count == 1, "couple": count == 2, "polycule": count >= 3}[kind]


def _check_kind(kind: str) -> UnitKind:
    if kind not in UNIT_KINDS:
        raise ValidationError("Unit kind must be individual, couple or polycule.")
    return kind


def unit_view(session: Session, unit_id: int) -> UnitView:
    """Read one unit inside an open session (for other services).

    Raises:
        NotFound: No such unit.
    """
    unit = load(session, CareUnit, unit_id, "care unit")
    rows = session.execute(
        select(UnitMember, Client.chosen_name, Client.legal_name)
        .join(Client, Client.id == UnitMember.client_id)
        .where(UnitMember.unit_id == unit_id)
        .order_by(UnitMember.joined_on, UnitMember.id)
    ).all()
    members = tuple(
        Membership(m.client_id, chosen or legal, m.joined_on, m.left_on)
        for m, chosen, legal in rows
    )
    agreement = _agreement(unit.confidentiality, unit.confidentiality_text,
                           unit.confidentiality_agreed_on)
    return UnitView(unit.id, unit.kind, unit.label, unit.opened_on,  # type: ignore[arg-type]
                    unit.closed_on, agreement, members)


def _require_clients(session: Session, client_ids: Iterable[int]) -> None:
    wanted = set(client_ids)
    found = set(session.scalars(select(Client.id).where(Client.id.in_(wanted))))
    if wanted - found:
        raise NotFound("One of the chosen clients does not exist.")


def create_unit(
    sessions: sessionmaker[Session], kind: UnitKind, client_ids: Sequence[int], *,
    opened_on: date, label: str | None = None,
) -> UnitView:
    """Open a care unit with its first members (each stays one client record).

    Args:
        sessions: The store's sessionmaker.
        kind: "individual", "couple" or "polycule".
        client_ids: The members, who join on ``opened_on``.
        opened_on: The date treatment of this unit began.
        label: An optional name for the unit.

    Returns:
        The new unit.

    Raises:
        ValidationError: The number of members does not fit the kind, or one is repeated.
        NotFound: A client does not exist.
    """
    kind = _check_kind(kind)
    if len(set(client_ids)) != len(client_ids):
        raise ValidationError("A person can be a member of a unit only once at a time.")
    if not size_fits(kind, len(client_ids)):
        raise ValidationError(_SIZE_RULE[kind])
    clean_label = clean_line(label, "Unit name", max_len=200)
    with sessions.begin() as s:
        _require_clients(s, client_ids)
        unit = CareUnit(kind=kind, label=clean_label, opened_on=opened_on, created_at=utcnow())
        s.add(unit)
        s.flush()
        s.add_all(UnitMember(unit_id=unit.id, client_id=c, joined_on=opened_on) for c in client_ids)
        s.flush()
        record(s, "unit.create", entity="care_unit", entity_id=unit.id, kind=kind,
               members=len(client_ids))
        return unit_view(s, unit.id)


def change_members(
    sessions: sessionmaker[Session], unit_id: int, *, on: date, add: Sequence[int] = (),
    remove: Sequence[int] = (), kind: UnitKind | None = None,
) -> UnitView:
    """Record members leaving and joining on a date, and optionally a change of kind.

    The history is kept: a member who leaves keeps their row with its leaving date.

    Raises:
        ValidationError: The result does not fit the unit's kind, the unit is closed,
            someone to remove is not a current member, or someone to add already is.
        NotFound: No such unit or client.
    """
    with sessions.begin() as s:
        unit = load(s, CareUnit, unit_id, "care unit")
        if unit.closed_on is not None:
            raise ValidationError("This unit is closed; open a new one instead.")
        new_kind = _check_kind(kind or unit.kind)
        current = {m.client_id: m for m in _current_rows(s, unit_id)}
        _check_change(current, add, remove, on, new_kind)
        _require_clients(s, add)
        for client_id in remove:  # leave first, so the store's size triggers see the end state
            current[client_id].left_on = on
        s.flush()
        unit.kind = new_kind
        s.flush()
        s.add_all(UnitMember(unit_id=unit_id, client_id=c, joined_on=on) for c in add)
        s.flush()
        record(s, "unit.members", entity="care_unit", entity_id=unit_id, added=len(add),
               removed=len(remove), kind=new_kind)
        return unit_view(s, unit_id)


def _current_rows(session: Session, unit_id: int) -> list[UnitMember]:
    return list(session.scalars(
        select(UnitMember).where(UnitMember.unit_id == unit_id, UnitMember.left_on.is_(None))
    ))


def _check_change(
    current: dict[int, UnitMember], add: Sequence[int], remove: Sequence[int], on: date,
    kind: UnitKind,
) -> None:
    if any(c not in current for c in remove):
        raise ValidationError("Only a current member can leave a unit.")
    if any(current[c].joined_on > on for c in remove):
        raise ValidationError("A member cannot leave before they joined.")
    if any(c in current and c not in remove for c in add) or len(set(add)) != len(add):
        raise ValidationError("A person can be a member of a unit only once at a time.")
    if not size_fits(kind, len(current) - len(remove) + len(add)):
        raise ValidationError(_SIZE_RULE[kind])


def close_unit(sessions: sessionmaker[Session], unit_id: int, on: date) -> UnitView:
    """Close a unit: every current member leaves on ``on``; the history stays.

    Raises:
        ValidationError: Already closed, or ``on`` is before the unit opened or a member joined.
        NotFound: No such unit.
    """
    with sessions.begin() as s:
        unit = load(s, CareUnit, unit_id, "care unit")
        if unit.closed_on is not None:
            raise ValidationError("This unit is already closed.")
        rows = _current_rows(s, unit_id)
        if on < unit.opened_on or any(m.joined_on > on for m in rows):
            raise ValidationError("A unit cannot close before it opened or a member joined.")
        for m in rows:
            m.left_on = on
        unit.closed_on = on
        record(s, "unit.close", entity="care_unit", entity_id=unit_id)
        s.flush()
        return unit_view(s, unit_id)


def set_agreement(
    sessions: sessionmaker[Session], unit_id: int, agreement: Agreement
) -> UnitView:
    """Record the unit's confidentiality agreement.

    Raises:
        ValidationError: Unknown kind, or "other" without words.
        NotFound: No such unit.
    """
    if agreement.kind not in CONFIDENTIALITY:
        raise ValidationError("Confidentiality must be no_secrets, individual_private or other.")
    text = clean_line(agreement.text, "Agreement", max_len=2000)
    if agreement.kind == "other" and text is None:
        raise ValidationError("Agreement is required when the kind is other.")
    with sessions.begin() as s:
        unit = load(s, CareUnit, unit_id, "care unit")
        unit.confidentiality, unit.confidentiality_text = agreement.kind, text
        unit.confidentiality_agreed_on = agreement.agreed_on
        record(s, "unit.agreement", entity="care_unit", entity_id=unit_id, kind=agreement.kind)
        s.flush()
        return unit_view(s, unit_id)


def get_unit(sessions: sessionmaker[Session], unit_id: int) -> UnitView:
    """Read one unit.

    Raises:
        NotFound: No such unit.
    """
    with sessions.begin() as s:
        return unit_view(s, unit_id)


def list_units(sessions: sessionmaker[Session]) -> tuple[UnitView, ...]:
    """Every care unit with its whole membership history, in two queries, by id.

    Screens that show the practice as a whole use this; reading unit by unit costs a
    query each, which a practice with thousands of clients notices.
    """
    with sessions.begin() as s:
        return _units_where(s, None)


def units_by_id(sessions: sessionmaker[Session], unit_ids: Iterable[int]
                ) -> tuple[UnitView, ...]:
    """The named care units with their membership histories, by id (unknown ids are skipped).

    Two queries per few hundred ids, however many are asked for: for screens that name a
    handful of units (today's sessions) without reading the whole practice.

    Args:
        sessions: The store's sessionmaker.
        unit_ids: The units wanted.

    Returns:
        The units found, in id order.
    """
    with sessions.begin() as s:
        found = [unit for chunk in id_chunks(unit_ids)
                 for unit in _units_where(s, CareUnit.id.in_(chunk))]
    return tuple(found)


def current_unit_kinds(
    sessions: sessionmaker[Session], client_ids: Iterable[int] | None = None
) -> dict[int, frozenset[str]]:
    """The kinds of unit each client currently belongs to, in one query.

    Args:
        sessions: The store's sessionmaker.
        client_ids: The clients wanted; None for every client.

    Returns:
        Kinds by client id; a client in no current unit is absent.
    """
    stmt = (select(UnitMember.client_id, CareUnit.kind)
            .join(CareUnit, CareUnit.id == UnitMember.unit_id)
            .where(UnitMember.left_on.is_(None)))
    chunks: list[list[int] | None] = [None]
    if client_ids is not None:
        chunks = list(id_chunks(client_ids))
    kinds: dict[int, set[str]] = {}
    with sessions.begin() as s:
        for chunk in chunks:
            limited = stmt if chunk is None else stmt.where(UnitMember.client_id.in_(chunk))
            for client_id, kind in s.execute(limited):
                kinds.setdefault(client_id, set()).add(kind)
    shared = Shared()  # ten thousand clients in one individual unit: one frozenset
    return {client_id: shared(frozenset(found)) for client_id, found in kinds.items()}


def _units_where(session: Session, condition: ColumnElement[bool] | None
                 ) -> tuple[UnitView, ...]:
    # Plain columns, not ORM objects: building an identity-mapped object per row was most
    # of the cost of listing ten thousand units. Core rows come one at a time (no list of
    # every raw row at once) and are unpacked by position, cheaper than by name.
    unit_stmt = select(CareUnit.id, CareUnit.kind, CareUnit.label, CareUnit.opened_on,
                       CareUnit.closed_on, CareUnit.confidentiality,
                       CareUnit.confidentiality_text,
                       CareUnit.confidentiality_agreed_on).order_by(CareUnit.id)
    if condition is not None:
        unit_stmt = unit_stmt.where(condition)
    shared = Shared()
    members = _members_where(session, condition, shared)
    return tuple(
        UnitView(unit_id, shared(kind), label,  # type: ignore[arg-type]
                 shared(opened), shared(closed), _agreement(terms, terms_text, agreed),
                 members.get(unit_id, ()))
        for unit_id, kind, label, opened, closed, terms, terms_text, agreed
        in session.connection().execute(unit_stmt)
    )


def _members_where(session: Session, condition: ColumnElement[bool] | None, shared: Shared
                   ) -> dict[int, tuple[Membership, ...]]:
    # In unit order (the index's), then in joining order here: with SQLCipher's memory
    # security on, having SQLite sort ten thousand rows took ten times as long as reading.
    stmt = (
        select(UnitMember.unit_id, UnitMember.joined_on, UnitMember.id, UnitMember.client_id,
               Client.chosen_name, Client.legal_name, UnitMember.left_on)
        .join(Client, Client.id == UnitMember.client_id)
        .join(CareUnit, CareUnit.id == UnitMember.unit_id)
        .order_by(UnitMember.unit_id)
    )
    if condition is not None:
        stmt = stmt.where(condition)
    found: dict[int, list[tuple[date, int, Membership]]] = {}
    for unit_id, joined, member_id, client_id, chosen, legal, left in (
            session.connection().execute(stmt)):
        found.setdefault(unit_id, []).append(
            (joined, member_id,
             Membership(client_id, chosen or legal, shared(joined), shared(left))))
    return {unit_id: tuple(m for _on, _id, m in sorted(listed))
            for unit_id, listed in found.items()}


def _agreement(kind: str | None, text: str | None, agreed_on: date | None
               ) -> Agreement | None:
    if kind is None:
        return None
    return Agreement(kind, text, agreed_on)  # type: ignore[arg-type]


def units_of_client(
    sessions: sessionmaker[Session], client_id: int, *, current_only: bool = False
) -> tuple[UnitView, ...]:
    """Every unit a client belongs (or belonged) to, oldest first."""
    stmt = select(UnitMember.unit_id).where(UnitMember.client_id == client_id)
    if current_only:
        stmt = stmt.where(UnitMember.left_on.is_(None))
    with sessions.begin() as s:
        return _units_where(s, CareUnit.id.in_(stmt))
