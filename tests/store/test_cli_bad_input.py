"""Bad input on the command line ends in one plain line and a non-zero exit, never a traceback.

Dates a calendar cannot hold, a file where a folder belongs, and a key file whose numbers
make no sense (a missing or absurd Argon2 setting, a page size SQLCipher refuses).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice.cli import main
from practice.errors import StoreDamaged
from practice.store.keyfile import KeyFile
from tests.conftest import TEST_PASSPHRASE
from tests.store.test_cli import ROOT, practice

KEY_FILE_DAMAGED = ("practice: The store's key file is damaged. Nothing has been changed; "
                    "restore the key file from your most recent backup.")


@pytest.fixture
def unlocked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The passphrase of every test store, where the command line looks for it."""
    for name in [n for n in os.environ if n.startswith("PRACTICE_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("PRACTICE_PASSPHRASE", TEST_PASSPHRASE)


def _edit_key_file(store_path: Path, change: Any) -> None:
    path = store_path / "practice.key"
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


def _one_plain_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "Error" not in err and "bug" not in err
    return lines[0]


# --- calendar dates ------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "last"), [
    ("9999-12-31", "9999-12-31"), ("0001-01-01", "0001-01-02"), ("2026-01-01", "9999-12-30"),
    ("1899-12-31", "2026-01-01"), ("2026-01-01", "3000-01-01"),
])
def test_a_calendar_range_outside_the_years_it_can_hold_is_refused_in_plain_words(
    store_path: Path, tmp_path: Path, unlocked: None, capsys: pytest.CaptureFixture[str],
    first: str, last: str,
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["export-ics", "--store", str(store_path), "--from", first, "--to", last,
              "--out", str(tmp_path / "cal.ics")])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "use a date from 1900-01-01 to 2999-12-31" in err
    assert "Overflow" not in err and "Traceback" not in err
    assert not (tmp_path / "cal.ics").exists()


@pytest.mark.parametrize(("first", "last"), [("1900-01-01", "1900-01-02"),
                                             ("2999-12-30", "2999-12-31")])
def test_a_calendar_at_either_end_of_the_years_it_can_hold_is_written(
    store_path: Path, tmp_path: Path, unlocked: None, first: str, last: str,
) -> None:
    out = tmp_path / "cal.ics"
    assert main(["export-ics", "--store", str(store_path), "--from", first, "--to", last,
                 "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")


# --- a file where a folder belongs -----------------------------------------------------------


def test_creating_a_store_on_a_file_is_refused_and_the_file_is_left_alone(
    tmp_path: Path, unlocked: None, capsys: pytest.CaptureFixture[str],
) -> None:
    a_file = tmp_path / "taxes.pdf"
    a_file.write_bytes(b"%PDF-1.7 not a store")
    assert main(["init", "--store", str(a_file)]) == 1
    assert _one_plain_line(capsys.readouterr().err) == (
        "practice: That place is a file, not a folder; choose a folder for the store.")
    assert a_file.read_bytes() == b"%PDF-1.7 not a store"
    assert main(["init", "--store", str(a_file / "inside")]) == 1
    assert "could not be made there" in _one_plain_line(capsys.readouterr().err)


def test_a_backup_onto_a_file_is_refused_and_the_file_is_left_alone(
    store_path: Path, tmp_path: Path, unlocked: None, capsys: pytest.CaptureFixture[str],
) -> None:
    a_file = tmp_path / "usb-stick.img"
    a_file.write_bytes(b"not a folder")
    assert main(["backup", "--store", str(store_path), str(a_file)]) == 1
    assert _one_plain_line(capsys.readouterr().err) == (
        "practice: The backup destination is a file, not a folder; give a folder to keep "
        "backups in.")
    assert a_file.read_bytes() == b"not a folder"
    assert main(["restore", "--store", str(a_file), str(store_path)]) == 1
    assert "a file, not a folder" in _one_plain_line(capsys.readouterr().err)


# --- key files whose fields make no sense ----------------------------------------------------


def test_a_key_file_without_its_argon2_settings_is_damage_even_when_asserts_are_off(
    store_path: Path,
) -> None:
    _edit_key_file(store_path, lambda doc: doc["slots"]["passphrase"].pop("argon2id"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRACTICE_")}
    result = subprocess.run(
        [sys.executable, "-O", "-m", "practice", "verify", "--store", str(store_path)],
        cwd=ROOT, env={**env, "PRACTICE_PASSPHRASE": TEST_PASSPHRASE}, capture_output=True,
        text=True, timeout=120, check=False, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert _one_plain_line(result.stderr) == KEY_FILE_DAMAGED


@pytest.mark.parametrize("setting", [
    {"memory_cost": 2 ** 40}, {"memory_cost": 4}, {"time_cost": 0}, {"time_cost": 10 ** 9},
    {"parallelism": 0}, {"parallelism": "2"}, {"time_cost": True}, {"memory_cost": 65536.5},
    {"memory_cost": None},
])
def test_an_argon2_setting_no_computer_should_run_is_reported_as_a_damaged_key_file(
    store_path: Path, unlocked: None, capsys: pytest.CaptureFixture[str],
    setting: dict[str, object],
) -> None:
    _edit_key_file(store_path, lambda doc: doc["slots"]["passphrase"]["argon2id"].update(setting))
    assert main(["verify", "--store", str(store_path)]) == 1
    assert _one_plain_line(capsys.readouterr().err) == KEY_FILE_DAMAGED


@pytest.mark.parametrize("page_size", [1000, 0, -4096, 131072, True, "16384", 16384.0])
def test_a_page_size_sqlcipher_refuses_is_a_damaged_key_file_and_sqlcipher_stays_quiet(
    store_path: Path, page_size: object,
) -> None:
    _edit_key_file(store_path, lambda doc: doc.update(cipher_page_size=page_size))
    result = practice("verify", "--store", str(store_path),
                      env={"PRACTICE_PASSPHRASE": TEST_PASSPHRASE})
    assert result.returncode == 1
    assert _one_plain_line(result.stderr) == KEY_FILE_DAMAGED


def test_a_valid_but_wrong_page_size_is_damage_and_sqlcipher_stays_quiet(store_path: Path) -> None:
    _edit_key_file(store_path, lambda doc: doc.update(cipher_page_size=4096))
    result = practice("verify", "--store", str(store_path),
                      env={"PRACTICE_PASSPHRASE": TEST_PASSPHRASE})
    assert result.returncode == 1
    assert "database file is damaged" in _one_plain_line(result.stderr)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=6,
)
_FIELDS = (("cipher_page_size",), ("audit_anchor",), ("audit_anchor", "seq"),
           ("audit_anchor", "mac"), ("slots", "passphrase"), ("slots", "passphrase", "nonce"),
           ("slots", "passphrase", "salt"), ("slots", "passphrase", "wrapped"),
           ("slots", "passphrase", "argon2id"), ("slots", "passphrase", "argon2id", "time_cost"),
           ("slots", "passphrase", "argon2id", "memory_cost"), ("slots", "recovery", "salt"),
           ("slots",), ("store_id",))


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(_FIELDS), value=_JSON)
def test_any_value_in_any_key_file_field_reads_back_valid_or_is_damage(
    field: tuple[str, ...], value: object,
) -> None:
    from practice.store.kdf import FAST_INSECURE_PARAMS
    from practice.store.keyfile import new_data_key

    data_key = new_data_key()
    good = KeyFile("0" * 32).with_passphrase(data_key, "a long passphrase", FAST_INSECURE_PARAMS)
    doc = json.loads(good.with_recovery(data_key, bytes(20)).to_bytes())
    holder = doc
    for name in field[:-1]:
        holder = holder[name]
    holder[field[-1]] = value
    try:
        read = KeyFile.from_bytes(json.dumps(doc).encode())
    except StoreDamaged:
        return
    kdf = read.slots["passphrase"].kdf
    assert kdf is not None and 1 <= kdf.time_cost <= 1024 and kdf.memory_cost <= 1024 ** 2
    assert read.page_size in {2 ** n for n in range(9, 17)}
    assert all(len(slot.nonce) == 12 and len(slot.wrapped) == 48 for slot in read.slots.values())


# --- search ------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "says"), [
    ('"unbalanced', "a quotation mark is not closed"),
    ("NEAR( AND", "brackets are not used in a search"),
    ("sensate OR focus", "AND, OR, NOT and NEAR are not used"),
])
def test_search_says_a_malformed_query_could_not_be_read_instead_of_no_matches(
    store_path: Path, unlocked: None, capsys: pytest.CaptureFixture[str], query: str, says: str,
) -> None:
    assert main(["search", "--store", str(store_path), query]) == 1
    out, err = capsys.readouterr()
    assert "No matches" not in out
    line = _one_plain_line(err)
    assert line.startswith("practice: The search could not be read") and says in line


@pytest.mark.parametrize("limit", ["-1", "0", "1001"])
def test_search_refuses_a_limit_that_is_not_a_count_of_results(
    store_path: Path, unlocked: None, capsys: pytest.CaptureFixture[str], limit: str,
) -> None:
    assert main(["search", "--store", str(store_path), "--limit", limit, "sensate"]) == 1
    assert _one_plain_line(capsys.readouterr().err) == (
        "practice: The number of results to show must be a whole number from 1 to 1000.")


def test_search_refuses_a_limit_that_is_not_a_number(
    store_path: Path, unlocked: None, capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["search", "--store", str(store_path), "--limit", "ten", "sensate"])
    assert stopped.value.code == 2
    assert "invalid int value: 'ten'" in capsys.readouterr().err
