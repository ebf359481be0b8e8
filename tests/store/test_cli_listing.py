"""The command line on a real store: its clients by id, its clock, and backups by folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from practice.services.clients import set_status
from practice.services.settings import PracticeProfile, load_profile, save_profile
from practice.store.backup import backup
from practice.store.credentials import Passphrase
from practice.store.layout import DATABASE
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories as f
from tests.store.test_cli import practice

ENV = {"PRACTICE_PASSPHRASE": TEST_PASSPHRASE}


def test_clients_lists_id_name_and_status_for_the_client_option(store_path: Path) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        ana = f.client(store.sessions, "Ana Lucía Ruiz", "Lucía", date_of_birth=date(1988, 2, 7))
        ben = f.client(store.sessions, "Benjamin Okafor")
        set_status(store.sessions, ben, "discharged", date.today())
        save_profile(store.sessions, PracticeProfile(
            practice_name="Riverside Relationship Therapy", therapist_name="Dr. Maya Chen",
            credentials="LMFT"))
    listed = practice("clients", "--store", str(store_path), env=ENV)
    assert listed.returncode == 0, listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert rows == [[str(ben), "Benjamin Okafor", "discharged"], [str(ana), "Lucía", "active"]]
    active = practice("clients", "--store", str(store_path), "--status", "active", env=ENV)
    assert active.stdout.splitlines() == [f"{ana}\tLucía\tactive"]
    # The listed id is what --client takes.
    out = store_path.parent / "accounting.pdf"
    report = practice("disclosures", "--store", str(store_path), "--client", rows[1][0],
                      "--out", str(out), env=ENV)
    assert report.returncode == 0, report.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_clients_on_an_empty_store_says_where_clients_are_added(store_path: Path) -> None:
    listed = practice("clients", "--store", str(store_path), env=ENV)
    assert listed.returncode == 0
    assert listed.stdout == ""
    assert "add them in the app" in listed.stderr


def test_init_keeps_the_practice_on_the_computers_time_zone(tmp_path: Path) -> None:
    made = practice("init", "--store", str(tmp_path / "s"), env={**ENV, "TZ": "Europe/Berlin"})
    assert made.returncode == 0, made.stderr
    assert "The practice keeps time in Europe/Berlin, this computer's time zone." in made.stdout
    with Store.open(tmp_path / "s", Passphrase(TEST_PASSPHRASE)) as store:
        assert load_profile(store.sessions).time_zone == "Europe/Berlin"


def test_init_takes_a_chosen_time_zone_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    made = practice("init", "--store", str(tmp_path / "s"), "--time-zone", "America/Denver",
                    env=ENV)
    assert made.returncode == 0, made.stderr
    with Store.open(tmp_path / "s", Passphrase(TEST_PASSPHRASE)) as store:
        assert load_profile(store.sessions).time_zone == "America/Denver"
    refused = practice("init", "--store", str(tmp_path / "t"), "--time-zone", "Mars/Olympus",
                       env=ENV)
    assert refused.returncode == 2
    assert "not a known time zone" in refused.stderr
    assert not (tmp_path / "t").exists()


def test_backups_lists_the_folders_backups_and_restore_takes_the_folder(
        store_path: Path, tmp_path: Path) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        made = [backup(store, tmp_path / "b").path for _ in range(3)]
    listed = practice("backups", str(tmp_path / "b"))
    assert listed.returncode == 0, listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [Path(row[3]) for row in rows] == made[::-1]
    assert all(row[2] == "complete" and row[1].split()[1] in {"KB", "MB"} for row in rows)
    # The newest is damaged: restoring the folder passes over it, and says so.
    database = made[2] / DATABASE
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0x01
    database.write_bytes(bytes(data))
    restored = practice("restore", str(tmp_path / "b"), "--store", str(tmp_path / "new"), env=ENV)
    assert restored.returncode == 0, restored.stderr
    assert f"Store restored from {made[1].name} and verified." in restored.stdout
    assert f"Passed over {made[2].name}" in restored.stderr
    Store.open(tmp_path / "new", Passphrase(TEST_PASSPHRASE)).close()


def test_backups_of_a_folder_that_is_not_there_is_refused_in_plain_words(
        tmp_path: Path) -> None:
    result = practice("backups", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr.strip() == "practice: That backup folder does not exist."
