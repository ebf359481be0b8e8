"""The letter and disclosure commands, end to end in a subprocess, as a therapist runs them."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from practice.services import letters
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories as f
from tests.core.test_letters_builders import LETTER_DAY, PROSE, World, pdf_text, world_template

ROOT = Path(__file__).resolve().parent.parent.parent
ENV = {"PRACTICE_PASSPHRASE": TEST_PASSPHRASE}


@pytest.fixture(scope="module")
def template(template_store: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, World]:
    folder, world = world_template(template_store[0], tmp_path_factory.mktemp("cli"))
    with Store.open(folder, Passphrase(TEST_PASSPHRASE)) as store:
        for legal in ("Sam Ortiz", "Samantha Reyes"):
            f.client(store.sessions, legal, "Sam", date_of_birth=date(1990, 1, 1))
    return folder, world


@pytest.fixture
def store_dir(template: tuple[Path, World], tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(template[0], target, ignore=shutil.ignore_patterns("*.lock"))
    return target


@pytest.fixture
def fields_file(tmp_path: Path) -> Path:
    path = tmp_path / "fields.txt"
    path.write_text("".join(f"{name}: {text}\n" for name, text in PROSE.items()),
                    encoding="utf-8")
    return path


def practice(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PRACTICE_")}
    return subprocess.run([sys.executable, "-m", "practice", *args], cwd=ROOT,
                          env={**clean, **ENV, **(env or {})}, capture_output=True, text=True,
                          timeout=120, check=False, stdin=subprocess.DEVNULL)


def letter(store_dir: Path, out: Path, *extra: str, client: str = "lucia"
           ) -> subprocess.CompletedProcess[str]:
    return practice("letter", "--store", str(store_dir), "--client", client,
                    "--provider", "kowalski", "--template", "urology", "--out", str(out),
                    "--date", "2025-03-14", *extra)


def test_the_letter_command_issues_the_letter_and_writes_an_owner_only_pdf(
    store_dir: Path, fields_file: Path, tmp_path: Path,
) -> None:
    secret = tmp_path / "password"
    secret.write_text("blue heron 42\n", encoding="utf-8")
    out = tmp_path / "letter.pdf"
    result = letter(store_dir, out, "--fields-file", str(fields_file), "--legal-name",
                    "--password-file", str(secret))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = pdf_text(out.read_bytes(), "blue heron 42")
    assert "Re: Ana Lucía Ruiz, DOB 07/02/1988" in text
    assert PROSE["recommendations"] in text
    assert "Lucía" not in result.stdout + result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fields.txt", "letter.pdf", "password", "store"]
    letter_id = result.stdout.split()[1]
    again = practice("letter-export", "--store", str(store_dir), "--letter", letter_id,
                     "--out", str(tmp_path / "again.pdf"))
    assert again.returncode == 0, again.stderr
    assert pdf_text((tmp_path / "again.pdf").read_bytes()) == text


def test_the_disclosures_command_writes_the_accounting(
    store_dir: Path, template: tuple[Path, World], tmp_path: Path,
) -> None:
    world = template[1]
    with Store.open(store_dir, Passphrase(TEST_PASSPHRASE)) as store:
        letters.issue_letter(store.sessions, letters.compose_letter(
            store.sessions, client_id=world.client, provider_id=world.urologist,
            template_key="urology", on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE))
    report = tmp_path / "report.pdf"
    listed = practice("disclosures", "--store", str(store_dir), "--client", "Ana Ruiz",
                      "--out", str(report))
    assert listed.returncode == 0, listed.stderr
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert "Anna Kowalski, MD, Crescent City Urology" in pdf_text(report.read_bytes())


def test_an_ambiguous_name_is_refused_with_the_candidates(
    store_dir: Path, tmp_path: Path,
) -> None:
    out = tmp_path / "letter.pdf"
    result = letter(store_dir, out, client="sam")
    assert result.returncode == 1
    assert "More than one client matches that name; give the id instead." in result.stderr
    candidates = [line.split() for line in result.stderr.splitlines() if line.startswith("  ")]
    assert len(candidates) == 2 and all(c[1] == "Sam" for c in candidates)
    assert "Ortiz" not in result.stderr  # listed by chosen name
    assert not out.exists()


def test_a_letter_without_a_release_exits_non_zero_with_the_reason(
    store_dir: Path, fields_file: Path, tmp_path: Path,
) -> None:
    out = tmp_path / "letter.pdf"
    result = letter(store_dir, out, "--fields-file", str(fields_file), client="Sam Ortiz")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "practice: There is no release on file for this recipient."
    )
    assert not out.exists()
