"""Fixtures for the clinical core: a file-backed store with the real schema, triggers and FTS."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

import practice.models  # noqa: F401 - registers every table on Base.metadata
from practice.models.base import Base
from practice.models.ddl import STORE_DDL
from practice.store.audit import AuditChain


def make_engine(path: Path) -> Engine:
    """A plain SQLite engine shaped like the store's: WAL, foreign keys on, BEGIN IMMEDIATE.

    Durability against power loss is the store's concern; here ``synchronous=OFF`` keeps the
    suite fast (a killed process still leaves its committed writes in the OS's cache).
    """
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook issue BEGIN itself
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=OFF"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def build_schema(engine: Engine) -> None:
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        for statement in STORE_DDL:
            conn.exec_driver_sql(statement)


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    sessions = sessionmaker(engine, expire_on_commit=False)
    AuditChain(key=b"k" * 32, anchor_sink=lambda _anchor: None).attach(sessions)
    return sessions


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database with the whole schema, built once and copied for each test."""
    path = tmp_path_factory.mktemp("core-template") / "t.db"
    eng = make_engine(path)
    build_schema(eng)
    eng.dispose()  # closing the last connection checkpoints the WAL into the file
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "t.db"
    shutil.copyfile(template_db, target)
    return target


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    eng = make_engine(db_path)
    yield eng
    eng.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessions(engine)


@pytest.fixture
def today() -> date:
    return date(2025, 3, 14)
