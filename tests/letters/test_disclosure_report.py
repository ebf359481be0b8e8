"""The accounting of disclosures: every disclosure in a dated table, on the letterhead."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pytest
from pypdf import PdfReader

from practice.letters import DisclosureEntry, DisclosureReport, LetterError, describe_scopes
from practice.letters.render import REPORT_TITLE, render_disclosure_report
from practice.letters.specimen import SPECIMEN_LETTERHEAD

from .conftest import pdf_pages, pdf_text


def _entry(
    day: int, recipient: str = "Anna Kowalski, MD, Crescent City Cardiology"
) -> DisclosureEntry:
    return DisclosureEntry(
        disclosed_on=date(2025, 3, day),
        recipient=recipient,
        recipient_address="Fax (504) 555-0199",
        disclosed=describe_scopes({"attendance", "diagnosis"}),
        purpose="Coordination of care",
        release_reference="ROI signed 03/03/2025",
    )


@pytest.fixture
def report() -> DisclosureReport:
    return DisclosureReport(
        letterhead=SPECIMEN_LETTERHEAD,
        client_name="Σοφία Иванова",
        client_dob=date(1990, 7, 1),
        prepared_on=date(2025, 6, 1),
        period_start=date(2019, 6, 1),
        period_end=date(2025, 6, 1),
        entries=(_entry(20, "Jordan Lee, DPT"), _entry(4)),
        prepared_by="Miriam Okafor, PhD, LMFT",
    )


def test_the_report_lists_each_disclosure_oldest_first(report: DisclosureReport) -> None:
    text = pdf_text(render_disclosure_report(report))
    for phrase in (
        "Harbor Sex & Relationship Therapy",
        "Accounting of Disclosures",
        "Client: Σοφία Иванова (DOB 07/01/1990)",
        "Period: June 1, 2019 to June 1, 2025",
        "Prepared: June 1, 2025, by Miriam Okafor, PhD, LMFT",
        "Date Recipient Information disclosed Purpose Authorization",
        "attendance; diagnosis",
        "Coordination of care",
        "ROI signed 03/03/2025",
        "Fax (504) 555-0199",
        "CONFIDENTIAL",
        "Page 1 of 1",
    ):
        assert phrase in text
    assert text.index("03/04/2025") < text.index("03/20/2025")
    assert text.index("Crescent City Cardiology") < text.index("Jordan Lee, DPT")


def test_a_long_report_repeats_the_table_heading_on_every_page(report: DisclosureReport) -> None:
    many = dataclasses.replace(report, entries=tuple(_entry(1 + i % 28) for i in range(40)))
    pages = pdf_pages(render_disclosure_report(many))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "Information disclosed" in " ".join(page.split()) or "Information\ndisclosed" in page
        assert f"Page {number} of {len(pages)}" in page
    assert "Accounting of disclosures · Σοφία Иванова, DOB 07/01/1990" in pages[1]


def test_a_period_without_disclosures_says_so(report: DisclosureReport) -> None:
    text = pdf_text(render_disclosure_report(dataclasses.replace(report, entries=())))
    assert "No disclosures were recorded in this period." in text


def test_the_report_metadata_carries_no_client_information(report: DisclosureReport) -> None:
    reader = PdfReader(io.BytesIO(render_disclosure_report(report)))
    flat = " ".join(str(v) for v in (reader.metadata or {}).values())
    assert reader.metadata is not None and reader.metadata.title == REPORT_TITLE
    for private in ("Σοφία", "Иванова", "1990", "Kowalski"):
        assert private not in flat


def test_a_disclosure_outside_the_period_is_refused(report: DisclosureReport) -> None:
    late = dataclasses.replace(report, period_end=date(2025, 3, 10))
    with pytest.raises(LetterError, match="outside the report's period"):
        render_disclosure_report(late)


def test_an_inverted_period_is_refused(report: DisclosureReport) -> None:
    inverted = dataclasses.replace(report, period_start=date(2026, 1, 1), entries=())
    with pytest.raises(LetterError, match="ends before it starts"):
        render_disclosure_report(inverted)


def test_scopes_are_described_in_a_fixed_order_and_misspellings_refused() -> None:
    assert describe_scopes({"risk", "treatment_summary", "attendance"}) == (
        "attendance; treatment summary; risk assessment"
    )
    with pytest.raises(LetterError, match="diagnoses"):
        describe_scopes({"diagnoses"})
