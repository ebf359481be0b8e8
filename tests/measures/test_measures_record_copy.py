"""A client's copy of their record carries their own measures, never a partner's ratings."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from practice.services.letters.disclosures import list_disclosures
from practice.services.measures import record_measure, review_risk_flag
from practice.services.record_access import export_record, gather_record
from practice.store.store import Store
from tests.core.test_letters_builders import (
    PARTNER_CHOSEN,
    World,
    pdf_text,
)

TODAY = date(2025, 4, 1)


@pytest.fixture
def sessions(world_store: Store) -> sessionmaker[Session]:
    """The letters world's sessions, in place of the polycule store's."""
    return world_store.sessions


def _measures(sessions: sessionmaker[Session], world: World) -> None:
    flagged = record_measure(sessions, world.client, "phq9", [3, 3, 2, 2, 2, 2, 2, 1, 1],
                             on=date(2025, 1, 6))
    assert flagged.risk_flag_id is not None
    review_risk_flag(sessions, flagged.risk_flag_id, "Safety plan reviewed.")
    record_measure(sessions, world.client, "phq9", [1, 1, 1, 1, 0, 0, 0, 0, 0],
                   on=date(2025, 3, 3))
    record_measure(sessions, world.client, "fsfi", [3] * 19, on=date(2025, 3, 3))
    record_measure(sessions, world.client, "csi4", [4, 4, 4, 4], on=date(2025, 3, 3),
                   partner_id=world.partner)
    # The partner's own ratings are the partner's record.
    record_measure(sessions, world.partner, "csi4", [0, 1, 0, 1], on=date(2025, 3, 3),
                   partner_id=world.client)
    record_measure(sessions, world.partner, "gad7", [3] * 7, on=date(2025, 3, 3))


def test_the_copy_lists_the_clients_own_measures_with_change_and_risk_review(
    sessions: sessionmaker[Session], world: World
) -> None:
    _measures(sessions, world)
    record = gather_record(sessions, world.client, today=TODAY)
    assert [(m.name, m.total_text, m.about) for m in record.measures] == [
        ("PHQ-9", "18", None), ("PHQ-9", "4", None), ("FSFI", "21.6", None),
        ("CSI-4", "16", PARTNER_CHOSEN)]
    assert record.measures[1].change == "improved"
    assert record.measures[0].risk.endswith("reviewed by the therapist")
    assert [label for label, _ in record.measures[2].domains][:2] == ["Desire", "Arousal"]


def test_the_pdf_and_fhir_copies_carry_the_measures_and_the_bundle_validates(
    sessions: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    from fhir.resources.R4B import get_fhir_model_class
    from fhir.resources.R4B.bundle import Bundle

    _measures(sessions, world)
    pdf, fhir = tmp_path / "copy.pdf", tmp_path / "copy.json"
    export_record(sessions, world.client, today=TODAY, pdf_path=pdf, json_path=fhir)
    text = pdf_text(pdf.read_bytes())
    assert "Measures" in text and "Patient Health Questionnaire (PHQ-9)" in text
    assert "moderately severe" in text and "minimal" in text
    assert f"about the relationship with {PARTNER_CHOSEN}" in text
    assert "Generalized Anxiety" not in text  # the partner's GAD-7 is not hers
    raw = json.loads(fhir.read_text(encoding="utf-8"))
    Bundle.model_validate(raw)
    observations = [e["resource"] for e in raw["entry"]
                    if e["resource"]["resourceType"] == "Observation"]
    for resource in observations:
        get_fhir_model_class("Observation").model_validate(resource)
    assert sorted(o["valueQuantity"]["value"] for o in observations) == [4, 16, 18, 21.6]
    phq9 = [o for o in observations if o["code"].get("coding", [{}])[0].get("code") == "44261-6"]
    assert len(phq9) == 2
    assert {o["subject"]["reference"] for o in observations} == {
        next(e["fullUrl"] for e in raw["entry"] if e["resource"]["resourceType"] == "Patient")}
    logged = [d for d in list_disclosures(sessions, world.client) if d.copy_to_client]
    assert "measures" in logged[-1].scopes


def test_the_partners_copy_holds_only_the_partners_ratings(
    sessions: sessionmaker[Session], world: World
) -> None:
    _measures(sessions, world)
    record = gather_record(sessions, world.partner, today=TODAY)
    assert [(m.name, m.total_text) for m in record.measures] == [("CSI-4", "2"), ("GAD-7", "21")]
