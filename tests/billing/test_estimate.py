"""Good-faith estimates on a real encrypted store: fees by date, the notice, the dispute rights."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from practice.errors import ValidationError
from practice.services import billing
from practice.services.billing_documents import (
    PURPOSES,
    EstimatePlan,
    documents_for,
    gather_estimate,
    issue_estimate,
    planned_dates,
)
from practice.services.letters.disclosures import list_disclosures
from practice.store.store import Store
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

TODAY = date(2026, 4, 2)
YEAR_FROM_APRIL = EstimatePlan(start=date(2026, 4, 6), intake=True)


def _self_pay_client(practice: Practice) -> int:
    set_billing_profile(practice.sessions)
    return whitfield(practice.sessions)


def test_a_years_weekly_estimate_lists_the_intake_and_fifty_two_sessions_with_the_notices(
        practice: Practice, tmp_path: Path) -> None:
    client = _self_pay_client(practice)
    out = tmp_path / "estimate.pdf"
    issued = issue_estimate(practice.sessions, client, YEAR_FROM_APRIL, today=TODAY, out=out)
    assert issued.total.cents == 20000 + 52 * 15000
    assert (issued.period_from, issued.period_to) == (date(2026, 4, 6), date(2027, 4, 5))
    printed = pdf_text(out.read_bytes())
    for fact in ("Good Faith Estimate", NPI, EIN, LEGAL, "04/12/1985", "90791", "90834",
                 "$8,000.00", "April 2, 2026", "April 6, 2026", "April 5, 2027",
                 "not a contract", "at least $400 more than", "within 120 calendar days",
                 "www.cms.gov/nosurprises", "1-800-985-3059", "Services given in: IL"):
        assert fact in printed, fact
    assert CHOSEN not in printed
    poppler = pdftotext(out)
    if poppler is not None:
        assert "$8,000.00" in poppler and NPI in poppler


def test_each_session_is_priced_at_the_fee_in_force_on_its_date_and_a_sliding_scale_wins(
        practice: Practice) -> None:
    client = _self_pay_client(practice)
    billing.set_fee(practice.sessions, "90834", "170.00", date(2026, 10, 1))
    plan = EstimatePlan(start=date(2026, 9, 7), frequency="every-2-weeks", months=2)
    estimate = gather_estimate(practice.sessions, client, plan, today=TODAY)
    assert [(line.code, line.sessions, line.fee.cents, line.first) for line in estimate.lines] \
        == [("90834", 2, 15000, date(2026, 9, 7)), ("90834", 3, 17000, date(2026, 10, 5))]
    billing.set_sliding_fee(practice.sessions, "90834", "95.00", date(2026, 1, 1),
                            client_id=client)
    slid = gather_estimate(practice.sessions, client, plan, today=TODAY)
    assert [(line.sessions, line.fee.cents) for line in slid.lines] == [(5, 9500)]


def test_monthly_sessions_keep_their_day_of_the_month() -> None:
    plan = EstimatePlan(start=date(2026, 1, 31), frequency="monthly", months=4)
    assert planned_dates(plan) == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31),
                                   date(2026, 4, 30)]


def test_the_estimate_carries_the_clients_signed_diagnoses_and_is_logged_as_given(
        practice: Practice) -> None:
    client = _self_pay_client(practice)
    unit = practice.unit("individual", client)
    held = practice.hold(unit, week=0)
    sign_with_codes(practice.sessions, unit, held, date(2026, 3, 2), [(client, "F52.5")])
    issued = issue_estimate(practice.sessions, client, EstimatePlan(start=date(2026, 4, 6),
                                                                    months=3), today=TODAY)
    assert "F52.5" in pdf_text(issued.pdf)
    (logged,) = list_disclosures(practice.sessions, client)
    assert logged.copy_to_client and logged.purpose == PURPOSES["estimate"]
    assert logged.scopes == {"diagnosis"} and logged.id == issued.disclosure_id
    (kept,) = documents_for(practice.sessions, client, "estimate")
    assert kept.pdf == issued.pdf and kept.total == issued.total


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_an_estimate_passes_qpdf_check(practice: Practice, tmp_path: Path) -> None:
    client = _self_pay_client(practice)
    out = tmp_path / "estimate.pdf"
    issue_estimate(practice.sessions, client, YEAR_FROM_APRIL, today=TODAY, out=out)
    checked = qpdf_check(out)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(("plan", "words"), [
    (EstimatePlan(start=TODAY, months=13), "from 1 to 12 months"),
    (EstimatePlan(start=TODAY, months=0), "from 1 to 12 months"),
    (EstimatePlan(start=TODAY, frequency="daily"), "weekly, every-2-weeks, monthly"),
    (EstimatePlan(start=TODAY, service="90785"), "session code such as 90834"),
    (EstimatePlan(start=TODAY, service="90791"), "session code such as 90834"),
])
def test_a_plan_that_cannot_be_estimated_is_refused_in_words(
        practice: Practice, plan: EstimatePlan, words: str) -> None:
    client = _self_pay_client(practice)
    with pytest.raises(ValidationError, match=words):
        issue_estimate(practice.sessions, client, plan, today=TODAY)
    assert documents_for(practice.sessions, client) == []


def test_an_estimate_without_a_fee_schedule_or_an_npi_is_refused_and_nothing_logged(
        store: Store) -> None:
    set_billing_profile(store.sessions)
    client = whitfield(store.sessions)
    with pytest.raises(ValidationError, match=r"No fee is set for .*\(90834\) on 2026-04-06"):
        issue_estimate(store.sessions, client, EstimatePlan(start=date(2026, 4, 6)), today=TODAY)
    billing.set_fee(store.sessions, "90834", "150.00", date(2026, 1, 1))
    set_billing_profile(store.sessions, npi="")
    with pytest.raises(ValidationError, match=re.escape(
            "good-faith estimate needs the therapist's individual NPI: fill in "
            '"Individual NPI"')):
        issue_estimate(store.sessions, client, EstimatePlan(start=date(2026, 4, 6)), today=TODAY)
    assert list_disclosures(store.sessions, client) == ()
    assert documents_for(store.sessions, client) == []
