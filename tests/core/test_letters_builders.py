"""A small practice for the letter tests: a couple, canaries, providers and releases.

No tests here; the letter and disclosure test modules build their practice from these
functions. Canary words sit wherever a letter must never reach: the partner's names, a joint
session's note, a psychotherapy note and the client's own note text.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy.orm import Session, sessionmaker

from practice.services import notes, providers, psychotherapy, releases, settings
from practice.services.clients import ChannelSafety
from practice.services.providers import OrganisationDetails, ProviderDetails
from practice.services.releases import ReleaseDetails, Scope
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core import factories as f

LETTER_DAY = date(2025, 3, 14)
SIGNED = date(2025, 1, 2)
EXPIRES = date(2026, 1, 2)
EVERYTHING: frozenset[Scope] = frozenset(releases.SCOPES)

PARTNER_LEGAL = "Quentin Zephyrine Marlowe"
PARTNER_CHOSEN = "Quill"
JOINT_CANARY = "JOINTCANARY heron"
PSYCHOTHERAPY_CANARY = "PSYCHCANARY lighthouse"
OWN_NOTE_CANARY = "OWNNOTECANARY juniper"

PROSE = {
    "treatment_summary": "Graded pain-management steps and sensate focus.",
    "progress_summary": "Pain during intimacy has eased over recent weeks.",
    "recommendations": "A pelvic floor physical therapy referral would help.",
}


@dataclass(frozen=True)
class World:
    """Ids of everything the letter tests refer to."""

    client: int
    partner: int
    solo_unit: int
    couple_unit: int
    urologist: int
    physio: int
    client_release: int


def letter_sessions(store: Store) -> sessionmaker[Session]:
    """The store's sessions (its migrations made the letter tables)."""
    return store.sessions


def save_practice_profile(sessions: sessionmaker[Session]) -> None:
    """The practice that writes: letterhead, licences in three states, AASECT."""
    settings.save_profile(sessions, settings.PracticeProfile(
        practice_name="Harbor Sex & Relationship Therapy",
        therapist_name="Miriam Okafor", credentials="PhD, LMFT",
        licences=(settings.Licence("LA", "LMFT-1234", "LMFT"),
                  settings.Licence("TX", "98765", "LMFT"),
                  settings.Licence("MN", "5555", "LMFT")),
        certifications=("AASECT Certified Sex Therapist",),
        address_lines=("1200 Magazine Street, Suite 4", "New Orleans, LA 70130"),
        phone="(504) 555-0142", fax="(504) 555-0143", email="office@harbor.example",
    ))


def release(sessions: sessionmaker[Session], client: int, provider: int,
            scopes: frozenset[Scope] = EVERYTHING, *, signed: date = SIGNED,
            expires: date = EXPIRES) -> int:
    """Record a release from ``client`` to ``provider``."""
    return releases.record_release(sessions, ReleaseDetails(
        client, "Coordination of care", signed, expires, scopes, provider_id=provider),
        today=max(signed, LETTER_DAY)).id


def _notes(sessions: sessionmaker[Session], client: int, partner: int, solo: int,
           couple: int) -> None:
    for day in (date(2025, 2, 3), date(2025, 3, 3)):
        note = f.draft(sessions, solo, text=OWN_NOTE_CANARY, day=day)
        notes.set_codes(sessions, note.id, diagnoses=[(client, "F52.6")], procedures=["90834"])
        notes.sign_note(sessions, note.id, signed_by="Dr. Okafor")
    joint = f.draft(sessions, couple, day=date(2025, 2, 10),
                    text=f"{PARTNER_CHOSEN} spoke of {JOINT_CANARY}.")
    notes.set_codes(sessions, joint.id, diagnoses=[(client, "Z63.0"), (partner, "F52.21")],
                    procedures=["90847"])
    notes.sign_note(sessions, joint.id, signed_by="Dr. Okafor")
    psychotherapy.create_psychotherapy_note(sessions, solo, date(2025, 2, 3),
                                            PSYCHOTHERAPY_CANARY)


def _providers(sessions: sessionmaker[Session]) -> tuple[int, int]:
    org = providers.create_organisation(sessions, OrganisationDetails(
        "Crescent City Urology", address="3600 Prytania Street, New Orleans, LA 70115",
        fax="(504) 555-0199"))
    urologist = providers.create_provider(sessions, ProviderDetails(
        name="Anna Kowalski", specialty="urology", credentials="MD",
        organisation_id=org.id, npi=f.VALID_NPIS[0]))
    physio = providers.create_provider(sessions, ProviderDetails(
        name="Jordan Lee", specialty="pelvic_floor_pt", credentials="DPT",
        address="800 Baronne Street, New Orleans, LA 70113", fax="(504) 555-0177",
        npi=f.VALID_NPIS[1]))
    return urologist.id, physio.id


def build_world(sessions: sessionmaker[Session]) -> World:
    """A client in individual and couple therapy, her partner, two providers, one release."""
    save_practice_profile(sessions)
    client = f.client(
        sessions, "Ana Lucía Ruiz", "Lucía", pronouns="she/her",
        date_of_birth=date(1988, 7, 2),
    )
    partner = f.client(sessions, PARTNER_LEGAL, PARTNER_CHOSEN, date_of_birth=date(1986, 1, 9))
    solo, couple = f.unit(sessions, "individual", client), f.unit(sessions, "couple", client,
                                                                 partner)
    _notes(sessions, client, partner, solo, couple)
    urologist, physio = _providers(sessions)
    client_release = release(sessions, client, urologist)
    return World(client, partner, solo, couple, urologist, physio, client_release)


def world_template(empty_store: Path, folder: Path) -> tuple[Path, World]:
    """Build the world once in a copy of an empty store; tests then copy the result."""
    target = folder / "world"
    shutil.copytree(empty_store, target, ignore=shutil.ignore_patterns("*.lock"))
    with Store.open(target, Passphrase(TEST_PASSPHRASE)) as store:
        world = build_world(letter_sessions(store))
    return target, world


@contextmanager
def open_copy(template: Path, folder: Path) -> Iterator[Store]:
    """Open a private copy of a store folder, closed afterwards."""
    target = folder / "store"
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("*.lock"))
    with Store.open(target, Passphrase(TEST_PASSPHRASE)) as store:
        letter_sessions(store)
        yield store


def post_safe(name_style: str = "initials") -> ChannelSafety:
    """Post marked safe, with the name the client allows on the envelope."""
    return ChannelSafety("post", True, name_style)  # type: ignore[arg-type]


def pdf_text(pdf: bytes, password: str | None = None) -> str:
    """Every page's text as a recipient's reader extracts it, whitespace folded."""
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        reader.decrypt(password)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
