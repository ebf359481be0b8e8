"""The accounting of disclosures: six years of to whom, when, what and why, for one client."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session, sessionmaker

from practice.services import letters
from practice.services.letters import disclosures
from practice.services.letters.disclosures import Recipient, accounting_start, record_disclosure
from practice.services.releases import Scope, check_disclosure
from tests.core.test_letters_builders import (
    LETTER_DAY,
    PROSE,
    World,
    pdf_text,
    release,
)

REPORT_DAY = date(2025, 3, 20)
TO_UROLOGY = Recipient(None, "Anna Kowalski, MD, Crescent City Urology", "Fax: (504) 555-0199")


def _old_disclosure(sessions: sessionmaker[Session], world: World, on: date, purpose: str
                    ) -> None:
    """A disclosure made years ago under a release in force then."""
    scopes: frozenset[Scope] = frozenset({"attendance"})
    release(sessions, world.client, world.urologist, scopes, signed=date(2019, 1, 2),
            expires=date(2019, 12, 31))
    with sessions.begin() as s:
        decision = check_disclosure(s, world.client, world.urologist, on, scopes)
        record_disclosure(s, decision, client_id=world.client,
                          recipient=replace(TO_UROLOGY, provider_id=world.urologist),
                          on=on, scopes=scopes, purpose=purpose)


def test_the_accounting_lists_six_years_of_disclosures_to_whom_when_what_and_why(
    sessions: sessionmaker[Session], world: World,
) -> None:
    letters.issue_letter(sessions, letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key="urology",
        on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE))
    _old_disclosure(sessions, world, date(2019, 3, 19), "Seven years ago")
    _old_disclosure(sessions, world, date(2019, 3, 20), "Just inside six years")
    text = pdf_text(disclosures.disclosure_report(sessions, world.client, today=REPORT_DAY))
    for expected in (
        "Accounting of Disclosures", "Client: Lucía (DOB 07/02/1988)",
        "Period: March 20, 2019 to March 20, 2025",
        "03/14/2025", "Anna Kowalski, MD, Crescent City Urology", "Fax: (504) 555-0199",
        "attendance; diagnosis; treatment summary; recommendations; progress (by letter)",
        "Coordination of care with urology", "Authorization signed January 2, 2025",
        "03/20/2019", "Just inside six years", "Authorization signed January 2, 2019",
        "Harbor Sex & Relationship Therapy", "Prepared: March 20, 2025, by Miriam Okafor",
    ):
        assert expected in text, expected
    assert "Seven years ago" not in text


def test_the_accounting_holds_only_the_clients_own_disclosures(
    sessions: sessionmaker[Session], world: World,
) -> None:
    letters.issue_letter(sessions, letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key="urology",
        on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE))
    text = pdf_text(disclosures.disclosure_report(sessions, world.partner, today=REPORT_DAY,
                                                  use_legal_name=True))
    assert "No disclosures were recorded in this period." in text
    assert "Quentin Zephyrine Marlowe" in text and "Lucía" not in text


def test_the_report_metadata_names_no_one(sessions: sessionmaker[Session], world: World) -> None:
    pdf = disclosures.disclosure_report(sessions, world.client, today=REPORT_DAY)
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None
    assert "Lucía" not in " ".join(str(v) for v in info.values())


def test_a_refused_disclosure_cannot_be_logged(
    sessions: sessionmaker[Session], world: World,
) -> None:
    with sessions.begin() as s:
        refused = check_disclosure(s, world.partner, world.urologist, LETTER_DAY, {"attendance"})
        assert not refused.allowed
        with pytest.raises(ValueError, match="refused"):
            record_disclosure(s, refused, client_id=world.partner, recipient=TO_UROLOGY,
                              on=LETTER_DAY, scopes={"attendance"}, purpose="Care")
    assert disclosures.list_disclosures(sessions, world.partner) == ()


@pytest.mark.parametrize(("today", "start"), [
    (date(2025, 3, 20), date(2019, 3, 20)),
    (date(2024, 2, 29), date(2018, 2, 28)),
])
def test_the_accounting_reaches_back_six_years(today: date, start: date) -> None:
    assert accounting_start(today) == start
