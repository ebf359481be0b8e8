"""Fixtures for measures on a real encrypted store: a polycule of three and a stranger."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories as f
from tests.core.test_letters_builders import World, open_copy, world_template


@dataclass(frozen=True)
class Polycule:
    """Ada, Bo and Cy in one polycule (Ada-Bo and Bo-Cy partners); Dee is another client."""

    unit_id: int
    ada: int
    bo: int
    cy: int
    dee: int


@pytest.fixture
def opened(store_path: Path) -> Iterator[Store]:
    store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def sessions(opened: Store) -> sessionmaker[Session]:
    return opened.sessions


@pytest.fixture
def polycule(sessions: sessionmaker[Session]) -> Polycule:
    from practice.services.units import add_relationship

    ada = f.client(sessions, "Adaline Moreau", "Ada")
    bo = f.client(sessions, "Bohdan Kral", "Bo")
    cy = f.client(sessions, "Cyrus Vance", "Cy")
    dee = f.client(sessions, "Deirdre Quinn", "Dee")
    unit_id = f.unit(sessions, "polycule", ada, bo, cy)
    add_relationship(sessions, unit_id, ada, bo, "partner")
    add_relationship(sessions, unit_id, bo, cy, "partner")
    return Polycule(unit_id, ada, bo, cy, dee)


@pytest.fixture(scope="module")
def letters_world(template_store: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
                  ) -> tuple[Path, World]:
    """The letter tests' world (a client, her partner, a urologist, a release), built once."""
    return world_template(template_store[0], tmp_path_factory.mktemp("measures-world"))


@pytest.fixture
def world_store(letters_world: tuple[Path, World], tmp_path: Path) -> Iterator[Store]:
    with open_copy(letters_world[0], tmp_path) as opened:
        yield opened


@pytest.fixture
def world(letters_world: tuple[Path, World]) -> World:
    return letters_world[1]
