"""Whole-practice reads in a few queries answer exactly what reading client by client does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from practice.demo import build_demo
from practice.services import clients, units
from practice.services.common import ID_CHUNK, id_chunks
from tests.core.conftest import make_engine, make_sessions

TODAY = date(2025, 6, 2)


@pytest.fixture(scope="module")
def demo(template_db: Path, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[sessionmaker[Session]]:
    """The demo practice (couples, a polycule, members who left) plus bulk clients."""
    path = tmp_path_factory.mktemp("set-based") / "t.db"
    path.write_bytes(template_db.read_bytes())
    engine = make_engine(path)
    sessions = make_sessions(engine)
    build_demo(sessions, clients=30, today=TODAY)
    polycule = next(u for u in units.list_units(sessions) if len(u.current_members) > 3)
    leaving = polycule.current_members[-1].client_id
    units.change_members(sessions, polycule.id, on=TODAY, remove=[leaving])
    units.set_agreement(sessions, polycule.id, units.Agreement("other", "Ask first", TODAY))
    yield sessions
    engine.dispose()


def test_every_unit_listed_at_once_is_the_unit_read_on_its_own(
    demo: sessionmaker[Session],
) -> None:
    listed = units.list_units(demo)
    assert listed == tuple(units.get_unit(demo, u.id) for u in listed)
    assert any(len(u.members) > len(u.current_members) for u in listed)  # history kept
    assert any(u.agreement is not None for u in listed)


def test_units_asked_for_by_id_are_those_units_and_no_others(
    demo: sessionmaker[Session],
) -> None:
    every = units.list_units(demo)
    wanted = [u.id for u in every[::3]] + [every[0].id, 999_999]
    found = units.units_by_id(demo, wanted)
    assert found == tuple(units.get_unit(demo, i) for i in sorted(set(wanted) - {999_999}))
    assert units.units_by_id(demo, []) == ()


def test_current_unit_kinds_match_each_clients_current_units(
    demo: sessionmaker[Session],
) -> None:
    everyone = clients.list_clients(demo)
    reference = {
        c.id: frozenset(u.kind for u in units.units_of_client(demo, c.id, current_only=True))
        for c in everyone
    }
    reference = {client_id: kinds for client_id, kinds in reference.items() if kinds}
    assert units.current_unit_kinds(demo) == reference
    some = [c.id for c in everyone[:7]]
    assert units.current_unit_kinds(demo, some) == {
        client_id: reference[client_id] for client_id in some if client_id in reference}
    assert {"couple", "polycule"} <= set().union(*reference.values())


def test_a_clients_units_are_read_oldest_first_with_their_history(
    demo: sessionmaker[Session],
) -> None:
    for client in clients.list_clients(demo):
        for current_only in (False, True):
            found = units.units_of_client(demo, client.id, current_only=current_only)
            assert [u.id for u in found] == sorted(u.id for u in found)
            assert all(any(m.client_id == client.id and (m.left_on is None or not current_only)
                           for m in u.members) for u in found)
            assert found == tuple(units.get_unit(demo, u.id) for u in found)


def test_the_first_page_of_clients_is_the_start_of_the_whole_list(
    demo: sessionmaker[Session],
) -> None:
    everyone = clients.list_clients(demo)
    assert clients.list_clients(demo, limit=10) == everyone[:10]
    assert clients.list_clients(demo, limit=len(everyone) + 5) == everyone
    active = clients.list_clients(demo, status="active")
    assert clients.list_clients(demo, status="active", limit=3) == active[:3]


@pytest.mark.parametrize("chunk", [ID_CHUNK, 3])
def test_clients_asked_for_by_id_keep_the_lists_name_order(
    demo: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, chunk: int,
) -> None:
    """However many queries the ids take, the names come back in the list's order."""
    monkeypatch.setattr("practice.services.common.shared.ID_CHUNK", chunk)
    everyone = clients.list_clients(demo)
    wanted = {c.id for c in everyone[1::4]} | {999_999}
    assert clients.clients_by_id(demo, wanted) == tuple(c for c in everyone if c.id in wanted)
    some = [u.id for u in units.list_units(demo)[::2]]
    assert units.units_by_id(demo, some) == tuple(units.get_unit(demo, i) for i in some)


def test_ids_are_cut_into_short_sorted_lists() -> None:
    ids = [*range(2 * ID_CHUNK + 3, 0, -1), 5, 5]
    chunks = id_chunks(ids)
    assert [len(c) for c in chunks] == [ID_CHUNK, ID_CHUNK, 3]
    assert [i for chunk in chunks for i in chunk] == list(range(1, 2 * ID_CHUNK + 4))
    assert id_chunks([]) == []
