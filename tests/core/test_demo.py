"""The demo practice: everything the app shows has an example, in several scripts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from practice.demo import HAND_MADE_STEPS, DemoSummary, build_demo
from practice.models.audit import AuditEntry
from practice.models.notes import ProgressNote
from practice.services import clients, notes, providers, releases, search, units
from practice.services.providers import npi_is_valid
from practice.services.units import relationships
from tests.core.conftest import make_engine, make_sessions

TODAY = date(2025, 6, 2)


@pytest.fixture(scope="module")
def demo(template_db: Path, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[tuple[sessionmaker[Session], DemoSummary]]:
    path = tmp_path_factory.mktemp("demo") / "t.db"
    path.write_bytes(template_db.read_bytes())
    engine = make_engine(path)
    sessions = make_sessions(engine)
    yield sessions, build_demo(sessions, clients=40, notes=600, today=TODAY)
    engine.dispose()


def test_the_demo_has_a_polycule_of_four_with_derived_metamours(
    demo: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    sessions, _ = demo
    poly = next(u for u in (units.get_unit(sessions, i) for i in range(1, 10))
                if u.kind == "polycule")
    graph = relationships.unit_graph(sessions, poly.id, TODAY)
    assert len(graph.member_ids) == 4 and len(graph.metamours) == 2


def test_the_demo_has_a_provider_of_every_specialty_with_a_valid_npi(
    demo: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    sessions, _ = demo
    listed = providers.list_providers(sessions)
    assert {p.details.specialty for p in listed} == set(providers.SPECIALTIES)
    assert all(p.details.npi is not None and npi_is_valid(p.details.npi) for p in listed)


def test_the_demo_has_releases_in_force_expired_and_revoked(
    demo: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    sessions, _ = demo
    states = {r.state_on(TODAY) for c in clients.list_clients(sessions)[:60]
              for r in releases.list_releases(sessions, c.id)}
    assert {"active", "expired", "revoked"} <= states


def test_the_demo_names_people_in_several_scripts(
    demo: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    sessions, _ = demo
    names = {c.display_name for c in clients.list_clients(sessions)}
    assert {"Zoë Ångström", "Σοφία Παπαδοπούλου", "Дмитрий Волков", "李小龙",
            "River 🌈"} <= names
    assert any("\u0600" <= ch <= "\u06ff" for name in names for ch in name)


def test_the_demo_notes_are_signed_verified_and_corrected_by_addenda(
    demo: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    sessions, summary = demo
    assert summary.addenda > 0 and summary.psychotherapy_notes > 0
    with sessions.begin() as s:
        signed = list(s.scalars(select(ProgressNote.id).where(ProgressNote.status == "signed")))
        drafts = s.scalar(select(func.count()).where(ProgressNote.status == "draft"))
    assert drafts and len(signed) + drafts == summary.notes
    for note_id in signed[:: max(1, len(signed) // 25)]:
        assert notes.verify_note(sessions, note_id)


def test_the_bulk_part_is_searchable_and_lightly_audited(
    demo: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    sessions, summary = demo
    assert summary.clients == 14 + 40 and summary.notes >= 600
    assert search.search(sessions, "sensate focus", kinds=frozenset({"note"})).hits
    with sessions.begin() as s:
        bulk = s.scalar(select(func.count()).where(AuditEntry.action.like("demo.bulk%")))
    assert bulk == 2


def test_a_cancelled_demo_stops_and_says_so(sessions: sessionmaker[Session]) -> None:
    seen: list[tuple[int, int]] = []
    summary = build_demo(sessions, clients=10, notes=5000, today=TODAY,
                         progress=lambda done, total: seen.append((done, total)),
                         cancelled=lambda: len(seen) > HAND_MADE_STEPS)
    assert summary.cancelled and summary.clients == 14 + 10
    # Each step of the hand-made practice is reported, then the first bulk batch.
    total = HAND_MADE_STEPS + 10 + 5000
    assert seen == [(step, total) for step in range(1, HAND_MADE_STEPS + 1)] + [
        (HAND_MADE_STEPS + 10, total)]
