"""Providers, NPIs and care teams."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.services import providers
from practice.services.providers import ProviderDetails, npi_check_digit, npi_is_valid
from tests.core import factories as f


@pytest.mark.parametrize("npi", f.VALID_NPIS)
def test_a_valid_npi_passes_its_check_digit(npi: str) -> None:
    assert npi_is_valid(npi)


@pytest.mark.parametrize("npi", ["1234567890", "123456789", "12345678933", "abcdefghij",
                                 "１２３４５６７８９３"])
def test_an_invalid_npi_fails(npi: str) -> None:
    assert not npi_is_valid(npi)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 9))
def test_exactly_one_check_digit_fits_any_nine_digits(first_nine: str, digit: int) -> None:
    assert npi_is_valid(first_nine + str(digit)) == (digit == npi_check_digit(first_nine))


def test_a_provider_with_an_invalid_npi_is_refused(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(ValidationError, match="NPI is not valid"):
        providers.create_provider(sessions, ProviderDetails("Dr. Lee", "urology",
                                                            npi="1234567890"))
    assert providers.list_providers(sessions) == ()


def test_two_providers_cannot_share_an_npi(sessions: sessionmaker[Session]) -> None:
    f.provider(sessions, "Dr. Lee")
    with pytest.raises(ValidationError, match="already has this NPI"):
        f.provider(sessions, "Dr. Other")


def test_an_other_specialty_needs_words(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(ValidationError, match="Specialty detail"):
        providers.create_provider(sessions, ProviderDetails("Dr. Lee", "other"))
    view = providers.create_provider(sessions, ProviderDetails(
        "Dr. Lee", "other", specialty_detail="Sleep medicine"))
    assert view.specialty_label == "Sleep medicine"


def test_every_specialty_can_be_recorded_with_its_fax(sessions: sessionmaker[Session]) -> None:
    for i, specialty in enumerate(providers.SPECIALTIES):
        providers.create_provider(sessions, ProviderDetails(
            f"Dr. {i}", specialty, specialty_detail="Sexual medicine", fax="(504) 555-0199"))
    listed = providers.list_providers(sessions, specialty="pelvic_floor_pt")
    assert [p.specialty_label for p in listed] == ["Pelvic floor physical therapy"]


def test_a_care_team_links_a_client_to_providers_in_roles(
    sessions: sessionmaker[Session],
) -> None:
    ana = f.client(sessions, "Ana")
    urologist = f.provider(sessions)
    link = providers.add_to_care_team(sessions, ana, urologist, "Prescribing urologist",
                                      since=date(2025, 1, 1))
    with pytest.raises(ValidationError, match="already on the care team"):
        providers.add_to_care_team(sessions, ana, urologist, "Prescribing urologist")
    providers.end_care_team_link(sessions, link.id, date(2025, 6, 1))
    assert [lk.role for lk in providers.care_team(sessions, ana)] == ["Prescribing urologist"]
    assert providers.care_team(sessions, ana, on=date(2025, 7, 1)) == ()
