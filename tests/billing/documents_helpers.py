"""A practice ready to bill: profile with NPI and EIN, a client with a legal and a chosen name."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy.orm import Session, sessionmaker

from practice.services.clients import ChannelSafety, ClientDetails, create_client
from practice.services.notes import (
    FORMAT_SECTIONS,
    NoteHeader,
    save_draft,
    set_codes,
    sign_note,
    start_note,
)
from practice.services.settings import Licence, load_profile, save_profile
from tests.billing.conftest import OPENED

NPI = "1234567893"
EIN = "12-3456789"
LEGAL = "Margaret Ann Whitfield"
CHOSEN = "Sky"


def set_billing_profile(sessions: sessionmaker[Session], **extra: str) -> None:
    """The practice's letterhead, therapist and licence; NPI and EIN unless overridden."""
    settings = {"npi": NPI, "tax_id": EIN, **extra}
    save_profile(sessions, replace(
        load_profile(sessions), practice_name="Harbor Sex & Relationship Therapy",
        therapist_name="Ada Rivera", credentials="PhD, LMFT",
        address_lines=("200 Lake Shore Drive, Suite 4", "Chicago, IL 60611"),
        phone="(312) 555-0142",
        licences=(Licence("IL", "LMFT-0042", "LMFT", date(2030, 1, 31)),),
        extra={k: v for k, v in settings.items() if v}))


def whitfield(sessions: sessionmaker[Session]) -> int:
    """A client whose chosen name differs from her legal name, who takes post at home."""
    return create_client(sessions, ClientDetails(
        legal_name=LEGAL, chosen_name=CHOSEN, date_of_birth=date(1985, 4, 12),
        address="12 Elm Street, Evanston, IL 60201"), on=OPENED,
        channels=(ChannelSafety("post", True, "legal"),)).id


def sign_with_codes(sessions: sessionmaker[Session], unit_id: int, appointment_id: int,
                    day: date, diagnoses: list[tuple[int, str]],
                    attendees: list[int] | None = None) -> int:
    """Write, code and sign the session's progress note."""
    note = start_note(sessions, unit_id, NoteHeader(day, "free", None, appointment_id),
                      attendee_ids=attendees, today=date(2026, 12, 31))
    save_draft(sessions, note.id, {FORMAT_SECTIONS["free"][0]: "Sensate focus, week two."})
    set_codes(sessions, note.id, diagnoses=diagnoses)
    return sign_note(sessions, note.id, signed_by="Ada Rivera, PhD").id


def pdf_text(pdf: bytes, password: str | None = None) -> str:
    """The PDF's text as pypdf reads it, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        reader.decrypt(password)
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def pdftotext(path: Path) -> str | None:
    """The file's text as poppler's pdftotext reads it (None where it is not installed)."""
    if shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True, timeout=60)
    return done.stdout


def qpdf_check(path: Path, password: str | None = None) -> subprocess.CompletedProcess[str]:
    """``qpdf --check`` on the file, opened with its password if it has one."""
    opened = [] if password is None else [f"--password={password}"]
    return subprocess.run(["qpdf", *opened, "--check", str(path)], capture_output=True,
                          text=True, check=False, timeout=60)
