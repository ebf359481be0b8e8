"""The search index against page rollback: verify compares it with the notes, opening repairs it.

SQLCipher binds each encrypted page to its number, not to a version, so an older copy of a
page is accepted as genuine. These tests take a store, change a note, and put back one
older page at a time, as an attacker (or a sync tool) could.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from practice.errors import StoreDamaged
from practice.services import notes, search
from practice.store.credentials import Passphrase
from practice.store.search_index import (
    GATHER_BYTES,
    INDEX_REBUILT,
    SearchIndexRebuilt,
    search_indexes,
)
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories as f
from tests.store.test_cli import practice

OLD_WORDS = "Draft describes vaginismus and pelvic floor work in detail. "
NEW_WORDS = "Revised draft describes dyspareunia and desire discrepancy instead. "
SEARCHED = ("vaginismus", "dyspareunia", "sensate", "pelvic")


def _open(path: Path) -> Store:
    return Store.open(path, Passphrase(TEST_PASSPHRASE))


def _snapshot(store_path: Path) -> tuple[bytes, bytes]:
    return ((store_path / "practice.db").read_bytes(), (store_path / "practice.key").read_bytes())


def _put_back(store_path: Path, database: bytes, key_file: bytes) -> None:
    for sidecar in ("practice.db-wal", "practice.db-shm"):
        (store_path / sidecar).unlink(missing_ok=True)
    (store_path / "practice.db").write_bytes(database)
    (store_path / "practice.key").write_bytes(key_file)


def _older_pages(changed: tuple[Path, bytes, bytes, bytes]) -> list[tuple[int, bytes]]:
    """For each page the change rewrote: its number, and the database with that page old."""
    store_path, before, after, _key_file = changed
    with _open(store_path) as store:
        page = store.page_size
    return [(n + 1, after[:n * page] + before[n * page:(n + 1) * page] + after[(n + 1) * page:])
            for n in range(len(after) // page)
            if before[n * page:(n + 1) * page] != after[n * page:(n + 1) * page]]


def _what_the_therapist_sees(store: Store) -> dict[str, Any]:
    """Every record (the audit trail aside: its anchor is checked by open) and search results."""
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        tables = [row[0] for row in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'audit_log' "
            "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'")]
        seen: dict[str, Any] = {
            t: sorted(map(repr, raw.execute(f'SELECT * FROM "{t}"').fetchall()))
            for t in tables}
    for word in SEARCHED:
        seen[f"search:{word}"] = [(h.kind, h.record_id, h.snippet)
                                  for h in search.search(store.sessions, word).hits]
    return seen


@pytest.fixture
def changed_note(store_path: Path) -> tuple[Path, bytes, bytes, bytes]:
    """A store with signed notes and a draft; the draft is then rewritten.

    Returns:
        The store, its database before the change, and database and key file after it.
    """
    with _open(store_path) as store:
        s = store.sessions
        unit = f.unit(s, "individual", f.client(s, "Ann Example"))
        for i in range(25):
            f.signed(s, unit, text=f"Session {i}: sensate focus homework reviewed. " * 15)
        draft = f.draft(s, unit, text=OLD_WORDS * 30).id
    written = time.monotonic()
    before, _ = _snapshot(store_path)
    # Rewritten seconds later, as a therapist would: putting back the note's own page then
    # changes its time too, which verify must notice (not only when the clock is kind).
    time.sleep(max(0.0, 3.1 - (time.monotonic() - written)))
    with _open(store_path) as store:
        notes.save_draft(store.sessions, draft, {"body": NEW_WORDS * 30})
    after, key_file = _snapshot(store_path)
    return store_path, before, after, key_file


def test_verify_fails_for_every_older_page_that_changes_what_the_notes_or_search_say(
    changed_note: tuple[Path, bytes, bytes, bytes], tmp_path: Path,
) -> None:
    store_path, _before, after, key_file = changed_note
    reference = tmp_path / "reference"
    shutil.copytree(store_path, reference, ignore=shutil.ignore_patterns("*.lock"))
    _put_back(reference, after, key_file)
    with _open(reference) as store:
        expected = _what_the_therapist_sees(store)
    assert [h[1] for h in expected["search:dyspareunia"]] and not expected["search:vaginismus"]

    older = _older_pages(changed_note)
    assert len(older) >= 3
    caught_by_the_index = 0
    for number, mixed in older:
        _put_back(store_path, mixed, key_file)
        try:
            with _open(store_path) as store:
                store.verify()
                seen = _what_the_therapist_sees(store)
        except SearchIndexRebuilt:
            caught_by_the_index += 1
            continue
        except StoreDamaged:
            continue
        # Verify said "intact": then nothing the therapist reads may differ.
        assert seen == expected, f"page {number} was put back and verify did not notice"
    assert caught_by_the_index >= 1


def test_opening_rebuilds_an_index_out_of_step_and_search_finds_the_note_again(
    changed_note: tuple[Path, bytes, bytes, bytes],
) -> None:
    store_path, key_file = changed_note[0], changed_note[3]
    for _number, mixed in _older_pages(changed_note):
        _put_back(store_path, mixed, key_file)
        try:
            store = _open(store_path)
        except StoreDamaged:
            continue  # the audit trail's page: its anchor catches that one
        with store:
            if not store.repairs:
                continue
            assert store.repairs == (INDEX_REBUILT,)
            found = search.search(store.sessions, "dyspareunia").hits
            with store.engine.connect() as conn:
                rebuilt = conn.exec_driver_sql(
                    "SELECT count(*) FROM audit_log WHERE action = 'store.search_index_rebuilt'"
                ).scalar()
                holds_new = conn.exec_driver_sql(
                    "SELECT count(*) FROM note_sections WHERE body LIKE '%dyspareunia%'"
                ).scalar()
            assert rebuilt == 1
            # Search now finds exactly the notes whose text holds the word.
            assert len(found) == holds_new
        with _open(store_path) as store:
            assert store.repairs == ()  # repaired once, for good
            assert store.verify().search_indexes == 5
        return
    pytest.fail("no older page put the search index out of step")


def test_the_command_line_says_the_index_was_rebuilt_and_verify_exits_non_zero(
    changed_note: tuple[Path, bytes, bytes, bytes],
) -> None:
    store_path, key_file = changed_note[0], changed_note[3]
    env = {"PRACTICE_PASSPHRASE": TEST_PASSPHRASE}
    for _number, mixed in _older_pages(changed_note):
        _put_back(store_path, mixed, key_file)
        searched = practice("search", "--store", str(store_path), "sensate", env=env)
        if "search index did not match" not in searched.stderr:
            continue
        assert searched.returncode == 0
        assert searched.stderr.splitlines() == [f"practice: {INDEX_REBUILT}"]
        _put_back(store_path, mixed, key_file)
        verified = practice("verify", "--store", str(store_path), env=env)
        assert verified.returncode == 1
        assert verified.stderr.splitlines() == [f"practice: {INDEX_REBUILT}"]
        assert "intact" not in verified.stdout
        again = practice("verify", "--store", str(store_path), env=env)
        assert again.returncode == 0, again.stderr
        assert "search index" in again.stdout
        return
    pytest.fail("no older page put the search index out of step")


FROZEN_0006 = Path(__file__).resolve().parent.parent / "fixtures" / "stores" / "0006"


def _gathered(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        return {table: conn.exec_driver_sql(
            f'SELECT v FROM "{table}_config" WHERE k = \'hashsize\'').scalar_one()
            for table in search_indexes(raw)}


def test_a_new_stores_search_indexes_gather_16_mib_before_writing(store: Store) -> None:
    # So an import's rebuild of every note writes a few large segments, not hundreds.
    gathered = _gathered(store)
    assert set(gathered) == {"addenda_fts", "clients_fts", "note_sections_fts",
                             "providers_fts", "psychotherapy_notes_fts"}
    assert set(gathered.values()) == {GATHER_BYTES} == {16 * 1024 * 1024}


def test_an_upgraded_stores_search_indexes_gather_as_much(tmp_path: Path) -> None:
    shutil.copytree(FROZEN_0006, tmp_path / "0006")
    manifest = json.loads((tmp_path / "0006" / "expected.json").read_text(encoding="utf-8"))
    with Store.open(tmp_path / "0006", Passphrase(manifest["passphrase"])) as store:
        assert set(_gathered(store).values()) == {GATHER_BYTES}
        report = store.verify()
    assert report.search_indexes == 5
