"""A caseload from a spreadsheet: every row explained, duplicates flagged, all written or none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from practice.cli import main
from practice.errors import ValidationError
from practice.models.audit import AuditEntry
from practice.services.caseload_import import (
    MAX_BYTES,
    guess_mapping,
    import_rows,
    preview,
    read_table,
)
from practice.services.clients import list_clients
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories

SHEET = (
    "First Name,Last Name,Preferred,Pronouns,DOB,E-mail,Cell,Address,State\n"
    "Rosa,Delgado,Ro,she/her,03/14/1985,rosa@example.org,+1 504 555 0100,"
    "\"12 Elm St, New Orleans\",la\n"
    "Sam,Okafor,,they/them,1990-07-02,sam@example.org,,,TX\n"
)


def _write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "caseload.csv",
           ) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _audit_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_the_header_is_read_whatever_the_spreadsheet_called_the_columns() -> None:
    mapping = guess_mapping(("First Name", "Last Name", "Preferred", "Pronouns", "DOB",
                             "E-mail", "Cell", "Address", "State"))
    assert mapping == {"first_name": 0, "last_name": 1, "preferred_name": 2, "pronouns": 3,
                       "date_of_birth": 4, "email": 5, "phone": 6, "address": 7, "state": 8}
    assert guess_mapping(("Client name", "Date of birth")) == {"full_name": 0,
                                                                "date_of_birth": 1}


def test_a_clean_sheet_previews_every_client_and_imports_them_in_one_step(
        store: Store, tmp_path: Path) -> None:
    table = read_table(_write(tmp_path, SHEET))
    checked = preview(store.sessions, table, guess_mapping(table.header))
    assert [row.line for row in checked.good] == [2, 3]
    rosa = checked.good[0].details
    assert rosa is not None
    assert (rosa.legal_name, rosa.chosen_name, rosa.date_of_birth, rosa.state) == (
        "Rosa Delgado", "Ro", date(1985, 3, 14), "LA")
    assert rosa.address == "12 Elm St, New Orleans"
    before = _audit_count(store.sessions)
    made = import_rows(store.sessions, checked)
    assert len(made) == 2
    names = sorted(c.display_name for c in list_clients(store.sessions))
    assert names == ["Ro", "Sam Okafor"]
    assert _audit_count(store.sessions) == before + 2  # each creation is audited


def test_each_bad_row_is_explained_in_plain_words_and_nothing_is_written(
        store: Store, tmp_path: Path) -> None:
    sheet = ("Name,DOB,Email\n"
             "Ana Ruiz,2023-02-30,ana@example.org\n"
             "Ben Cole,1980-01-01,not-an-address\n"
             ",1975-05-05,nobody@example.org\n"
             "Cy Park,1970-01-01,cy@example.org\n")
    table = read_table(_write(tmp_path, sheet))
    checked = preview(store.sessions, table, guess_mapping(table.header))
    problems = {row.line: row.problems for row in checked.bad}
    assert problems == {
        2: ("Date of birth is not a date that exists.",),
        3: ("Email is not an email address.",),
        4: ("Name is missing (no full name, or first and last name).",),
    }
    before = _audit_count(store.sessions)
    with pytest.raises(ValidationError, match="3 of 4 rows have problems; nothing was"):
        import_rows(store.sessions, checked)
    assert list_clients(store.sessions) == ()
    assert _audit_count(store.sessions) == before
    assert len(import_rows(store.sessions, checked, skip_bad=True)) == 1


def test_a_formula_cell_is_refused_but_an_international_phone_number_is_not(
        store: Store, tmp_path: Path) -> None:
    sheet = ("Name,Phone,Email\n"
             "Dee Lam,+1 (504) 555-0100,dee@example.org\n"
             "=cmd|' /C calc'!A0,,x@example.org\n"
             "Eli Moss,,@SUM(1+1)\n"
             "Fay Ng,,-2+3\n")
    table = read_table(_write(tmp_path, sheet))
    checked = preview(store.sessions, table, guess_mapping(table.header))
    assert [row.line for row in checked.good] == [2]
    for row in checked.bad:
        assert any("looks like a spreadsheet formula" in p for p in row.problems), row


def test_likely_duplicates_of_kept_clients_and_of_earlier_rows_are_flagged(
        store: Store, tmp_path: Path) -> None:
    kept = factories.client(store.sessions, "Rosa Delgado", date_of_birth=date(1985, 3, 14))
    sheet = ("Full name,DOB\n"
             "ROSA DELGADO,1985-03-14\n"
             "Rosa Delgado,1986-03-14\n"
             "Gil Ortiz,1970-01-01\n"
             "gil ortiz,1970-01-01\n")
    table = read_table(_write(tmp_path, sheet))
    checked = preview(store.sessions, table, guess_mapping(table.header))
    flags = {row.line: (row.duplicate_of, row.repeats_line) for row in checked.rows}
    assert flags == {2: (kept, None), 3: (None, None), 4: (None, None), 5: (None, 4)}
    made = import_rows(store.sessions, checked, skip_duplicates=True)
    assert len(made) == 2


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
@pytest.mark.parametrize("separator", [",", ";"])
def test_utf8_with_or_without_bom_and_the_windows_encoding_with_either_separator(
        tmp_path: Path, encoding: str, separator: str) -> None:
    text = f"Nom complet{separator}Pronouns\r\nZoë Ångström{separator}she/her\r\n"
    table = read_table(_write(tmp_path, text, encoding))
    assert table.header == ("Nom complet", "Pronouns")
    assert table.rows == (("Zoë Ångström", "she/her"),)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "The file is empty."),
    (b"Name,DOB\n", "has a header but no clients"),
    (b"Name,Note\n\"Ana,unclosed\n", "not well-formed CSV"),
    (b"Name\nAna\x00\x01\x02\n", "not a CSV file"),
    (b"Name\n\x81\x8d\x8f\x90\x9d\xff\xfe\n", "encoding Practice cannot read"),
])
def test_hostile_files_get_a_clear_message(tmp_path: Path, content: bytes,
                                           message: str) -> None:
    path = tmp_path / "hostile.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        read_table(path)


def test_a_2_gb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as sparse:
        sparse.truncate(2 * 1024**3)  # sparse: no disk is used
    assert path.stat().st_size > MAX_BYTES
    with pytest.raises(ValidationError, match="too large to be a caseload"):
        read_table(path)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400))
def test_any_bytes_are_a_table_or_a_plain_refusal(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "any.csv"
    path.write_bytes(content)
    try:
        table = read_table(path)
    except ValidationError as refused:
        assert refused.message
    else:
        assert table.rows


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRACTICE_PASSPHRASE", TEST_PASSPHRASE)


def test_the_command_line_previews_then_writes_only_with_yes(
        store_path: Path, env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = _write(tmp_path, SHEET)
    assert main(["import-clients", str(sheet), "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert "line 2\tok\tRosa Delgado\t1985-03-14" in out
    assert "Nothing was written yet" in out
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        assert list_clients(store.sessions) == ()
    assert main(["import-clients", str(sheet), "--yes", "--store", str(store_path)]) == 0
    assert "Imported 2 clients." in capsys.readouterr().out
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        assert len(list_clients(store.sessions)) == 2


def test_the_command_line_writes_nothing_and_fails_when_any_row_is_bad(
        store_path: Path, env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = _write(tmp_path, "Name,Born\nAna Ruiz,1980-01-01\nBen Cole,31.12.1999\n")
    args = ["import-clients", str(sheet), "--yes", "--column", "date_of_birth=Born",
            "--store", str(store_path)]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "line 3\tnot imported\tDate of birth must be written as" in out
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        assert list_clients(store.sessions) == ()
    assert main([*args, "--skip-bad"]) == 0
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        assert [c.display_name for c in list_clients(store.sessions)] == ["Ana Ruiz"]


def test_a_column_the_file_does_not_have_is_refused_by_name(
        store_path: Path, env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = _write(tmp_path, SHEET)
    assert main(["import-clients", str(sheet), "--column", "email=Mail",
                 "--store", str(store_path)]) == 1
    assert "no column headed 'Mail'" in capsys.readouterr().err
