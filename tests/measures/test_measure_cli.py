"""``practice measure add`` and ``practice measure list`` on a real encrypted store."""

from __future__ import annotations

from pathlib import Path

import pytest

from practice.cli import main
from practice.services.measures import list_measures, open_risk_flags
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories as f


@pytest.fixture
def store_dir(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with a couple (Rosa and Tomás) and a client in individual work (Ines)."""
    monkeypatch.setenv("PRACTICE_PASSPHRASE", TEST_PASSPHRASE)
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        rosa = f.client(store.sessions, "Rosa Delgado")
        tomas = f.client(store.sessions, "Tomás Herrera")
        ines = f.client(store.sessions, "Ines Okoro")
        f.unit(store.sessions, "couple", rosa, tomas)
        f.unit(store.sessions, "individual", ines)
    return store_path


def measure(store_dir: Path, *args: str) -> int:
    return main(["measure", *args, "--store", str(store_dir)])


def test_add_prints_the_stored_result_and_list_prints_one_tab_separated_line_each(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert measure(store_dir, "add", "--client", "rosa", "--instrument", "phq9",
                   "--answers", "2,2,1,1,1,1,1,1,1", "--date", "2025-03-10") == 0
    out = capsys.readouterr().out
    assert "Recorded PHQ-9 #1 for client 1 on 2025-03-10: total 11, moderate." in out
    assert "Risk flag raised" in out
    assert "Rosa" not in out  # ids only in the terminal
    assert measure(store_dir, "add", "--client", "Rosa Delgado", "--instrument", "csi4",
                   "--answers", "5, 4, 4, 4", "--partner", "tomás", "--date",
                   "2025-03-11") == 0
    assert "about client 2" in capsys.readouterr().out
    assert measure(store_dir, "add", "--client", "3", "--instrument", "fsfi",
                   "--answers", ",".join(["3"] * 19), "--date", "2025-03-12") == 0
    assert "  Desire: 3.6" in capsys.readouterr().out
    assert measure(store_dir, "list", "--client", "rosa") == 0
    assert capsys.readouterr().out.splitlines() == [
        "2025-03-10\tphq9\t11\tmoderate",
        "2025-03-11\tcsi4\t17\tabove the distress cutoff",
    ]
    with Store.open(store_dir, Passphrase(TEST_PASSPHRASE)) as store:
        assert [m.total for m in list_measures(store.sessions, 3)] == [21.6]
        assert len(open_risk_flags(store.sessions)) == 1


@pytest.mark.parametrize(("args", "message"), [
    (("--instrument", "phq9", "--answers", "0,0,0,4,0,0,0,0,0"),
     "Item 4 of the PHQ-9 must be between 0 and 3."),
    (("--instrument", "gad7", "--answers", "1,1,1"),
     "The GAD-7 has 7 items; 3 answers were given."),
    (("--instrument", "csi4", "--answers", "1,x,1,1"),
     "Item 2 of the CSI-4 must be a whole number."),
    (("--instrument", "csi4", "--answers", "1,1,1,1", "--partner", "ines"),
     "The partner must share a care unit or a recorded relationship with the client."),
    (("--instrument", "gad7", "--answers", "1,1,1,1,1,1,1", "--partner", "tomás"),
     "The GAD-7 is not about a partner; leave the partner out."),
    (("--instrument", "gad7", "--answers", "1,1,1,1,1,1,1", "--date", "2025-13-40"),
     "Date"),
])
def test_wrong_answers_are_refused_in_words_and_nothing_is_stored(
    store_dir: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert measure(store_dir, "add", "--client", "rosa", *args) == 1
    err = capsys.readouterr().err
    assert err.startswith("practice: ") and message in err
    with Store.open(store_dir, Passphrase(TEST_PASSPHRASE)) as store:
        assert list_measures(store.sessions, 1) == ()


def test_an_unknown_instrument_is_refused_by_the_parser(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        measure(store_dir, "add", "--client", "rosa", "--instrument", "beck", "--answers", "1")
    assert "invalid choice: 'beck'" in capsys.readouterr().err


def test_list_of_a_client_without_measures_prints_nothing(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert measure(store_dir, "list", "--client", "ines") == 0
    assert capsys.readouterr().out == ""
