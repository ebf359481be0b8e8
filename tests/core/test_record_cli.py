"""``practice record``: a client's copy of their record, end to end in a subprocess."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from practice.services import notes, units
from practice.services.letters import disclosures
from practice.services.letters.disclosures import CLIENT_COPY_AUTHORITY, CLIENT_COPY_PURPOSE
from practice.services.units import Agreement
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories as f
from tests.core.test_letters_builders import (
    OWN_NOTE_CANARY,
    PSYCHOTHERAPY_CANARY,
    World,
    pdf_text,
    world_template,
)
from tests.core.test_letters_cli import practice

SECRET = "SECRETWORD merlin"


@pytest.fixture(scope="module")
def template(template_store: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, World]:
    folder, world = world_template(template_store[0], tmp_path_factory.mktemp("record"))
    with Store.open(folder, Passphrase(TEST_PASSPHRASE)) as store:
        units.set_agreement(store.sessions, world.couple_unit, Agreement("individual_private"))
        alone = f.draft(store.sessions, world.couple_unit, text=SECRET,
                        attendees=[world.partner])
        notes.sign_note(store.sessions, alone.id, signed_by="Dr. Okafor")
    return folder, world


@pytest.fixture
def store_dir(template: tuple[Path, World], tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(template[0], target, ignore=shutil.ignore_patterns("*.lock"))
    return target


def test_the_record_command_writes_a_protected_pdf_and_a_fhir_bundle(
    store_dir: Path, tmp_path: Path,
) -> None:
    secret = tmp_path / "password"
    secret.write_text("salt marsh 7\n", encoding="utf-8")
    out, bundle = tmp_path / "copy.pdf", tmp_path / "copy.json"
    result = practice("record", "--store", str(store_dir), "--client", "Ana Ruiz",
                      "--out", str(out), "--json", str(bundle), "--password-file", str(secret),
                      "--date", "2025-04-01")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert PdfReader(out).is_encrypted
    text = pdf_text(out.read_bytes(), "salt marsh 7")
    assert OWN_NOTE_CANARY in text and PSYCHOTHERAPY_CANARY not in text
    assert SECRET.split()[0] not in text + bundle.read_text(encoding="utf-8")
    assert json.loads(bundle.read_text(encoding="utf-8"))["resourceType"] == "Bundle"
    # The therapist's terminal hears what was withheld, but no name and no note text.
    assert "another member's individual session" in result.stdout
    assert "Luc" not in result.stdout + result.stderr
    assert "Ruiz" not in result.stdout + result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "copy.json", "copy.pdf", "password", "store"]


def test_a_clients_record_export_is_logged_as_a_disclosure_to_the_client(
    store_dir: Path, tmp_path: Path, template: tuple[Path, World],
) -> None:
    out, accounting = tmp_path / "copy.pdf", tmp_path / "accounting.pdf"
    result = practice("record", "--store", str(store_dir), "--client", "Ana Ruiz",
                      "--out", str(out), "--date", "2025-04-01")
    assert result.returncode == 0, result.stderr
    assert "a copy of the record given to the client" in result.stdout
    result = practice("disclosures", "--store", str(store_dir), "--client", "Ana Ruiz",
                      "--out", str(accounting))
    assert result.returncode == 0, result.stderr
    text = " ".join(pdf_text(accounting.read_bytes()).split())
    assert "04/01/2025" in text and "Copy of the record: attendance; diagnosis; progress" in text
    assert CLIENT_COPY_PURPOSE in text and CLIENT_COPY_AUTHORITY in text
    with Store.open(store_dir, Passphrase(TEST_PASSPHRASE)) as store:
        (logged,) = disclosures.list_disclosures(store.sessions, template[1].client)
    assert logged.copy_to_client and logged.release_id is None


def test_a_missing_folder_writes_nothing_and_says_so(store_dir: Path, tmp_path: Path) -> None:
    result = practice("record", "--store", str(store_dir), "--client", "Ana Ruiz",
                      "--out", str(tmp_path / "nowhere" / "copy.pdf"))
    assert result.returncode == 1
    assert result.stderr.strip() == "practice: The folder chosen for the PDF does not exist."
