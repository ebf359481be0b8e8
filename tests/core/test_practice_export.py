"""The whole practice out to one file and back: nothing lost, nothing readable without the key."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice.cli import main
from practice.errors import StoreExists, ValidationError
from practice.services.clients import list_clients
from practice.services.practice_export import export_practice, import_practice, read_export
from practice.services.practice_export.document import dump
from practice.services.settings import PracticeProfile, load_profile, save_profile
from practice.store.credentials import Passphrase
from practice.store.engine import make_engine
from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.keyfile import KeyFileStore
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories

FROZEN = Path(__file__).resolve().parents[1] / "fixtures" / "stores"
EXPORT_PASSPHRASE = "lantern orchard 42 violet"
NEW_PASSPHRASE = "copper meadow 77 quill"
CANARY = "Dyspareunia-canary-Quetzal"


@pytest.fixture(scope="module")
def frozen_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The frozen 0004 store (the demo practice and an issued letter), and its passphrase."""
    target = tmp_path_factory.mktemp("frozen") / "0004"
    shutil.copytree(FROZEN / "0004", target)
    manifest = json.loads((target / "expected.json").read_text(encoding="utf-8"))
    return target, str(manifest["passphrase"])


@pytest.fixture
def demo(frozen_demo: tuple[Path, str], tmp_path: Path) -> Iterator[Store]:
    """The demo practice with an issued letter, opened (and so upgraded) in a copy of its own."""
    target = tmp_path / "demo"
    shutil.copytree(frozen_demo[0], target)
    with Store.open(target, Passphrase(frozen_demo[1])) as store:
        yield store


def _import(source: Path, target: Path, passphrase: str | None = EXPORT_PASSPHRASE,
            ) -> tuple[Store, str]:
    store, recovery, _summary = import_practice(source, target, passphrase=passphrase,
                                                store_passphrase=NEW_PASSPHRASE,
                                                kdf=FAST_INSECURE_PARAMS)
    return store, recovery


def test_export_import_and_export_again_give_the_same_records(demo: Store, tmp_path: Path,
                                                              ) -> None:
    first = tmp_path / "practice.export"
    summary = export_practice(demo, first, passphrase=EXPORT_PASSPHRASE,
                              kdf=FAST_INSECURE_PARAMS)
    assert summary.encrypted and summary.records > 500
    copy, recovery = _import(first, tmp_path / "copy")
    with copy:
        second = tmp_path / "again.json"
        export_practice(copy, second, passphrase=None)
        copy.verify()
    _rev1, before = read_export(first, EXPORT_PASSPHRASE)
    _rev2, after = read_export(second, None)
    assert before == after
    for table in ("clients", "progress_notes", "note_sections", "addenda", "letters",
                  "disclosures", "releases", "release_scans", "unit_members", "relationships",
                  "appointments", "appointment_series_exdates", "psychotherapy_notes",
                  "practice_assets", "care_team"):
        assert table in before, table
    assert before["letters"]["rows"], "the issued letter is carried"  # type: ignore[index]
    Store.open(tmp_path / "copy", Passphrase(NEW_PASSPHRASE)).close()
    assert len(recovery.replace("-", "")) == 32


def test_an_imported_store_keeps_its_rules_signed_notes_stay_signed(demo: Store,
                                                                    tmp_path: Path) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    export_practice(demo, tmp_path / "p.export", passphrase=EXPORT_PASSPHRASE,
                    kdf=FAST_INSECURE_PARAMS)
    copy, _ = _import(tmp_path / "p.export", tmp_path / "copy")
    with copy, copy.engine.begin() as conn:
        signed = conn.execute(text(
            "SELECT id FROM progress_notes WHERE status = 'signed' LIMIT 1")).scalar()
        assert signed is not None
        with pytest.raises(IntegrityError, match="a signed note cannot be changed"):
            conn.execute(text("UPDATE progress_notes SET session_date = '2000-01-01' "
                              "WHERE id = :id"), {"id": signed})
        with pytest.raises(IntegrityError, match="a signed note cannot be changed"):
            conn.execute(text("INSERT INTO note_sections (note_id, key, body, search_text) "
                              "VALUES (:id, 'extra', 'x', 'x')"), {"id": signed})
        triggers = conn.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")).all()
    with demo.engine.begin() as conn:
        assert conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                 "ORDER BY name")).all() == triggers


def test_an_addendum_on_a_note_edited_back_to_a_draft_is_refused(demo: Store,
                                                                  tmp_path: Path) -> None:
    export_practice(demo, tmp_path / "p.json", passphrase=None)
    document = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    notes, addenda = document["tables"]["progress_notes"], document["tables"]["addenda"]
    annotated = addenda["rows"][0][addenda["columns"].index("note_id")]
    for row in notes["rows"]:
        if row[notes["columns"].index("id")] == annotated:
            for column, value in (("status", "draft"), ("signed_at", None),
                                  ("signed_by", None), ("content_hash", None)):
                row[notes["columns"].index(column)] = value
    (tmp_path / "edited.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError, match="do not fit together"):
        _import(tmp_path / "edited.json", tmp_path / "new", passphrase=None)
    assert not (tmp_path / "new").exists()


def test_a_second_current_member_of_an_individual_unit_is_refused(store: Store,
                                                                   tmp_path: Path) -> None:
    robin = factories.client(store.sessions, "Robin Hale")
    sam = factories.client(store.sessions, "Sam Okafor")
    factories.unit(store.sessions, "individual", robin)
    export_practice(store, tmp_path / "p.json", passphrase=None)
    document = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    members = document["tables"]["unit_members"]
    extra = list(members["rows"][0])
    extra[members["columns"].index("id")] = 999
    extra[members["columns"].index("client_id")] = sam
    members["rows"].append(extra)
    (tmp_path / "edited.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError, match="do not fit together"):
        _import(tmp_path / "edited.json", tmp_path / "new", passphrase=None)
    assert not (tmp_path / "new").exists()
    members["rows"][-1][members["columns"].index("left_on")] = "2099-01-01"
    (tmp_path / "edited.json").write_text(json.dumps(document), encoding="utf-8")
    copy, _ = _import(tmp_path / "edited.json", tmp_path / "new", passphrase=None)
    copy.close()  # a member who has left does not count


_SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"


def test_a_practice_without_addenda_or_process_notes_imports_with_every_rule_in_place(
        store: Store, tmp_path: Path) -> None:
    # Only the tables that get rows have their import-time triggers paused: the others
    # must come through untouched, and the store must end exactly like a fresh one.
    robin = factories.client(store.sessions, "Robin Hale")
    unit = factories.unit(store.sessions, "individual", robin)
    factories.draft(store.sessions, unit, text="Sensate focus homework reviewed.")
    export_practice(store, tmp_path / "p.json", passphrase=None)
    copy, _ = _import(tmp_path / "p.json", tmp_path / "copy", passphrase=None)
    with copy, copy.engine.connect() as conn:
        imported = conn.exec_driver_sql(_SCHEMA).all()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql(_SCHEMA).all() == imported
    assert any(name == "trg_addenda_fts_insert" for _type, name, _table, _sql in imported)


def test_tables_are_loaded_parents_first_and_the_weightiest_first_when_free_to_choose(
        store: Store) -> None:
    from practice.services.practice_export.document import parents_first

    with store.engine.connect() as conn:
        sizes = {"note_sections": 900, "progress_notes": 300, "clients": 20,
                 "care_units": 10, "organisations": 5}
        order = parents_first(conn, sizes)
        refers = {name: {row[2] for row in conn.exec_driver_sql(
            f'PRAGMA foreign_key_list("{name}")')} - {name} for name in order}
        alphabetical = parents_first(conn)
    assert sorted(order) == sorted(alphabetical)
    for position, table in enumerate(order):
        assert refers[table] <= set(order[:position]), table
    # Fewer care units than clients, but the notes and their sections wait for them.
    assert order.index("care_units") < order.index("clients")
    # Every note needs its unit and each section its note; nothing else holds them back.
    assert order.index("progress_notes") == order.index("care_units") + 1
    assert order.index("note_sections") == order.index("progress_notes") + 1
    assert order.index("clients") < order.index("organisations")


def test_search_finds_imported_notes(store: Store, tmp_path: Path) -> None:
    from practice.services.search import search

    robin = factories.client(store.sessions, "Robin Hale")
    unit = factories.unit(store.sessions, "individual", robin)
    factories.draft(store.sessions, unit, text=f"Discussed {CANARY} and dilators.")
    export_practice(store, tmp_path / "p.json", passphrase=None)
    copy, _ = _import(tmp_path / "p.json", tmp_path / "copy", passphrase=None)
    with copy:
        assert search(copy.sessions, CANARY).hits


def test_an_export_from_an_older_version_is_brought_up_to_date(
        frozen_demo: tuple[Path, str], tmp_path: Path) -> None:
    """A 0004 store exported as it was, at its own revision, imports into today's schema."""
    old = tmp_path / "old"
    shutil.copytree(frozen_demo[0], old)
    keyfile = KeyFileStore(old / "practice.key").read()
    engine = make_engine(old / "practice.db", keyfile.open_with_passphrase(frozen_demo[1]),
                         page_size=keyfile.page_size)
    with engine.begin() as conn:
        revision, tables = dump(conn)
    engine.dispose()
    assert revision == "0004" and "letter_drafts" not in tables
    old_export = tmp_path / "old.json"
    old_export.write_text(json.dumps({"format": "practice-export", "format_version": 1,
                                      "schema_revision": revision, "tables": tables}))
    copy, _ = _import(old_export, tmp_path / "copy", passphrase=None)
    with copy:
        export_practice(copy, tmp_path / "now.json", passphrase=None)
    with Store.open(old, Passphrase(frozen_demo[1])) as upgraded:  # the store's own upgrade
        export_practice(upgraded, tmp_path / "upgraded.json", passphrase=None)
    assert read_export(tmp_path / "now.json", None) == read_export(
        tmp_path / "upgraded.json", None)


def test_the_encrypted_export_holds_nothing_readable(store: Store, tmp_path: Path) -> None:
    factories.client(store.sessions, CANARY)
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "p.export"
    export_practice(store, out, passphrase=EXPORT_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    data = out.read_bytes()
    assert CANARY.encode() not in data and b"clients" not in data
    assert out.stat().st_mode & 0o077 == 0
    assert [p.name for p in folder.iterdir()] == ["p.export"]  # no partial file left


@pytest.fixture
def sealed(store: Store, tmp_path: Path) -> Path:
    factories.client(store.sessions, "Rosa Delgado")
    out = tmp_path / "p.export"
    export_practice(store, out, passphrase=EXPORT_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    return out


@pytest.mark.parametrize(("spoil", "message"), [
    (lambda data: data[: len(data) // 2], "wrong|changed"),
    (lambda data: data[:-40] + bytes(40), "changed after it was written"),
    (lambda data: data.replace(b'"time_cost": 1', b'"time_cost": 2'), "changed after it"),
    (lambda data: b"PK\x03\x04" + data, "not a Practice export"),
    (lambda data: data[:30], "damaged or incomplete"),
])
def test_a_truncated_or_tampered_export_is_refused_and_nothing_is_made(
        sealed: Path, tmp_path: Path, spoil: object, message: str) -> None:
    spoiled = tmp_path / "spoiled.export"
    spoiled.write_bytes(spoil(sealed.read_bytes()))  # type: ignore[operator]
    assert spoiled.read_bytes() != sealed.read_bytes()
    with pytest.raises(ValidationError, match=message):
        _import(spoiled, tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_a_wrong_passphrase_is_refused_in_plain_words(sealed: Path, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not open this export"):
        import_practice(sealed, tmp_path / "new", passphrase="not the passphrase",
                        store_passphrase=NEW_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    with pytest.raises(ValidationError, match="encrypted: give the passphrase"):
        import_practice(sealed, tmp_path / "new", passphrase=None,
                        store_passphrase=NEW_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    assert not (tmp_path / "new").exists()


def test_a_2_gb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.export"
    with huge.open("wb") as sparse:
        sparse.write(b"PRACTICE-EXPORT-ENCRYPTED\n")
        sparse.truncate(2 * 1024**3)
    with pytest.raises(ValidationError, match="too large to be an export"):
        _import(huge, tmp_path / "new")


def test_invalid_utf8_and_a_newer_format_are_refused(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "practice-export", "x": "\xff\xfe"}')
    with pytest.raises(ValidationError, match="damaged or incomplete"):
        _import(bad, tmp_path / "new", passphrase=None)
    export_practice(store, tmp_path / "p.json", passphrase=None)
    document = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    document["format_version"] = 2
    (tmp_path / "newer.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError, match="made by a newer version of Practice"):
        _import(tmp_path / "newer.json", tmp_path / "new", passphrase=None)
    document["format_version"], document["schema_revision"] = 1, "0099"
    (tmp_path / "newer.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError, match="made by a newer version of Practice"):
        _import(tmp_path / "newer.json", tmp_path / "new", passphrase=None)
    assert not (tmp_path / "new").exists()


def test_edited_records_that_do_not_fit_together_leave_nothing_behind(store: Store,
                                                                      tmp_path: Path) -> None:
    robin = factories.client(store.sessions, "Robin Hale")
    factories.unit(store.sessions, "individual", robin)
    export_practice(store, tmp_path / "p.json", passphrase=None)
    document = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    del document["tables"]["clients"]  # members now name a client the file does not hold
    (tmp_path / "edited.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError, match="do not fit together"):
        _import(tmp_path / "edited.json", tmp_path / "new", passphrase=None)
    assert not (tmp_path / "new").exists()
    document["tables"]["clients; DROP TABLE clients"] = {"columns": ["id"], "rows": [[1]]}
    (tmp_path / "edited.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError, match="damaged or was edited"):
        _import(tmp_path / "edited.json", tmp_path / "new", passphrase=None)


def test_the_practice_s_details_travel_and_the_store_s_identity_stays_its_own(
    store: Store, tmp_path: Path,
) -> None:
    save_profile(store.sessions, PracticeProfile(practice_name="Harbour Light Therapy",
                                                 therapist_name="Dr. Morgan Ellis",
                                                 time_zone="America/Chicago"))
    export_practice(store, tmp_path / "p.json", passphrase=None)
    _revision, tables = read_export(tmp_path / "p.json", None)
    keys = [row[0] for row in tables["store_meta"]["rows"]]  # type: ignore[index]
    assert keys == ["practice_profile"]  # neither store_id nor created_at
    copy, _recovery = _import(tmp_path / "p.json", tmp_path / "copy", passphrase=None)
    with copy:
        assert load_profile(copy.sessions) == load_profile(store.sessions)
        assert copy.store_id != store.store_id
        copy.verify()  # the copy's own identity still matches its own key file


def test_an_export_carrying_a_store_s_identity_is_refused_and_leaves_nothing(
    store: Store, tmp_path: Path,
) -> None:
    export_practice(store, tmp_path / "p.json", passphrase=None)
    document = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    document["tables"]["store_meta"]["rows"].append(["store_id", "0" * 32])
    (tmp_path / "edited.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError, match="do not fit together"):
        _import(tmp_path / "edited.json", tmp_path / "new", passphrase=None)
    assert not (tmp_path / "new").exists()


def test_importing_onto_an_existing_store_is_refused(store_path: Path, tmp_path: Path,
                                                     sealed: Path) -> None:
    with pytest.raises(StoreExists):
        _import(sealed, store_path)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                         lambda inner: st.lists(inner, max_size=3)
                         | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                         max_leaves=12))
def test_any_json_is_an_export_or_a_plain_refusal(tmp_path: Path, junk: object) -> None:
    path = tmp_path / "junk.json"
    path.write_text(json.dumps({"format": "practice-export", "format_version": 1,
                                "schema_revision": "0005", "tables": junk}), encoding="utf-8")
    try:
        read_export(path, None)
    except ValidationError as refused:
        assert refused.message


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRACTICE_PASSPHRASE", TEST_PASSPHRASE)
    monkeypatch.setenv("PRACTICE_EXPORT_PASSPHRASE", EXPORT_PASSPHRASE)


def test_the_command_line_exports_encrypted_and_imports_into_a_new_store(
        store_path: Path, env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        factories.client(store.sessions, "Rosa Delgado")
    out = tmp_path / "practice.export"
    assert main(["export", "--out", str(out), "--store", str(store_path)]) == 0
    assert "(encrypted)" in capsys.readouterr().out
    monkeypatch.setenv("PRACTICE_PASSPHRASE", NEW_PASSPHRASE)
    assert main(["import", str(out), "--store", str(tmp_path / "new")]) == 0
    assert "Its recovery key:" in capsys.readouterr().out
    with Store.open(tmp_path / "new", Passphrase(NEW_PASSPHRASE)) as copy:
        assert [c.display_name for c in list_clients(copy.sessions)] == ["Rosa Delgado"]


def test_a_plain_export_is_written_only_when_asked_and_with_a_warning(
        store_path: Path, env: None, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "practice.json"
    assert main(["export", "--plain", "--out", str(out), "--store", str(store_path)]) == 0
    assert "NOT encrypted" in capsys.readouterr().err
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "practice-export"


def test_a_sealed_file_that_would_inflate_past_any_export_is_refused(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    ) -> None:
    """Its maker knows the passphrase, so the tag proves nothing about the size inside."""
    from practice.services.practice_export import envelope

    monkeypatch.setattr(envelope, "MAX_BYTES", 1024 * 1024)  # a small cap, a small bomb
    bomb = b'{"format": "practice-export", "tables": "' + b" " * (8 * 1024 * 1024) + b'"}'
    sealed = tmp_path / "bomb.export"
    sealed.write_bytes(envelope.seal(bomb, EXPORT_PASSPHRASE, FAST_INSECURE_PARAMS))
    assert sealed.stat().st_size < 64 * 1024
    with pytest.raises(ValidationError, match="damaged or incomplete"):
        read_export(sealed, EXPORT_PASSPHRASE)


@pytest.mark.parametrize("value", [10**30, -(10**30), "\ud800", float("inf")])
def test_a_value_no_store_can_hold_is_refused_in_words(store: Store, tmp_path: Path,
                                                       value: object) -> None:
    factories.client(store.sessions, "Rosa Delgado")
    export_practice(store, tmp_path / "p.json", passphrase=None)
    document = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    document["tables"]["clients"]["rows"][0][0] = value
    (tmp_path / "edited.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError, match="damaged or was edited"):
        _import(tmp_path / "edited.json", tmp_path / "new", passphrase=None)
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(("table", "column", "value"), [
    ("progress_notes", "session_date", "not a date"),
    ("clients", "created_at", "yesterday-ish"),
    ("clients", "legal_name", 42),
])
def test_a_value_of_the_wrong_kind_is_refused_before_it_could_break_the_record_later(
        store: Store, tmp_path: Path, table: str, column: str, value: object) -> None:
    """SQLite would take it, and the note would only fail when opened; refuse it at the door."""
    robin = factories.client(store.sessions, "Robin Hale")
    factories.signed(store.sessions, factories.unit(store.sessions, "individual", robin),
                     text="Signed and kept.")
    export_practice(store, tmp_path / "p.json", passphrase=None)
    document = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    content = document["tables"][table]
    content["rows"][0][content["columns"].index(column)] = value
    (tmp_path / "edited.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError, match="damaged or was edited"):
        _import(tmp_path / "edited.json", tmp_path / "new", passphrase=None)
    assert not (tmp_path / "new").exists()
