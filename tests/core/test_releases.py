"""Releases of information and the one decision on whether a disclosure may go out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ReleaseRefused, ValidationError
from practice.models.releases import MAX_SCAN_BYTES
from practice.services import providers, releases
from practice.services.providers import OrganisationDetails
from practice.services.releases import DisclosureRefused, ReleaseDetails, Scope
from tests.core import factories as f

TODAY = date(2025, 3, 14)
YESTERDAY = TODAY - timedelta(days=1)
SUMMARY: frozenset[Scope] = frozenset({"attendance", "treatment_summary"})


def _release(
    sessions: sessionmaker[Session], client_id: int, provider_id: int, *,
    scopes: frozenset[Scope] = SUMMARY, signed: date = date(2025, 1, 2),
    expires: date = date(2026, 1, 2),
) -> int:
    return releases.record_release(sessions, ReleaseDetails(
        client_id, "Coordinate care for erectile difficulties", signed, expires, scopes,
        provider_id=provider_id), today=TODAY).id


def _check(sessions: sessionmaker[Session], client_id: int, provider_id: int,
           on: date = TODAY, scopes: frozenset[Scope] = SUMMARY,
           **joint: tuple[int, ...]) -> releases.DisclosureDecision:
    with sessions.begin() as s:
        return releases.check_disclosure(s, client_id, provider_id, on, scopes, **joint)


@pytest.fixture
def ana_and_urologist(sessions: sessionmaker[Session]) -> tuple[int, int]:
    return f.client(sessions, "Ana Ruiz"), f.provider(sessions)


def test_an_active_release_allows_the_disclosure(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    release_id = _release(sessions, ana, urologist)
    decision = _check(sessions, ana, urologist)
    assert decision.allowed and decision.release_id == release_id


def test_no_release_on_file_refuses(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    decision = _check(sessions, ana, urologist)
    assert (decision.allowed, decision.code) == (False, "none_on_file")


def test_a_release_revoked_yesterday_refuses_todays_letter(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    release_id = _release(sessions, ana, urologist)
    releases.revoke_release(sessions, release_id, YESTERDAY)
    decision = _check(sessions, ana, urologist)
    assert (decision.allowed, decision.code) == (False, "revoked")
    assert _check(sessions, ana, urologist, on=YESTERDAY - timedelta(days=1)).allowed


def test_an_expired_release_refuses(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    _release(sessions, ana, urologist, expires=YESTERDAY)
    assert _check(sessions, ana, urologist).code == "expired"
    assert _check(sessions, ana, urologist, on=YESTERDAY).allowed  # the expiry day still counts


def test_a_release_does_not_cover_days_before_it_was_signed(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    _release(sessions, ana, urologist, signed=date(2025, 3, 1))
    assert _check(sessions, ana, urologist, on=date(2025, 2, 1)).code == "not_yet_signed"


def test_information_outside_the_scope_is_refused_naming_what_is_missing(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    _release(sessions, ana, urologist, scopes=frozenset({"attendance"}))
    decision = _check(sessions, ana, urologist, scopes=frozenset({"attendance", "diagnosis"}))
    assert decision.code == "out_of_scope" and decision.missing_scopes == {"diagnosis"}


def test_a_newer_release_replaces_an_expired_one(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    _release(sessions, ana, urologist, expires=date(2025, 2, 1))
    newer = _release(sessions, ana, urologist, signed=date(2025, 2, 10))
    assert _check(sessions, ana, urologist).release_id == newer


def test_a_release_to_another_provider_does_not_count(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    cardiologist = f.provider(sessions, "Dr. Heart", "cardiology", npi="1245319599")
    _release(sessions, ana, cardiologist)
    assert _check(sessions, ana, urologist).code == "none_on_file"


def test_a_release_to_an_organisation_covers_its_providers(
    sessions: sessionmaker[Session],
) -> None:
    ana = f.client(sessions, "Ana")
    clinic = providers.create_organisation(sessions, OrganisationDetails("Bayou Health"))
    urologist = f.provider(sessions, organisation_id=clinic.id)
    releases.record_release(sessions, ReleaseDetails(
        ana, "Coordinate care", date(2025, 1, 2), date(2026, 1, 2), SUMMARY,
        organisation_id=clinic.id), today=TODAY)
    assert _check(sessions, ana, urologist).allowed


def test_a_joint_sessions_note_needs_every_attendees_release(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    ben = f.client(sessions, "Ben Cole")
    couple = f.unit(sessions, "couple", ana, ben)
    joint = f.signed(sessions, couple)
    _release(sessions, ana, urologist)
    decision = _check(sessions, ana, urologist, joint_note_ids=(joint.id,))
    assert (decision.allowed, decision.code) == (False, "joint_member_missing")
    assert decision.members_without_release == (ben,)
    assert "Ben" not in decision.reason
    _release(sessions, ben, urologist)
    assert _check(sessions, ana, urologist, joint_note_ids=(joint.id,)).allowed
    assert _check(sessions, ana, urologist, joint_unit_ids=(couple,)).allowed


def test_another_members_release_must_cover_the_same_scopes(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    ben = f.client(sessions, "Ben Cole")
    couple = f.unit(sessions, "couple", ana, ben)
    _release(sessions, ana, urologist)
    _release(sessions, ben, urologist, scopes=frozenset({"attendance"}))
    assert _check(sessions, ana, urologist, joint_unit_ids=(couple,)).code == (
        "joint_member_missing")


def test_the_raising_variant_refuses_with_a_message_naming_no_one(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    with sessions.begin() as s, pytest.raises(ReleaseRefused) as caught:
        releases.require_disclosure(s, ana, urologist, TODAY, SUMMARY)
    assert isinstance(caught.value, DisclosureRefused)
    assert caught.value.decision.code == "none_on_file"
    assert "Ana" not in str(caught.value)


@pytest.mark.parametrize(
    ("signed", "expires", "scopes", "match"),
    [
        (date(2025, 4, 1), date(2026, 1, 1), SUMMARY, "future"),
        (date(2025, 1, 1), date(2024, 1, 1), SUMMARY, "before the date signed"),
        (date(2025, 1, 1), date(2026, 1, 1), frozenset(), "Scope"),
        (date(2025, 1, 1), date(2026, 1, 1), frozenset({"everything"}), "Scope"),
    ],
)
def test_a_malformed_release_is_refused(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int], signed: date,
    expires: date, scopes: frozenset[Scope], match: str,
) -> None:
    ana, urologist = ana_and_urologist
    with pytest.raises(ValidationError, match=match):
        releases.record_release(sessions, ReleaseDetails(
            ana, "Coordinate care", signed, expires, scopes, provider_id=urologist), today=TODAY)
    assert releases.list_releases(sessions, ana) == ()


def test_a_release_names_one_recipient(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, _urologist = ana_and_urologist
    with pytest.raises(ValidationError, match="either one provider or one organisation"):
        releases.record_release(sessions, ReleaseDetails(
            ana, "Coordinate care", date(2025, 1, 1), date(2026, 1, 1), SUMMARY), today=TODAY)


def test_a_release_is_revoked_once(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    release_id = _release(sessions, ana, urologist)
    view = releases.revoke_release(sessions, release_id, YESTERDAY)
    assert view.revoked_on == YESTERDAY and view.state_on(TODAY) == "revoked"
    with pytest.raises(ValidationError, match="already been revoked"):
        releases.revoke_release(sessions, release_id, TODAY)


PDF = b"%PDF-1.7\n" + b"0" * 1000


def test_a_scanned_release_stays_inside_the_store(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    release_id = _release(sessions, ana, urologist)
    info = releases.attach_scan(sessions, release_id, PDF, filename="roi.pdf",
                                media_type="application/pdf")
    assert info.size_bytes == len(PDF)
    scan = releases.get_scan(sessions, release_id)
    assert scan is not None and scan.content == PDF
    assert releases.get_release(sessions, release_id).has_scan


def test_an_oversized_scan_is_refused_with_a_clear_message(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    release_id = _release(sessions, ana, urologist)
    with pytest.raises(ValidationError, match="too large: at most 20 MB"):
        releases.attach_scan(sessions, release_id, b"%PDF-" + bytes(MAX_SCAN_BYTES),
                             filename="big.pdf", media_type="application/pdf")
    assert releases.get_scan(sessions, release_id) is None


def test_a_scan_must_be_what_it_claims(
    sessions: sessionmaker[Session], ana_and_urologist: tuple[int, int],
) -> None:
    ana, urologist = ana_and_urologist
    release_id = _release(sessions, ana, urologist)
    with pytest.raises(ValidationError, match="do not match"):
        releases.attach_scan(sessions, release_id, b"MZ\x90\x00", filename="roi.pdf",
                             media_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF, PNG, JPEG or TIFF"):
        releases.attach_scan(sessions, release_id, PDF, filename="roi.exe",
                             media_type="application/x-msdownload")
