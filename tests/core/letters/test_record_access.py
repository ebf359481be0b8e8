"""The client's right of access: her copy of the record, as PDF and as a FHIR R4 Bundle."""

from __future__ import annotations

import base64
import io
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.models.audit import AuditEntry
from practice.services import letters, notes, units
from practice.services.record_access import export_record, gather_record
from practice.services.record_access.gather import HELD_SEPARATELY, SHARED_NO_SECRETS
from practice.services.units import Agreement, relationships
from tests.core import factories as f
from tests.core.test_letters_builders import (
    JOINT_CANARY,
    LETTER_DAY,
    OWN_NOTE_CANARY,
    PARTNER_CHOSEN,
    PARTNER_LEGAL,
    PROSE,
    PSYCHOTHERAPY_CANARY,
    World,
    pdf_text,
)

TODAY = date(2025, 4, 1)
PARTNER_SECRET = "PARTNERSECRET kestrel"


def _export(sessions: sessionmaker[Session], world: World, tmp_path: Path,
            password: str | None = None) -> tuple[str, str]:
    pdf, fhir = tmp_path / "copy.pdf", tmp_path / "copy.json"
    export_record(sessions, world.client, today=TODAY, pdf_path=pdf, json_path=fhir,
                  password=password)
    return pdf_text(pdf.read_bytes(), password), fhir.read_text(encoding="utf-8")


def _partners_individual_session(sessions: sessionmaker[Session], world: World) -> None:
    note = f.draft(sessions, world.couple_unit, day=date(2025, 2, 17),
                   text=f"Alone, said {PARTNER_SECRET}.", attendees=[world.partner])
    notes.sign_note(sessions, note.id, signed_by="Dr. Okafor")


def _agree(sessions: sessionmaker[Session], world: World, kind: units.Confidentiality) -> None:
    units.set_agreement(sessions, world.couple_unit, Agreement(kind, agreed_on=date(2025, 1, 6)))


def _decoded_documents(bundle: str) -> str:
    found = json.loads(bundle)
    return " ".join(
        base64.b64decode(c["attachment"]["data"]).decode("utf-8", "replace")
        for e in found["entry"] if e["resource"]["resourceType"] == "DocumentReference"
        for c in e["resource"]["content"]
        if c["attachment"]["contentType"].startswith("text/plain"))


def test_psychotherapy_notes_never_appear(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    pdf, bundle = _export(sessions, world, tmp_path)
    assert OWN_NOTE_CANARY in pdf and OWN_NOTE_CANARY in _decoded_documents(bundle)
    assert PSYCHOTHERAPY_CANARY.split()[0] not in pdf
    assert PSYCHOTHERAPY_CANARY.split()[0] not in bundle + _decoded_documents(bundle)


def test_a_joint_note_appears_in_full_under_no_secrets(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    _agree(sessions, world, "no_secrets")
    _partners_individual_session(sessions, world)
    pdf, bundle = _export(sessions, world, tmp_path)
    assert JOINT_CANARY in pdf and JOINT_CANARY in _decoded_documents(bundle)
    assert PARTNER_SECRET in pdf and SHARED_NO_SECRETS in pdf
    assert f"Attended by: {PARTNER_CHOSEN}" in pdf


def test_a_partners_individual_disclosure_never_appears_in_the_other_partners_record_export_under_held_separately(  # noqa: E501
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    _agree(sessions, world, "individual_private")
    _partners_individual_session(sessions, world)
    pdf, bundle = _export(sessions, world, tmp_path)
    assert PARTNER_SECRET.split()[0] not in pdf
    assert PARTNER_SECRET.split()[0] not in bundle + _decoded_documents(bundle)
    assert JOINT_CANARY in pdf  # the joint session is the unit's, so hers too
    withheld = gather_record(sessions, world.client, today=TODAY).withheld
    assert [w.why for w in withheld if "individual session" in w.what] == [HELD_SEPARATELY]
    assert "Withheld from this copy" in pdf and "another member's individual session" in pdf
    assert "2025-02-17" not in pdf and "February 17" not in pdf


def test_a_session_held_in_confidence_stays_withheld_after_the_unit_agrees_to_no_secrets(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    """What a partner said before the unit agreed to share everything was said in confidence."""
    _partners_individual_session(sessions, world)  # 2025-02-17, held separately then
    units.set_agreement(sessions, world.couple_unit,
                        Agreement("no_secrets", agreed_on=date(2025, 9, 1)))
    pdf, bundle = _export(sessions, world, tmp_path)
    assert PARTNER_SECRET.split()[0] not in pdf
    assert PARTNER_SECRET.split()[0] not in bundle + _decoded_documents(bundle)
    assert "another member's individual session" in pdf


def test_another_members_diagnosis_never_appears_even_under_no_secrets(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    """A diagnosis is that member's own record: not a secret the agreement shares."""
    _agree(sessions, world, "no_secrets")
    pdf, bundle = _export(sessions, world, tmp_path)
    assert "F52.21" not in pdf and "F52.21" not in bundle and "rectile" not in pdf
    assert "F52.6" in pdf and "Z63.0" in pdf
    assert "Nothing was withheld." in pdf


def test_other_members_are_named_only_as_she_knows_them(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    relationships.add_relationship(sessions, world.couple_unit, world.client, world.partner,
                                   "spouse", started_on=date(2015, 6, 1))
    units.create_unit(sessions, "couple", [world.client, world.partner],
                      opened_on=date(2025, 3, 1), label="Ruiz–Marlowe premarital")
    pdf, bundle = _export(sessions, world, tmp_path)
    assert "premarital" not in pdf  # a label carrying his legal name is left off
    for word in PARTNER_LEGAL.split():
        assert word not in pdf and word not in bundle
    related = [e["resource"] for e in json.loads(bundle)["entry"]
               if e["resource"]["resourceType"] == "RelatedPerson"]
    assert [r["name"][0]["text"] for r in related] == [PARTNER_CHOSEN]
    assert "Ana Lucía Ruiz" in pdf  # her own legal name is part of her record


def test_letters_sent_are_listed_and_attached_as_issued_with_the_accounting(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    issued = letters.issue_letter(sessions, letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key="urology",
        on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE))
    pdf_path = tmp_path / "copy.pdf"
    export_record(sessions, world.client, today=TODAY, pdf_path=pdf_path)
    text = pdf_text(pdf_path.read_bytes())
    assert "Letters sent" in text and "Coordination of care with urology" in text
    assert "Accounting of disclosures" in text and "Anna Kowalski, MD" in text
    assert "Dear Dr. Kowalski:" in text  # the letter itself, appended page for page
    pages = len(PdfReader(pdf_path).pages)
    assert pages > len(PdfReader(io.BytesIO(issued.pdf)).pages)


def test_the_export_is_logged_in_the_audit_trail_with_ids_only(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    _export(sessions, world, tmp_path)
    with sessions() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "record.export")).one()
    assert entry.entity_id == world.client
    detail = json.loads(entry.detail)
    assert detail["pdf"] is True and detail["fhir"] is True and detail["notes"] == 3
    assert "Luc" not in entry.detail and "Ruiz" not in entry.detail


def test_a_protected_copy_opens_only_with_its_password(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    pdf, _ = _export(sessions, world, tmp_path, password="tide pool 42")
    assert OWN_NOTE_CANARY in pdf
    reader = PdfReader(tmp_path / "copy.pdf")
    assert reader.is_encrypted and not reader.decrypt("wrong")


def test_nothing_is_written_when_the_folder_is_missing(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    from practice.services.record_access import RecordExportError

    with pytest.raises(RecordExportError, match="folder"):
        export_record(sessions, world.client, today=TODAY, pdf_path=tmp_path / "no" / "a.pdf")
    with sessions() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "record.export")
                         ).first() is None


def test_the_fhir_bundle_validates(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    from fhir.resources.R4B import get_fhir_model_class
    from fhir.resources.R4B.bundle import Bundle

    relationships.add_relationship(sessions, world.couple_unit, world.client, world.partner,
                                   "partner")
    letters.issue_letter(sessions, letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key="urology",
        on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE))
    _, bundle = _export(sessions, world, tmp_path)
    raw = json.loads(bundle)
    Bundle.model_validate(raw)
    kinds = set()
    for entry in raw["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        kinds.add(resource["resourceType"])
    assert kinds == {"Patient", "Practitioner", "Organization", "RelatedPerson", "Encounter",
                     "Condition", "Consent", "DocumentReference"}
