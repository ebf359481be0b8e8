"""Who writes and who receives: letterhead and signature from the practice profile, recipients."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from practice.letters.model import Letterhead, Licence, Recipient, Signatory
from practice.models.providers import Organisation
from practice.services.providers import ProviderView
from practice.services.settings import LOGO, SIGNATURE, PracticeProfile, load_image, load_profile
from practice.text.keys import fold

# Licences are kept as postal codes; a letter spells the state out.
STATE_NAMES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "DC": "District of Columbia", "PR": "Puerto Rico", "GU": "Guam",
    "VI": "U.S. Virgin Islands", "AS": "American Samoa", "MP": "Northern Mariana Islands",
}
# Credentials that make a provider "Dr." in a salutation.
_DOCTORATES = frozenset(
    {"md", "do", "phd", "psyd", "dpt", "dnp", "edd", "dsw", "dmd", "dds", "od", "dc", "drph"}
)
_CREDENTIAL_SPLIT = re.compile(r"[,;/\s]+")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


@dataclass(frozen=True)
class Writer:
    """The practice's side of a letter: letterhead and signatory."""

    letterhead: Letterhead
    signatory: Signatory


def long_date(day: date) -> str:
    """Format a date as a US letter does ("March 3, 2025"), whatever the locale."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def load_writer(sessions: sessionmaker[Session], on: date) -> Writer:
    """Build the letterhead and signature block from the practice's saved details.

    Args:
        sessions: The store's sessionmaker.
        on: The letter's date: only licences in force that day are printed.

    Returns:
        The letterhead and signatory.
    """
    profile = load_profile(sessions)
    return Writer(
        letterhead=letterhead(profile, load_image(sessions, LOGO)),
        signatory=signatory(profile, on, load_image(sessions, SIGNATURE)),
    )


def letterhead(profile: PracticeProfile, logo: bytes | None) -> Letterhead:
    """The letterhead printed at the top of the first page."""
    return Letterhead(
        practice_name=profile.practice_name or profile.therapist_name,
        address_lines=profile.address_lines, phone=profile.phone, fax=profile.fax,
        email=profile.email, logo_png=logo,
    )


def signatory(profile: PracticeProfile, on: date, signature: bytes | None) -> Signatory:
    """The signature block: name, credentials, certifications, licences in force, contact."""
    licences = tuple(
        Licence(STATE_NAMES.get(lic.state, lic.state), lic.number, lic.kind)
        for lic in profile.licences if lic.active_on(on)
    )
    contact = tuple(line for line in (profile.phone, profile.email) if line)
    return Signatory(
        name=profile.therapist_name, credentials=profile.credentials, licences=licences,
        certifications=profile.certifications, contact_lines=contact, signature_png=signature,
    )


def addressed_name(provider: ProviderView) -> str:
    """How the letter addresses a provider: "Dr. Kowalski" for a doctorate, else the name."""
    name = provider.details.name.strip()
    if fold(name).startswith(("dr ", "dr.")):
        return name
    credentials = {
        part.replace(".", "") for part in _CREDENTIAL_SPLIT.split(fold(provider.details.credentials
                                                                      or ""))
    }
    if credentials & _DOCTORATES:
        return f"Dr. {name.split()[-1]}"
    return name


def recipient(session: Session, provider: ProviderView) -> Recipient:
    """The recipient block: the provider's own address and fax, else their organisation's."""
    details = provider.details
    org = None
    if details.organisation_id is not None:
        org = session.get(Organisation, details.organisation_id)
    address = details.address or (org.address if org is not None else None)
    fax = details.fax or (org.fax if org is not None else None)
    return Recipient(
        name=details.name, credentials=details.credentials or "",
        organisation=provider.organisation_name or "",
        address_lines=tuple(line.strip() for line in (address or "").split("\n") if line.strip()),
        fax=fax or "", salutation=f"Dear {addressed_name(provider)}:",
    )


def recipient_line(provider: ProviderView) -> str:
    """The recipient in one line, as a cc list or the accounting of disclosures shows it."""
    details = provider.details
    name = details.name if not details.credentials else f"{details.name}, {details.credentials}"
    return ", ".join(part for part in (name, provider.organisation_name) if part)


def recipient_contact(block: Recipient) -> str:
    """The recipient's address and fax in one line, for the accounting of disclosures."""
    fax = f"Fax: {block.fax}" if block.fax else ""
    return " · ".join(part for part in (*block.address_lines, fax) if part)
