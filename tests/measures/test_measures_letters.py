"""Letters carry the client's own scores with the ``measures`` scope, and nothing more."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from practice.letters.errors import TemplateError
from practice.letters.render import render_letter
from practice.letters.templates import load_templates, parse_template
from practice.services import letters
from practice.services.letters.disclosures import list_disclosures
from practice.services.measures import record_measure
from practice.store.store import Store
from tests.core.test_letters_builders import (
    LETTER_DAY,
    PROSE,
    World,
    pdf_text,
)

IIEF5_TAKEN = [(date(2025, 1, 13), [2, 2, 2, 1, 2]), (date(2025, 3, 3), [4, 4, 4, 4, 4])]
PHQ9_TAKEN = [(date(2025, 1, 13), [2, 2, 2, 2, 2, 2, 1, 1, 2]),
              (date(2025, 3, 3), [1, 1, 1, 0, 0, 0, 0, 0, 1])]


@pytest.fixture
def sessions(world_store: Store) -> sessionmaker[Session]:
    """The letters world's sessions, in place of the polycule store's."""
    return world_store.sessions


def text_of(pdf: bytes, tmp_path: Path) -> str:
    """The letter's text as pdftotext reads it (pypdf where poppler is not installed)."""
    if shutil.which("pdftotext") is None:
        return pdf_text(pdf)
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, timeout=60, check=True).stdout
    return " ".join(out.split())


def _scores(sessions: sessionmaker[Session], world: World) -> None:
    for day, answers in IIEF5_TAKEN:
        record_measure(sessions, world.client, "iief5", answers, on=day)
    for day, answers in PHQ9_TAKEN:
        record_measure(sessions, world.client, "phq9", answers, on=day)
    # The partner's own scores, and the partner's rating of the client: never hers to send.
    record_measure(sessions, world.partner, "iief5", [1, 1, 1, 1, 1], on=date(2025, 2, 3))
    record_measure(sessions, world.partner, "phq9", [3] * 9, on=date(2025, 2, 3))
    record_measure(sessions, world.partner, "csi4", [0, 0, 0, 1], on=date(2025, 2, 3),
                   partner_id=world.client)


def _letter(sessions: sessionmaker[Session], world: World, template: str = "urology",
            scopes: frozenset[str] | None = None, **prose: str) -> letters.LetterDraft:
    return letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key=template,
        on=LETTER_DAY, use_legal_name=False, extra_fields={**PROSE, **prose},
        scopes=scopes)  # type: ignore[arg-type]


def test_a_urology_letter_with_the_scope_carries_her_iief5_table_and_trend(
    sessions: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    _scores(sessions, world)
    draft = _letter(sessions, world)
    assert "measures" in draft.scopes
    assert [b.instrument for b in draft.content.scores] == ["iief5"]
    issued = letters.issue_letter(sessions, draft)
    text = text_of(issued.pdf, tmp_path)
    assert "Standardized measures Lucía completed" in text
    assert "International Index of Erectile Function" in text
    assert "moderate erectile dysfunction" in text  # 9 then 20: her own
    assert "mild erectile dysfunction" in text and "improved" in text
    assert "IIEF-5 over time" in text  # the chart, drawn as vector graphics
    assert "severe erectile dysfunction" not in text  # the partner's 5
    assert "PHQ-9" not in text  # urology offers the IIEF-5 only
    assert b"/Subtype /Image" not in issued.pdf and b"/Subtype/Image" not in issued.pdf
    (logged,) = [d for d in list_disclosures(sessions, world.client) if d.letter_id == issued.id]
    assert "measures" in logged.scopes


def test_without_the_scope_the_letter_has_no_scores(
    sessions: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    _scores(sessions, world)
    draft = _letter(sessions, world, scopes=frozenset({"attendance", "treatment_summary"}))
    assert draft.content.scores == () and "measures" not in draft.scopes
    text = text_of(letters.issue_letter(sessions, draft).pdf, tmp_path)
    assert "IIEF" not in text and "Standardized measures" not in text
    assert "erectile dysfunction" not in text


def test_with_the_scope_but_no_scores_the_section_and_the_scope_are_dropped(
    sessions: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    draft = _letter(sessions, world)
    assert "measures" not in draft.scopes and draft.content.scores == ()
    assert "Standardized measures" not in text_of(render_letter(draft.content), tmp_path)


def test_a_partners_scores_never_reach_another_members_letter(
    sessions: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    # Only the partner has scores: the client's letter shows none, her measures section goes.
    record_measure(sessions, world.partner, "iief5", [1, 1, 1, 1, 1], on=date(2025, 2, 3))
    record_measure(sessions, world.partner, "phq9", [3] * 9, on=date(2025, 2, 3))
    for template in ("urology", "primary-care"):
        draft = _letter(sessions, world, template, risk_summary="No current risk.")
        assert draft.content.scores == ()
        text = text_of(render_letter(draft.content), tmp_path)
        assert "erectile" not in text and "PHQ-9" not in text and "Item 9" not in text


def test_phq9_item_9_is_printed_only_with_the_risk_scope(
    sessions: sessionmaker[Session], world: World, tmp_path: Path
) -> None:
    _scores(sessions, world)
    without = _letter(sessions, world, "primary-care",
                      scopes=frozenset({"attendance", "measures"}))
    text = text_of(render_letter(without.content), tmp_path)
    assert "Patient Health Questionnaire (PHQ-9)" in text and "moderately severe" in text
    assert "Item 9" not in text and "hurting oneself" not in text
    with_risk = _letter(sessions, world, "primary-care",
                        scopes=frozenset({"attendance", "measures", "risk"}),
                        risk_summary="Passive thoughts in January; a safety plan is in place.")
    text = text_of(render_letter(with_risk.content), tmp_path)
    assert "Item 9 (thoughts that one would be better off dead or of hurting oneself)" in text
    assert "“Several days” (1 of 3)" in text


def test_templates_offer_iief5_to_urology_and_fsfi_to_gynecology_and_never_the_csi() -> None:
    bundled = load_templates()
    assert bundled["urology"].measures == ("iief5",)
    assert bundled["gynecology"].measures == ("fsfi",)
    header = "key: x\ntitle: X\nspecialty: X\npurpose: P\nmeasures: {}\n\n[opening]\nHello.\n"
    assert parse_template(header.format("phq9, gad7")).measures == ("phq9", "gad7")
    with pytest.raises(TemplateError, match="not 'csi4'"):
        parse_template(header.format("csi4"))
