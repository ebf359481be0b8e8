"""Providers and organisations the therapist writes to, NPI checks, and clients' care teams."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Literal, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.clients import Client
from practice.models.providers import CareTeamMember, Organisation, Provider
from practice.services.common import clean_email, clean_phone, load, utcnow
from practice.store.audit import record
from practice.text.keys import clean_line, index_text, sort_key

Specialty = Literal[
    "cardiology", "urology", "gynecology", "pelvic_floor_pt", "oncology", "endocrinology",
    "primary_care", "psychiatry", "other",
]
SPECIALTIES: tuple[Specialty, ...] = get_args(Specialty)
SPECIALTY_LABELS: dict[Specialty, str] = {
    "cardiology": "Cardiology", "urology": "Urology", "gynecology": "Gynecology",
    "pelvic_floor_pt": "Pelvic floor physical therapy", "oncology": "Oncology",
    "endocrinology": "Endocrinology", "primary_care": "Primary care",
    "psychiatry": "Psychiatry", "other": "Other",
}
# The NPI check digit is Luhn over the issuer prefix 80840 followed by the first nine digits.
_NPI_PREFIX = "80840"


def npi_check_digit(first_nine: str) -> int:
    """Return the check digit for the first nine digits of an NPI."""
    total = 0
    # Walking right to left over the payload, every digit in an even position from the
    # right (1st, 3rd, ...) is doubled, since the check digit will take position 0.
    for i, ch in enumerate(reversed(_NPI_PREFIX + first_nine)):
        digit = int(ch)
        if i % 2 == 0:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return (10 - total % 10) % 10


def npi_is_valid(npi: str) -> bool:
    """Whether ``npi`` is ten digits with a correct check digit (e.g. "1234567893")."""
    if len(npi) != 10 or not npi.isascii() or not npi.isdigit():
        return False
    return npi_check_digit(npi[:9]) == int(npi[9])


@dataclass(frozen=True)
class OrganisationDetails:
    """A clinic, hospital or practice."""

    name: str
    address: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class OrganisationView:
    """An organisation as stored."""

    id: int
    details: OrganisationDetails


@dataclass(frozen=True)
class ProviderDetails:
    """Everything about a provider the therapist edits in one form."""

    name: str
    specialty: Specialty
    credentials: str | None = None
    specialty_detail: str | None = None
    organisation_id: int | None = None
    address: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    npi: str | None = None


@dataclass(frozen=True)
class ProviderView:
    """A provider as stored, with the organisation's name for display."""

    id: int
    details: ProviderDetails
    organisation_name: str | None

    @property
    def specialty_label(self) -> str:
        """The specialty in words ("Pelvic floor physical therapy", or the detail for other)."""
        if self.details.specialty == "other" and self.details.specialty_detail:
            return self.details.specialty_detail
        return SPECIALTY_LABELS[self.details.specialty]


@dataclass(frozen=True)
class CareTeamLink:
    """A provider on a client's care team, in a role."""

    id: int
    client_id: int
    provider_id: int
    provider_name: str
    role: str
    since: date | None
    until: date | None


def _clean_org(details: OrganisationDetails) -> OrganisationDetails:
    return OrganisationDetails(
        name=clean_line(details.name, "Organisation name", max_len=200, required=True) or "",
        address=clean_line(details.address, "Address", max_len=500),
        phone=clean_phone(details.phone, "Phone"), fax=clean_phone(details.fax, "Fax"),
        email=clean_email(details.email, "Email"),
    )


def _clean_provider(details: ProviderDetails) -> ProviderDetails:
    if details.specialty not in SPECIALTIES:
        raise ValidationError("Specialty is not one of the listed specialties.")
    npi = clean_line(details.npi, "NPI", max_len=20)
    npi = None if npi is None else npi.replace(" ", "").replace("-", "")
    if npi is not None and not npi_is_valid(npi):
        raise ValidationError("NPI is not valid: it must be 10 digits with a correct check digit.")
    detail = clean_line(details.specialty_detail, "Specialty detail", max_len=100)
    if details.specialty == "other" and detail is None:
        raise ValidationError("Specialty detail is required when the specialty is other.")
    return ProviderDetails(
        name=clean_line(details.name, "Provider name", max_len=200, required=True) or "",
        specialty=details.specialty, specialty_detail=detail,
        credentials=clean_line(details.credentials, "Credentials", max_len=100),
        organisation_id=details.organisation_id,
        address=clean_line(details.address, "Address", max_len=500),
        phone=clean_phone(details.phone, "Phone"), fax=clean_phone(details.fax, "Fax"),
        email=clean_email(details.email, "Email"), npi=npi,
    )


def create_organisation(
    sessions: sessionmaker[Session], details: OrganisationDetails
) -> OrganisationView:
    """Record an organisation.

    Raises:
        ValidationError: A field is missing or malformed.
    """
    clean = _clean_org(details)
    with sessions.begin() as s:
        row = Organisation(**{f.name: getattr(clean, f.name) for f in fields(clean)},
                           sort_key=sort_key(clean.name), created_at=utcnow())
        s.add(row)
        s.flush()
        record(s, "organisation.create", entity="organisation", entity_id=row.id)
        return OrganisationView(row.id, clean)


def list_organisations(sessions: sessionmaker[Session]) -> tuple[OrganisationView, ...]:
    """Every organisation, in name order."""
    with sessions.begin() as s:
        rows = s.scalars(select(Organisation).order_by(Organisation.sort_key, Organisation.id))
        return tuple(
            OrganisationView(r.id, OrganisationDetails(r.name, r.address, r.phone, r.fax, r.email))
            for r in rows
        )


def _provider_view(session: Session, row: Provider) -> ProviderView:
    details = ProviderDetails(**{f.name: getattr(row, f.name) for f in fields(ProviderDetails)})
    org = None if row.organisation_id is None else session.get(Organisation, row.organisation_id)
    return ProviderView(row.id, details, None if org is None else org.name)


def _apply(session: Session, row: Provider, clean: ProviderDetails) -> None:
    if clean.organisation_id is not None:
        load(session, Organisation, clean.organisation_id, "organisation")
    if clean.npi is not None and session.scalar(
        select(Provider.id).where(Provider.npi == clean.npi, Provider.id != (row.id or -1))
    ) is not None:
        raise ValidationError("Another provider already has this NPI.")
    for f in fields(ProviderDetails):
        setattr(row, f.name, getattr(clean, f.name))
    org = None if clean.organisation_id is None else session.get(Organisation,
                                                                 clean.organisation_id)
    row.sort_key = sort_key(clean.name)
    row.search_text = index_text(clean.name, clean.credentials, SPECIALTY_LABELS[clean.specialty],
                                 clean.specialty_detail, None if org is None else org.name)


def create_provider(sessions: sessionmaker[Session], details: ProviderDetails) -> ProviderView:
    """Record a provider.

    Raises:
        ValidationError: A field is missing or malformed (an invalid NPI), or the NPI is
            already on another provider.
        NotFound: The organisation does not exist.
    """
    clean = _clean_provider(details)
    with sessions.begin() as s:
        now = utcnow()
        row = Provider(created_at=now, updated_at=now)
        _apply(s, row, clean)
        s.add(row)
        s.flush()
        record(s, "provider.create", entity="provider", entity_id=row.id)
        return _provider_view(s, row)


def update_provider(
    sessions: sessionmaker[Session], provider_id: int, details: ProviderDetails
) -> ProviderView:
    """Replace a provider's details.

    Raises:
        ValidationError: A field is missing or malformed, or the NPI is taken.
        NotFound: No such provider or organisation.
    """
    clean = _clean_provider(details)
    with sessions.begin() as s:
        row = load(s, Provider, provider_id, "provider")
        _apply(s, row, clean)
        row.updated_at = utcnow()
        record(s, "provider.update", entity="provider", entity_id=provider_id)
        return _provider_view(s, row)


def provider_view(session: Session, provider_id: int) -> ProviderView:
    """Read one provider inside an open session (for other services).

    Raises:
        NotFound: No such provider.
    """
    return _provider_view(session, load(session, Provider, provider_id, "provider"))


def get_provider(sessions: sessionmaker[Session], provider_id: int) -> ProviderView:
    """Read one provider.

    Raises:
        NotFound: No such provider.
    """
    with sessions.begin() as s:
        return provider_view(s, provider_id)


def list_providers(
    sessions: sessionmaker[Session], *, specialty: Specialty | None = None
) -> tuple[ProviderView, ...]:
    """Every provider (or those of one specialty), in name order."""
    stmt = select(Provider).order_by(Provider.sort_key, Provider.id)
    if specialty is not None:
        stmt = stmt.where(Provider.specialty == specialty)
    with sessions.begin() as s:
        return tuple(_provider_view(s, r) for r in s.scalars(stmt))


def add_to_care_team(
    sessions: sessionmaker[Session], client_id: int, provider_id: int, role: str, *,
    since: date | None = None,
) -> CareTeamLink:
    """Put a provider on a client's care team in a role.

    Raises:
        ValidationError: No role, or the same provider already in that role.
        NotFound: No such client or provider.
    """
    clean_role = clean_line(role, "Role", max_len=100, required=True) or ""
    with sessions.begin() as s:
        load(s, Client, client_id, "client")
        provider = load(s, Provider, provider_id, "provider")
        if s.scalar(select(CareTeamMember.id).where(
            CareTeamMember.client_id == client_id, CareTeamMember.provider_id == provider_id,
            CareTeamMember.role == clean_role, CareTeamMember.until.is_(None),
        )) is not None:
            raise ValidationError("This provider is already on the care team in this role.")
        row = CareTeamMember(client_id=client_id, provider_id=provider_id, role=clean_role,
                             since=since)
        s.add(row)
        s.flush()
        record(s, "care_team.add", entity="care_team", entity_id=row.id, client_id=client_id,
               provider_id=provider_id)
        return CareTeamLink(row.id, client_id, provider_id, provider.name, clean_role, since, None)


def end_care_team_link(sessions: sessionmaker[Session], link_id: int, until: date) -> None:
    """Record that a provider left a client's care team (the link stays, dated).

    Raises:
        ValidationError: Already ended, or an end before the start.
        NotFound: No such link.
    """
    with sessions.begin() as s:
        row = load(s, CareTeamMember, link_id, "care team entry")
        if row.until is not None or (row.since is not None and until < row.since):
            raise ValidationError("This care team entry has ended already or starts later.")
        row.until = until
        record(s, "care_team.end", entity="care_team", entity_id=link_id)


def care_team(
    sessions: sessionmaker[Session], client_id: int, *, on: date | None = None
) -> tuple[CareTeamLink, ...]:
    """A client's care team: everyone ever, or those on it on a given day."""
    stmt = (
        select(CareTeamMember, Provider.name)
        .join(Provider, Provider.id == CareTeamMember.provider_id)
        .where(CareTeamMember.client_id == client_id)
        .order_by(Provider.sort_key, CareTeamMember.id)
    )
    with sessions.begin() as s:
        links = [
            CareTeamLink(m.id, m.client_id, m.provider_id, name, m.role, m.since, m.until)
            for m, name in s.execute(stmt)
        ]
    if on is not None:
        links = [lk for lk in links if (lk.since is None or lk.since <= on)
                 and (lk.until is None or lk.until > on)]
    return tuple(links)
