"""The letter tests share one world: built once per module, copied for each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from practice.store.store import Store
from tests.core.test_letters_builders import World, open_copy, world_template


@pytest.fixture(scope="module")
def letters_world(template_store: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
                  ) -> tuple[Path, World]:
    return world_template(template_store[0], tmp_path_factory.mktemp("letters"))


@pytest.fixture
def store(letters_world: tuple[Path, World], tmp_path: Path) -> Iterator[Store]:
    with open_copy(letters_world[0], tmp_path) as opened:
        yield opened


@pytest.fixture
def sessions(store: Store) -> sessionmaker[Session]:
    return store.sessions


@pytest.fixture
def world(letters_world: tuple[Path, World]) -> World:
    return letters_world[1]
