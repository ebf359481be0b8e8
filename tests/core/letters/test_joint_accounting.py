"""A joint letter in each member's accounting of disclosures: what that member may see only."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session, sessionmaker

from practice.services import letters
from practice.services.letters import disclosures
from practice.services.letters.disclosures import Recipient, record_disclosure
from practice.services.letters.guard import NEUTRAL_PURPOSE, purpose_for_member
from practice.services.releases import check_disclosure
from tests.core.test_letters_builders import (
    LETTER_DAY,
    PARTNER_CHOSEN,
    PROSE,
    World,
    pdf_text,
    release,
)

from .test_disclosures import REPORT_DAY, TO_UROLOGY

# The client's chosen name and her own diagnosis (F52.6, from her individual sessions).
LEAKY_PURPOSE = "Coordination re Lucía, dyspareunia"


def _issue_joint(sessions: sessionmaker[Session], world: World, purpose: str) -> int:
    release(sessions, world.partner, world.urologist)
    return letters.issue_letter(sessions, letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key="urology",
        on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE, include_joint=True,
        purpose_override=purpose)).id


def test_a_partners_accounting_of_a_joint_letter_names_neither_the_client_nor_her_diagnosis(
    sessions: sessionmaker[Session], world: World,
) -> None:
    _issue_joint(sessions, world, LEAKY_PURPOSE)
    theirs = pdf_text(disclosures.disclosure_report(sessions, world.partner, today=REPORT_DAY))
    for leak in ("Lucía", "Ruiz", "dyspareunia", "F52.6"):
        assert leak not in theirs, leak
    # What the partner may see of it: who received it, when, what kinds, and why in general.
    for shown in ("03/14/2025", "Anna Kowalski, MD, Crescent City Urology",
                  "attendance; diagnosis", NEUTRAL_PURPOSE):
        assert shown in theirs, shown
    (logged,) = disclosures.list_disclosures(sessions, world.partner)
    assert logged.purpose == NEUTRAL_PURPOSE


def test_the_client_the_letter_is_about_sees_its_purpose_as_written(
    sessions: sessionmaker[Session], world: World,
) -> None:
    _issue_joint(sessions, world, LEAKY_PURPOSE)
    hers = pdf_text(disclosures.disclosure_report(sessions, world.client, today=REPORT_DAY))
    assert LEAKY_PURPOSE in hers


def test_a_purpose_naming_the_partner_stays_out_of_the_clients_own_accounting(
    sessions: sessionmaker[Session], world: World,
) -> None:
    # The partner authorized the recipient, so the letter may name him; her accounting,
    # which she may hand on, keeps to her own.
    _issue_joint(sessions, world, f"Coordination of couple work with {PARTNER_CHOSEN}")
    hers = pdf_text(disclosures.disclosure_report(sessions, world.client, today=REPORT_DAY))
    assert PARTNER_CHOSEN not in hers and NEUTRAL_PURPOSE in hers


def test_a_purpose_that_names_no_one_reads_the_same_in_every_accounting(
    sessions: sessionmaker[Session], world: World,
) -> None:
    _issue_joint(sessions, world, "Coordination of care for pelvic pain")
    for member in (world.client, world.partner):
        (logged,) = disclosures.list_disclosures(sessions, member)
        assert logged.purpose == "Coordination of care for pelvic pain"


def test_a_purpose_logged_whole_before_this_fix_is_still_withheld_when_read(
    sessions: sessionmaker[Session], world: World,
) -> None:
    """A store written by an earlier version holds the raw purpose on the partner's row."""
    letter_id = _issue_joint(sessions, world, "Coordination of care")
    with sessions.begin() as s:
        decision = check_disclosure(s, world.partner, world.urologist, LETTER_DAY,
                                    {"attendance"})
        record_disclosure(s, decision, client_id=world.partner,
                          recipient=replace(TO_UROLOGY, provider_id=world.urologist),
                          on=LETTER_DAY, scopes={"attendance"}, purpose=LEAKY_PURPOSE,
                          letter_id=letter_id)
    theirs = pdf_text(disclosures.disclosure_report(sessions, world.partner, today=REPORT_DAY))
    assert "Lucía" not in theirs and "dyspareunia" not in theirs


def test_a_member_the_letter_is_not_about_sees_no_diagnosis_however_disguised(
    sessions: sessionmaker[Session], world: World,
) -> None:
    with sessions.begin() as s:
        for purpose in ("Care re F52.6", "Care re f526", "Care re DYSPAREUNIA",
                        "Care re dysp\u00adareunia", "Care re Lu\u0441ía", "Care re Ru\u0456z"):
            assert purpose_for_member(s, world.partner, purpose,
                                      subject_id=world.client) == NEUTRAL_PURPOSE, purpose


def test_a_disclosure_made_without_a_letter_keeps_its_purpose(
    sessions: sessionmaker[Session], world: World,
) -> None:
    with sessions.begin() as s:
        decision = check_disclosure(s, world.client, world.urologist, LETTER_DAY,
                                    {"attendance"})
        record_disclosure(s, decision, client_id=world.client,
                          recipient=Recipient(world.urologist, "Dr Kowalski", "Fax"),
                          on=LETTER_DAY, scopes={"attendance"}, purpose="Phone call re Lucía")
    (logged,) = disclosures.list_disclosures(sessions, world.client)
    assert logged.purpose == "Phone call re Lucía"
