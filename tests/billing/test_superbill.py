"""Superbills on a real encrypted store: the insurer's facts in, the chosen name out, logged."""

from __future__ import annotations

import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from practice.billing import Arrangement, PayerPlan
from practice.errors import ValidationError
from practice.schedule.model import SessionKind, SessionStatus
from practice.services import billing
from practice.services.billing_documents import (
    PURPOSES,
    documents_for,
    gather_superbill,
    issue_superbill,
)
from practice.services.letters.disclosures import list_disclosures
from practice.services.settings import SIGNATURE, load_profile, save_image
from tests.billing.conftest import Practice
from tests.billing.documents_helpers import (
    CHOSEN,
    EIN,
    LEGAL,
    NPI,
    pdf_text,
    pdftotext,
    qpdf_check,
    set_billing_profile,
    sign_with_codes,
    whitfield,
)
from tests.letters.conftest import png

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
TODAY = date(2026, 4, 2)


def _march_in_therapy(practice: Practice) -> tuple[int, int]:
    """Two office sessions and one by video in March (90834 at 150.00), one in April.

    The first note codes F52.0 then Z63.0, the second F52.0, the video session's note is
    still a draft; 200.00 has been paid.
    """
    set_billing_profile(practice.sessions)
    client = whitfield(practice.sessions)
    unit = practice.unit("individual", client)
    first = practice.hold(unit, week=0)
    second = practice.hold(unit, week=1)
    practice.hold(unit, week=2, telehealth=True)
    practice.hold(unit, week=5)  # 6 April: outside March
    sign_with_codes(practice.sessions, unit, first, date(2026, 3, 2),
                    [(client, "F52.0"), (client, "Z63.0")])
    sign_with_codes(practice.sessions, unit, second, date(2026, 3, 9), [(client, "F52.0")])
    billing.record_payment(practice.sessions, client, "200.00", date(2026, 3, 20), "card",
                           today=TODAY)
    return client, unit


def test_a_superbill_prints_the_insurers_facts_and_never_the_chosen_name(
        practice: Practice, tmp_path: Path) -> None:
    client, _unit = _march_in_therapy(practice)
    out = tmp_path / "superbill.pdf"
    issued = issue_superbill(practice.sessions, client, start=MARCH[0], end=MARCH[1],
                             today=TODAY, out=out)
    printed = pdf_text(out.read_bytes())
    for fact in (NPI, f"Tax ID (EIN): {EIN}", "LMFT IL LMFT-0042", LEGAL, "04/12/1985",
                 "12 Elm Street", "Harbor Sex & Relationship Therapy", "(312) 555-0142",
                 "F52.0", "Z63.0", "90834", "03/02/2026", "03/09/2026", "03/16/2026"):
        assert fact in printed, fact
    assert CHOSEN not in printed
    assert "04/06/2026" not in printed  # April's session is not March's bill
    # Fee, paid, balance for each line, then the totals: 450.00 charged, 200.00 paid.
    assert "$150.00 $150.00 $0.00" in printed
    assert "$150.00 $50.00 $100.00" in printed
    assert "Total $450.00 $200.00 $250.00" in printed
    assert issued.total.cents == 45000
    poppler = pdftotext(out)
    if poppler is not None:
        assert NPI in poppler and "$450.00" in poppler and CHOSEN not in poppler


def test_each_service_line_gives_its_place_modifiers_and_diagnosis_pointers(
        practice: Practice) -> None:
    client, _unit = _march_in_therapy(practice)
    bill = gather_superbill(practice.sessions, client, start=MARCH[0], end=MARCH[1],
                            today=TODAY)
    assert [(d.pointer, d.code) for d in bill.diagnoses] == [("A", "F52.0"), ("B", "Z63.0")]
    assert [(line.service_date.day, line.place_of_service, line.code, line.modifiers,
             line.pointers, line.units) for line in bill.lines] == [
        (2, "11", "90834", (), ("A", "B"), 1),
        (9, "11", "90834", (), ("A",), 1),
        # The video session's note is a draft: no diagnosis is the therapist's word yet.
        (16, "10", "90834", ("95",), (), 1)]
    assert (bill.total_fee.cents, bill.total_paid.cents, bill.total_balance.cents) == (
        45000, 20000, 25000)


def test_a_couples_split_session_is_one_line_with_its_whole_fee(practice: Practice) -> None:
    set_billing_profile(practice.sessions)
    client = whitfield(practice.sessions)
    partner = practice.client("Jordan Blake")
    unit = practice.unit("couple", client, partner)
    billing.set_payer_plan(practice.sessions, unit,
                           PayerPlan(Arrangement.SPLIT, shares=((client, 50), (partner, 50))),
                           identified_client_id=client)
    practice.hold(unit, kind=SessionKind.COUPLE, expected=[client, partner], week=0)
    billing.record_payment(practice.sessions, partner, "90.00", date(2026, 3, 3), "cash",
                           today=TODAY)
    bill = gather_superbill(practice.sessions, client, start=MARCH[0], end=MARCH[1],
                            today=TODAY)
    (line,) = bill.lines
    assert (line.code, line.fee.cents, line.paid.cents, line.balance.cents) == (
        "90847", 18000, 9000, 9000)


def test_a_superbill_is_kept_and_logged_as_a_copy_given_to_the_client(
        practice: Practice, tmp_path: Path) -> None:
    client, _unit = _march_in_therapy(practice)
    out = tmp_path / "superbill.pdf"
    issued = issue_superbill(practice.sessions, client, start=MARCH[0], end=MARCH[1],
                             today=TODAY, out=out)
    (kept,) = documents_for(practice.sessions, client)
    assert (kept.kind, kept.period_from, kept.period_to, kept.total.cents) == (
        "superbill", MARCH[0], MARCH[1], 45000)
    assert kept.pdf == out.read_bytes()
    (logged,) = list_disclosures(practice.sessions, client)
    assert logged.id == issued.disclosure_id == kept.disclosure_id
    assert logged.copy_to_client and logged.release_id is None
    assert logged.purpose == PURPOSES["superbill"]
    assert logged.scopes == {"attendance", "diagnosis"}
    assert logged.disclosed_on == TODAY
    with practice.sessions.begin() as s:
        actions = s.execute(text(
            "SELECT action, entity_id FROM audit_log WHERE entity = 'billing_document'"
        )).all()
    assert [(action, int(entity_id)) for action, entity_id in actions] == [
        ("billing_document.superbill", kept.id)]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_a_superbill_passes_qpdf_check_plain_and_password_protected(
        practice: Practice, tmp_path: Path) -> None:
    client, _unit = _march_in_therapy(practice)
    plain, protected = tmp_path / "plain.pdf", tmp_path / "protected.pdf"
    issue_superbill(practice.sessions, client, start=MARCH[0], end=MARCH[1], today=TODAY,
                    out=plain)
    issue_superbill(practice.sessions, client, start=MARCH[0], end=MARCH[1], today=TODAY,
                    out=protected, password="correct horse")
    for path, password in ((plain, None), (protected, "correct horse")):
        checked = qpdf_check(path, password)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    assert NPI in pdf_text(protected.read_bytes(), "correct horse")
    assert len(documents_for(practice.sessions, client)) == 2


def test_dates_out_of_order_are_refused_in_words_before_anything_is_read(
        practice: Practice, tmp_path: Path) -> None:
    client, _unit = _march_in_therapy(practice)
    out = tmp_path / "superbill.pdf"
    with pytest.raises(ValidationError, match=re.escape(
            "ends (2026-03-01) before it starts (2026-03-31)")):
        issue_superbill(practice.sessions, client, start=MARCH[1], end=MARCH[0], today=TODAY,
                        out=out)
    assert not out.exists() and documents_for(practice.sessions, client) == []


@pytest.mark.parametrize(("settings", "words"), [
    ({"npi": ""}, 'individual NPI: fill in "Individual NPI" in Settings, Practice'),
    ({"tax_id": ""}, 'tax identifier (EIN, such as 12-3456789): fill in "Tax ID (EIN)"'),
])
def test_a_missing_npi_or_tax_id_is_refused_naming_the_setting_and_nothing_is_logged(
        practice: Practice, tmp_path: Path, settings: dict[str, str], words: str) -> None:
    client, _unit = _march_in_therapy(practice)
    set_billing_profile(practice.sessions, **settings)
    out = tmp_path / "superbill.pdf"
    with pytest.raises(ValidationError, match=re.escape(words)):
        issue_superbill(practice.sessions, client, start=MARCH[0], end=MARCH[1], today=TODAY,
                        out=out)
    assert not out.exists()
    assert documents_for(practice.sessions, client) == []
    assert list_disclosures(practice.sessions, client) == ()


@pytest.mark.parametrize(("settings", "words"), [
    ({"npi": "1234567890"}, "Individual NPI: ten digits ending in the right check digit"),
    ({"tax_id": "123-45-6789"}, "looks like a social security number"),
    ({"tax_id": "12-34567"}, "Tax ID (EIN): nine digits"),
])
def test_a_wrong_npi_or_a_social_security_number_is_refused_when_typed_in_settings(
        practice: Practice, settings: dict[str, str], words: str) -> None:
    before = load_profile(practice.sessions)
    with pytest.raises(ValidationError, match=re.escape(words)):
        set_billing_profile(practice.sessions, **settings)
    assert load_profile(practice.sessions) == before


def test_a_period_with_only_a_no_show_fee_is_refused_as_nothing_to_claim(
        practice: Practice) -> None:
    client, unit = _march_in_therapy(practice)
    missed = practice.miss(unit, SessionStatus.NO_SHOW, week=8)  # 27 April
    assert billing.charge_policy_fee(practice.sessions, missed)
    with pytest.raises(ValidationError, match="nothing to put on a superbill"):
        issue_superbill(practice.sessions, client, start=date(2026, 4, 20),
                        end=date(2026, 4, 30), today=date(2026, 5, 1))


def test_the_therapists_signature_image_is_printed_when_one_is_kept(practice: Practice) -> None:
    client, _unit = _march_in_therapy(practice)
    unsigned = issue_superbill(practice.sessions, client, start=MARCH[0], end=MARCH[1],
                               today=TODAY)
    save_image(practice.sessions, SIGNATURE, png(240, 80))
    signed = issue_superbill(practice.sessions, client, start=MARCH[0], end=MARCH[1],
                             today=TODAY)
    images = [len(page.images) for page in PdfReader(io.BytesIO(signed.pdf)).pages]
    assert images == [1]
    assert [len(p.images) for p in PdfReader(io.BytesIO(unsigned.pdf)).pages] == [0]
