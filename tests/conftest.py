"""Shared fixtures: a template store built once per test session and copied for each test."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from practice.store.credentials import Passphrase
from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.store import Store

TEST_PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An empty store made once (cheap KDF); returns its folder and recovery key."""
    root = tmp_path_factory.mktemp("template") / "store"
    store, recovery = Store.create(root, TEST_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    store.close()
    return root, recovery


@pytest.fixture
def store_path(template_store: tuple[Path, str], tmp_path: Path) -> Path:
    """A closed copy of the template store, private to this test."""
    target = tmp_path / "store"
    shutil.copytree(template_store[0], target, ignore=shutil.ignore_patterns("*.lock"))
    return target


@pytest.fixture
def recovery_code(template_store: tuple[Path, str]) -> str:
    """The recovery key of every copy of the template store."""
    return template_store[1]


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    """An open store, closed after the test."""
    opened = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(autouse=True)
def _fresh_vobject_time_zones() -> None:
    """vobject keeps every VTIMEZONE it has parsed in a process-wide map keyed by TZID.

    A calendar exported for another range carries a VTIMEZONE with other transitions; read
    back later, vobject would reuse it and place sessions an hour off. Each test starts clean.
    """
    parser = sys.modules.get("vobject.icalendar")
    if parser is not None:
        getattr(parser, "__tzidMap").clear()
