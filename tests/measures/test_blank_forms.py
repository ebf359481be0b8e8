"""Blank questionnaires print through the one PDF engine, pass ``qpdf --check`` and read back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from practice.documents.model import Letterhead
from practice.measures import INSTRUMENTS, Instrument
from practice.measures.forms import blank_form
from practice.services import settings
from practice.services.measures import blank_form_pdf
from tests.core.test_letters_builders import pdf_text

LETTERHEAD = Letterhead("Harbor Sex & Relationship Therapy", ("1200 Magazine Street",),
                        "(504) 555-0142")
FORMS = list(INSTRUMENTS.values())


@pytest.mark.parametrize("form", FORMS, ids=[f.key for f in FORMS])
def test_every_blank_form_reads_back_with_one_line_per_item(form: Instrument) -> None:
    text = pdf_text(blank_form(form, LETTERHEAD))
    assert form.title in text and "Harbor Sex & Relationship Therapy" in text
    assert "Name:" in text and "Total:" in text
    if form.reproducible:
        assert form.items[-1].text in text and form.items[0].choices[-1].label in text
    else:
        assert f"{form.items[-1].label}" in text
        assert f"{form.items[-1].low} to {form.items[-1].high}" in text
    assert ("About my relationship with" in text) is form.per_relationship


def test_the_phq9_prints_its_wording_and_item_9() -> None:
    text = pdf_text(blank_form(INSTRUMENTS["phq9"]))
    assert "9. Thoughts that you would be better off dead or of hurting yourself" in text
    assert "Over the last 2 weeks" in text and "More than half the days" in text


def test_licensed_forms_print_no_question_wording() -> None:
    # The FSFI's and IIEF-5's published questions open with these words; none may appear.
    for key, opening in (("iief5", "How do you rate your confidence"),
                         ("fsfi", "Over the past 4 weeks, how often did you feel")):
        assert opening not in pdf_text(blank_form(INSTRUMENTS[key]))


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
@pytest.mark.parametrize("form", FORMS, ids=[f.key for f in FORMS])
def test_every_blank_form_passes_qpdf_check(form: Instrument, tmp_path: Path) -> None:
    path = tmp_path / f"{form.key}.pdf"
    path.write_bytes(blank_form(form, LETTERHEAD))
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_the_service_heads_the_form_with_the_practices_letterhead(
    sessions: sessionmaker[Session],
) -> None:
    settings.save_profile(sessions, settings.PracticeProfile(
        practice_name="Bayou Relationship Care", therapist_name="Miriam Okafor",
        address_lines=("12 Esplanade Avenue",), phone="(504) 555-0100"))
    text = pdf_text(blank_form_pdf(sessions, "gad7"))
    assert "Bayou Relationship Care" in text and "Feeling nervous, anxious, or on edge" in text
