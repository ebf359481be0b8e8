"""Coordinating providers and their organisations, and each client's care team."""

from __future__ import annotations

from practice.services.providers.directory import (
    SPECIALTIES,
    SPECIALTY_LABELS,
    CareTeamLink,
    OrganisationDetails,
    OrganisationView,
    ProviderDetails,
    ProviderView,
    Specialty,
    add_to_care_team,
    care_team,
    create_organisation,
    create_provider,
    end_care_team_link,
    get_provider,
    list_organisations,
    list_providers,
    npi_check_digit,
    npi_is_valid,
    provider_view,
    update_provider,
)

__all__ = [
    "SPECIALTIES",
    "SPECIALTY_LABELS",
    "CareTeamLink",
    "OrganisationDetails",
    "OrganisationView",
    "ProviderDetails",
    "ProviderView",
    "Specialty",
    "add_to_care_team",
    "care_team",
    "create_organisation",
    "create_provider",
    "end_care_team_link",
    "get_provider",
    "list_organisations",
    "list_providers",
    "npi_check_digit",
    "npi_is_valid",
    "provider_view",
    "update_provider",
]
