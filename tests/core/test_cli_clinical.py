"""`practice search` and `practice demo` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from practice.cli import main
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRACTICE_PASSPHRASE", TEST_PASSPHRASE)


def test_search_prints_a_note_found_by_a_prefix_and_a_client_by_name(
    store_path: Path, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        zoe = factories.client(store.sessions, "Zoë Ångström", "Zoë")
        note = factories.draft(store.sessions, factories.unit(store.sessions, "individual", zoe),
                               text="Explored vaginismus and dilator comfort.")
    assert main(["search", "vagin", "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert f"note\t#{note.id}" in out
    assert main(["search", "angstrom", "--store", str(store_path)]) == 0
    assert f"client\t#{zoe}" in capsys.readouterr().out


def test_search_with_no_match_says_so(store_path: Path, env: None,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", '"no such phrase anywhere"', "--store", str(store_path)]) == 0
    assert capsys.readouterr().out.strip() == "No matches."


def test_demo_refuses_a_negative_scale_before_creating_anything(
    tmp_path: Path, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--store", str(tmp_path / "d"), "--clients", "-1"]) == 1
    assert "zero or more" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()
