"""The disclosure log in the store itself: a release or a copy to the client, and never changed.

Revision 0006 copies the disclosures table to let ``release_id`` be empty for a copy of the
record given to the client; these tests hold the store to its rules for anyone writing SQL
past the services, and check the copy kept every index and guard the table had.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from practice.models.letters import DISCLOSURE_FIXED_MESSAGE
from practice.store import schema
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.core import factories as f
from tests.core.test_letters_builders import release

FROZEN_0005 = Path(__file__).resolve().parent.parent / "fixtures" / "stores" / "0005"
_INSERT = text(
    "INSERT INTO disclosures (client_id, provider_id, recipient, recipient_address, "
    "disclosed_on, scopes, purpose, release_id, letter_id, recorded_at, copy_to_client) "
    "VALUES (:client, :provider, 'Robin Hale', '', '2025-04-01', :scopes, 'Care', :release, "
    "NULL, '2025-04-01 10:00:00.000000', :copy)")
_MASTER = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    """A client, a provider and the client's release to that provider."""
    client = f.client(store.sessions, "Robin Hale")
    provider = f.provider(store.sessions)
    return {"client": client, "provider": provider,
            "release": release(store.sessions, client, provider)}


def _insert(store: Store, ids: dict[str, int], *, release: bool, copy: bool,
            provider: bool = False, scopes: str = "attendance") -> None:
    with store.engine.begin() as conn:
        conn.execute(_INSERT, {"client": ids["client"], "scopes": scopes, "copy": copy,
                               "provider": ids["provider"] if provider else None,
                               "release": ids["release"] if release else None})


def _count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM disclosures")).scalar_one())


@pytest.mark.parametrize(("has_release", "copy", "to_provider"), [
    (False, False, True),   # to a provider with no release
    (True, True, False),    # a copy to the client that names a release
    (False, True, True),    # a copy to the client sent to a provider
])
def test_a_disclosure_needs_a_release_unless_it_is_a_copy_to_the_client(
    store: Store, ids: dict[str, int], has_release: bool, copy: bool, to_provider: bool,
) -> None:
    with pytest.raises(IntegrityError, match="ck_disclosures_release_or_client_copy"):
        _insert(store, ids, release=has_release, copy=copy, provider=to_provider)
    assert _count(store) == 0


def test_a_release_or_a_copy_to_the_client_is_logged(store: Store, ids: dict[str, int]) -> None:
    _insert(store, ids, release=True, copy=False, provider=True)
    _insert(store, ids, release=False, copy=True)
    _insert(store, ids, release=False, copy=True, scopes="")  # held no scope at all
    assert _count(store) == 3


def test_only_a_copy_to_the_client_may_hold_no_scope(store: Store, ids: dict[str, int]) -> None:
    with pytest.raises(IntegrityError, match="ck_disclosures_scopes_known"):
        _insert(store, ids, release=True, copy=False, provider=True, scopes="")
    with pytest.raises(IntegrityError, match="ck_disclosures_scopes_known"):
        _insert(store, ids, release=False, copy=True, scopes="whole record")
    assert _count(store) == 0


def test_upgrading_to_0006_keeps_every_index_and_guard_of_the_disclosure_log() -> None:
    engine = create_engine("sqlite://", poolclass=StaticPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        schema.upgrade(conn, "0005")
        before = conn.exec_driver_sql(_MASTER).all()
        schema.upgrade(conn, "0006")
        after = conn.exec_driver_sql(_MASTER).all()
    engine.dispose()
    changed = sorted({row[:2] for row in set(before) ^ set(after)})
    assert changed == [("table", "disclosures")]  # only the table, and nothing left over
    assert [r[1] for r in after if r[0] == "trigger" and r[2] == "disclosures"] == [
        "trg_disclosures_no_delete", "trg_disclosures_no_update"]


@pytest.fixture
def upgraded_0005(tmp_path: Path) -> Iterator[Store]:
    """The frozen 0005 store (a letter and its disclosure), opened and so upgraded."""
    shutil.copytree(FROZEN_0005, tmp_path / "0005")
    manifest = json.loads((tmp_path / "0005" / "expected.json").read_text(encoding="utf-8"))
    with Store.open(tmp_path / "0005", Passphrase(manifest["passphrase"])) as store:
        yield store


@pytest.mark.parametrize("statement", [
    "UPDATE disclosures SET purpose = 'Edited afterwards'",
    "UPDATE disclosures SET copy_to_client = 1, release_id = NULL",
    "DELETE FROM disclosures",
])
def test_an_upgraded_disclosure_log_still_refuses_changes(
    upgraded_0005: Store, statement: str,
) -> None:
    with upgraded_0005.engine.connect() as conn:
        kept = conn.execute(text("SELECT * FROM disclosures ORDER BY id")).all()
    assert kept and all(row.copy_to_client == 0 for row in kept)  # all under a release
    with pytest.raises(IntegrityError, match=DISCLOSURE_FIXED_MESSAGE), \
            upgraded_0005.engine.begin() as conn:
        conn.execute(text(statement))
    with upgraded_0005.engine.connect() as conn:
        assert conn.execute(text("SELECT * FROM disclosures ORDER BY id")).all() == kept
