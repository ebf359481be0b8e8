"""Care units and the relationship graph inside them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.clients import Client
from practice.services import units
from practice.services.units import Agreement, relationships
from practice.services.units.relationships import Edge, derive_metamours
from tests.core import factories as f

LATER = date(2025, 5, 1)


def test_one_person_in_two_units_is_one_client_record(sessions: sessionmaker[Session]) -> None:
    ana, ben = f.client(sessions, "Ana"), f.client(sessions, "Ben")
    solo = f.unit(sessions, "individual", ana)
    couple = f.unit(sessions, "couple", ana, ben)
    with sessions.begin() as s:
        assert s.scalar(select(func.count()).select_from(Client)) == 2
    assert [u.id for u in units.units_of_client(sessions, ana)] == [solo, couple]


def test_a_couple_cannot_have_a_third_current_member(sessions: sessionmaker[Session]) -> None:
    ana, ben, cy = (f.client(sessions, n) for n in ("Ana", "Ben", "Cy"))
    couple = f.unit(sessions, "couple", ana, ben)
    with pytest.raises(ValidationError, match="exactly two"):
        units.change_members(sessions, couple, on=LATER, add=[cy])
    assert len(units.get_unit(sessions, couple).current_members) == 2


@pytest.mark.parametrize(
    ("kind", "count"), [("individual", 2), ("couple", 1), ("couple", 3), ("polycule", 2)]
)
def test_a_unit_is_opened_only_with_the_members_its_kind_allows(
    sessions: sessionmaker[Session], kind: units.UnitKind, count: int,
) -> None:
    ids = [f.client(sessions, f"P{i}") for i in range(count)]
    with pytest.raises(ValidationError):
        units.create_unit(sessions, kind, ids, opened_on=f.OPENED)


def test_leaving_keeps_the_history(sessions: sessionmaker[Session]) -> None:
    ids = [f.client(sessions, n) for n in ("Ana", "Ben", "Cy", "Dee")]
    poly = f.unit(sessions, "polycule", *ids)
    view = units.change_members(sessions, poly, on=LATER, remove=[ids[3]])
    assert [m.client_id for m in view.current_members] == ids[:3]
    left = next(m for m in view.members if m.client_id == ids[3])
    assert (left.joined_on, left.left_on) == (f.OPENED, LATER)
    assert {m.client_id for m in view.members_on(date(2025, 4, 30))} == set(ids)


def test_a_polycule_that_shrinks_to_two_must_become_a_couple(
    sessions: sessionmaker[Session],
) -> None:
    ids = [f.client(sessions, n) for n in ("Ana", "Ben", "Cy")]
    poly = f.unit(sessions, "polycule", *ids)
    with pytest.raises(ValidationError, match="three or more"):
        units.change_members(sessions, poly, on=LATER, remove=[ids[2]])
    view = units.change_members(sessions, poly, on=LATER, remove=[ids[2]], kind="couple")
    assert view.kind == "couple" and len(view.current_members) == 2


def test_a_couple_that_takes_a_third_member_becomes_a_polycule(
    sessions: sessionmaker[Session],
) -> None:
    ana, ben, cy = (f.client(sessions, n) for n in ("Ana", "Ben", "Cy"))
    couple = f.unit(sessions, "couple", ana, ben)
    view = units.change_members(sessions, couple, on=LATER, add=[cy], kind="polycule")
    assert view.kind == "polycule" and len(view.current_members) == 3


def test_a_member_can_rejoin_after_leaving(sessions: sessionmaker[Session]) -> None:
    ids = [f.client(sessions, n) for n in ("Ana", "Ben", "Cy", "Dee")]
    poly = f.unit(sessions, "polycule", *ids)
    units.change_members(sessions, poly, on=LATER, remove=[ids[0]])
    view = units.change_members(sessions, poly, on=date(2025, 6, 1), add=[ids[0]])
    assert [m.client_id for m in view.members].count(ids[0]) == 2


def test_closing_a_unit_ends_every_membership(sessions: sessionmaker[Session]) -> None:
    ana, ben = f.client(sessions, "Ana"), f.client(sessions, "Ben")
    view = units.close_unit(sessions, f.unit(sessions, "couple", ana, ben), LATER)
    assert view.closed_on == LATER and view.current_members == ()
    with pytest.raises(ValidationError, match="closed"):
        units.change_members(sessions, view.id, on=LATER, remove=[ana])


def test_a_unit_records_its_confidentiality_agreement(sessions: sessionmaker[Session]) -> None:
    ana, ben = f.client(sessions, "Ana"), f.client(sessions, "Ben")
    couple = f.unit(sessions, "couple", ana, ben)
    view = units.set_agreement(sessions, couple, Agreement("no_secrets", None, f.OPENED))
    assert view.agreement == Agreement("no_secrets", None, f.OPENED)
    with pytest.raises(ValidationError, match="Agreement is required"):
        units.set_agreement(sessions, couple, Agreement("other"))


def test_a_unit_is_named_by_its_members_unless_labelled(sessions: sessionmaker[Session]) -> None:
    ana, ben = f.client(sessions, "Ana Ruiz", "Ana"), f.client(sessions, "Ben Cole")
    assert units.get_unit(sessions, f.unit(sessions, "couple", ana, ben)).display_name == (
        "Ana & Ben Cole")


# --- the relationship graph ---------------------------------------------------------------


def _polycule_of_four(sessions: sessionmaker[Session]) -> tuple[int, list[int]]:
    ids = [f.client(sessions, n) for n in ("Ana", "Ben", "Cy", "Dee")]
    poly = f.unit(sessions, "polycule", *ids)
    ana, ben, cy, dee = ids
    relationships.add_relationship(sessions, poly, ana, ben, "nesting_partner")
    relationships.add_relationship(sessions, poly, ben, cy, "partner")
    relationships.add_relationship(sessions, poly, cy, dee, "spouse")
    return poly, ids


def test_a_metamour_is_derived_never_stored(sessions: sessionmaker[Session]) -> None:
    poly, (ana, ben, cy, dee) = _polycule_of_four(sessions)
    graph = relationships.unit_graph(sessions, poly, LATER)
    assert {(m.a_id, m.b_id, m.shared_partner_ids) for m in graph.metamours} == {
        (ana, cy, (ben,)), (ben, dee, (cy,))}
    assert all(e.kind != "metamour" for e in graph.edges)


def test_metamour_cannot_be_recorded_by_hand(sessions: sessionmaker[Session]) -> None:
    poly, (ana, _ben, cy, _dee) = _polycule_of_four(sessions)
    with pytest.raises(ValidationError, match="worked out"):
        relationships.add_relationship(sessions, poly, ana, cy, "metamour")  # type: ignore[arg-type]


def test_partners_who_share_a_partner_are_not_metamours(sessions: sessionmaker[Session]) -> None:
    poly, (ana, _ben, cy, _dee) = _polycule_of_four(sessions)
    relationships.add_relationship(sessions, poly, ana, cy, "partner")
    graph = relationships.unit_graph(sessions, poly, LATER)
    assert (ana, cy) not in {(m.a_id, m.b_id) for m in graph.metamours}


def test_an_ended_partnership_no_longer_makes_metamours(sessions: sessionmaker[Session]) -> None:
    poly, (_ana, ben, cy, _dee) = _polycule_of_four(sessions)
    edge = next(e for e in relationships.relationships_of(sessions, ben) if cy in (e.a_id, e.b_id))
    relationships.end_relationship(sessions, edge.id, date(2025, 4, 1))
    graph = relationships.unit_graph(sessions, poly, LATER)
    assert graph.metamours == ()
    assert len(graph.edges) == 3  # the ended edge stays, with its date


def test_co_parents_and_former_partners_do_not_make_metamours() -> None:
    edges = [Edge(1, 1, 2, "co_parent", None, None, None),
             Edge(2, 2, 3, "former_partner", None, None, None)]
    assert derive_metamours([1, 2, 3], edges, LATER) == ()


def test_other_relationships_need_a_label(sessions: sessionmaker[Session]) -> None:
    poly, (ana, ben, _cy, _dee) = _polycule_of_four(sessions)
    with pytest.raises(ValidationError, match="label"):
        relationships.add_relationship(sessions, poly, ana, ben, "other")
    edge = relationships.add_relationship(sessions, poly, ana, ben, "other", label="comet")
    assert edge.label == "comet"


def test_relationships_are_only_between_current_members(sessions: sessionmaker[Session]) -> None:
    poly, (ana, _ben, _cy, _dee) = _polycule_of_four(sessions)
    outsider = f.client(sessions, "Eve")
    with pytest.raises(ValidationError, match="current members"):
        relationships.add_relationship(sessions, poly, ana, outsider, "partner")
