"""A store written by any older version opens in this one with nothing lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

import practice.models
from practice.store import schema
from practice.store.credentials import Passphrase, RecoveryKey
from practice.store.store import Store

FROZEN = Path(__file__).resolve().parent.parent / "fixtures" / "stores"
FROZEN_REVISIONS = sorted(p.name for p in FROZEN.iterdir() if p.is_dir())


def test_the_known_revisions_are_exactly_the_migration_scripts_in_order() -> None:
    scripts = ScriptDirectory(str(schema.MIGRATIONS_DIR))
    walked = [s.revision for s in scripts.walk_revisions()]
    assert tuple(reversed(walked)) == schema.REVISIONS
    assert scripts.get_heads() == [schema.HEAD]


def test_there_is_a_frozen_store_for_every_revision_but_the_newest_may_be_pending() -> None:
    assert FROZEN_REVISIONS, "no frozen stores"
    assert set(FROZEN_REVISIONS) <= set(schema.REVISIONS)
    assert set(schema.REVISIONS[:-1]) <= set(FROZEN_REVISIONS)


@pytest.mark.parametrize("revision", FROZEN_REVISIONS)
def test_a_frozen_store_upgrades_to_the_newest_schema_with_nothing_lost(
    revision: str, tmp_path: Path
) -> None:
    target = tmp_path / revision
    shutil.copytree(FROZEN / revision, target)
    manifest = json.loads((target / "expected.json").read_text(encoding="utf-8"))
    with Store.open(target, Passphrase(manifest["passphrase"])) as store:
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                schema.HEAD
            )
            for query, expected in manifest["expected"]:
                assert [list(row) for row in conn.execute(text(query))] == expected, query
        store.verify()
    Store.open(target, RecoveryKey(manifest["recovery_key"])).close()


def test_the_migrated_schema_matches_the_models_exactly(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": schema.include_name}
        )
        differences = compare_metadata(context, practice.models.Base.metadata)
    assert differences == []
