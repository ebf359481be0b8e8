"""Who a billing document names and what it points to: therapist, client, diagnoses.

The therapist's individual NPI and tax identifier are kept in the practice profile's
settings (``PracticeProfile.extra``, keys ``npi`` and ``tax_id``). Only an employer
identification number is printed: a number shaped as a social security number is refused,
so a therapist's SSN never reaches an insurer or a client by mistake.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from practice.errors import ValidationError
from practice.models.clients import Client
from practice.models.notes import NoteDiagnosis, ProgressNote
from practice.services.billing_documents.model import Biller, DiagnosisCode, Patient
from practice.services.common import load
from practice.services.notes.codes import describe
from practice.services.providers import npi_is_valid
from practice.services.settings import NPI_KEY, TAX_ID_KEY, PracticeProfile

#: The profile settings a superbill and an estimate need filled in.
NPI_SETTING = NPI_KEY
TAX_ID_SETTING = TAX_ID_KEY

NO_NPI = ("A {document} needs the therapist's individual NPI: fill in \"Individual NPI\" "
          "in Settings, Practice, and try again. Nothing was issued.")
BAD_NPI = ("The therapist's NPI in Settings, Practice (\"Individual NPI\") is not a valid "
           "NPI: ten digits ending in the right check digit. Nothing was issued.")
NO_TAX_ID = ("A {document} needs the practice's tax identifier (EIN, such as 12-3456789): fill "
             "in \"Tax ID (EIN)\" in Settings, Practice, and try again. Nothing was issued.")
SSN_TAX_ID = ("The tax identifier in the practice profile looks like a social security number; "
              "a {document} prints the practice's EIN (such as 12-3456789) instead. Change "
              "\"Tax ID (EIN)\" in Settings, Practice, and try again. Nothing was issued.")
BAD_TAX_ID = ("The tax identifier in Settings, Practice (\"Tax ID (EIN)\") "
              "is not an EIN: nine digits, such as 12-3456789. Nothing was issued.")
NO_THERAPIST = ("A {document} names the therapist who gave the services: fill in the "
                "therapist's name in Settings and try again. Nothing was issued.")

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SSN_SHAPE = re.compile(r"\d{3}-\d{2}-\d{4}", re.ASCII)
_EIN_SHAPE = re.compile(r"\d{2}-?\d{7}", re.ASCII)


def _ein(typed: str, document: str) -> str:
    text = typed.strip().replace(" ", "")
    if not text:
        raise ValidationError(NO_TAX_ID.format(document=document))
    if _SSN_SHAPE.fullmatch(text):
        raise ValidationError(SSN_TAX_ID.format(document=document))
    if not _EIN_SHAPE.fullmatch(text):
        raise ValidationError(BAD_TAX_ID)
    digits = text.replace("-", "")
    return f"{digits[:2]}-{digits[2:]}"


def biller_of(profile: PracticeProfile, on: date, document: str) -> Biller:
    """The therapist as a superbill or estimate names them, checked before anything is drawn.

    Args:
        profile: The practice profile.
        on: The document's date (only licences in force that day are printed).
        document: "superbill" or "good-faith estimate", for the messages.

    Returns:
        The therapist's name, NPI, EIN and licences.

    Raises:
        ValidationError: No therapist name, a missing or invalid NPI, or a missing tax
            identifier, one shaped as a social security number, or one that is not an EIN.
    """
    if not profile.therapist_name.strip():
        raise ValidationError(NO_THERAPIST.format(document=document))
    npi = profile.extra.get(NPI_SETTING, "").strip().replace(" ", "").replace("-", "")
    if not npi:
        raise ValidationError(NO_NPI.format(document=document))
    if not npi_is_valid(npi):
        raise ValidationError(BAD_NPI.format(setting=NPI_SETTING))
    tax_id = _ein(profile.extra.get(TAX_ID_SETTING, ""), document)
    active = [lic for lic in profile.licences if lic.active_on(on)]
    name = ", ".join(p for p in (profile.therapist_name.strip(), profile.credentials.strip()) if p)
    return Biller(
        name=name, npi=npi, tax_id=tax_id,
        licences=tuple(" ".join(p for p in (lic.kind, lic.state, lic.number) if p)
                       for lic in active),
        states=tuple(sorted({lic.state for lic in active})))


def patient_in(s: Session, client_id: int) -> Patient:
    """The client by their legal name, birth date and address (never the chosen name).

    Args:
        s: An open session.
        client_id: The client.

    Returns:
        The client as a bill names them.

    Raises:
        NotFound: No such client.
    """
    client = load(s, Client, client_id, "client")
    return Patient(client.id, client.legal_name, client.date_of_birth, client.address or "")


def diagnoses_by_session(s: Session, client_id: int,
                         appointment_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The client's diagnoses on each session's signed progress note, in order of importance.

    A draft note's codes are not yet the therapist's word and are left out.

    Args:
        s: An open session.
        client_id: The client (a joint note codes each attendee apart: only theirs count).
        appointment_ids: The sessions.

    Returns:
        ICD-10-CM codes by session; a session with no signed note is absent.
    """
    ids = list(set(appointment_ids))
    found: dict[int, list[str]] = {}
    rows = s.execute(
        select(ProgressNote.appointment_id, NoteDiagnosis.code)
        .join(NoteDiagnosis, NoteDiagnosis.note_id == ProgressNote.id)
        .where(ProgressNote.appointment_id.in_(ids), ProgressNote.status == "signed",
               NoteDiagnosis.client_id == client_id)
        .order_by(ProgressNote.appointment_id, ProgressNote.id, NoteDiagnosis.position))
    for appointment_id, code in rows:
        if appointment_id is None:
            continue
        codes = found.setdefault(appointment_id, [])
        if code not in codes:
            codes.append(code)
    return {appointment: tuple(codes) for appointment, codes in found.items()}


def latest_diagnoses(s: Session, client_id: int) -> tuple[str, ...]:
    """The client's codes on their most recent signed note that gives them any.

    Args:
        s: An open session.
        client_id: The client.

    Returns:
        ICD-10-CM codes in order of importance; empty when none were ever signed.
    """
    note_id = s.scalar(
        select(ProgressNote.id).join(NoteDiagnosis, NoteDiagnosis.note_id == ProgressNote.id)
        .where(ProgressNote.status == "signed", NoteDiagnosis.client_id == client_id)
        .order_by(ProgressNote.session_date.desc(), ProgressNote.id.desc()).limit(1))
    if note_id is None:
        return ()
    return tuple(s.scalars(select(NoteDiagnosis.code).where(
        NoteDiagnosis.note_id == note_id, NoteDiagnosis.client_id == client_id)
        .order_by(NoteDiagnosis.position)))


def pointed(codes: Iterable[str]) -> tuple[DiagnosisCode, ...]:
    """Give each code its pointer letter, in order, with its description.

    Args:
        codes: Distinct ICD-10-CM codes in the order they first appear.

    Returns:
        ``A`` for the first, ``B`` for the next, and so on.
    """
    return tuple(DiagnosisCode(_LETTERS[i] if i < len(_LETTERS) else str(i + 1), code,
                               describe("icd10cm", code) or "")
                 for i, code in enumerate(dict.fromkeys(codes)))
