"""The practice's own details (letterhead, signatory, licences), kept inside the store."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.meta import PracticeAsset, StoreMeta
from practice.services.common import clean_time_zone
from practice.store.audit import record

PROFILE_KEY = "practice_profile"
LOGO, SIGNATURE = "logo", "signature"
#: Where the therapist's individual NPI and the practice's EIN are kept in ``extra``.
NPI_KEY, TAX_ID_KEY = "npi", "tax_id"
MAX_IMAGE_BYTES = 2 * 1024 * 1024
_IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True)
class Licence:
    """One state licence: where the therapist may see clients, until when."""

    state: str
    number: str
    kind: str = ""  # e.g. "LMFT", "LPC", "Psychologist"
    expires_on: date | None = None

    def active_on(self, day: date) -> bool:
        """Tell whether the licence is in force on ``day``."""
        return self.expires_on is None or day <= self.expires_on


@dataclass(frozen=True)
class PracticeProfile:
    """Everything a letterhead, a signature block and licensure checks need."""

    practice_name: str = ""
    therapist_name: str = ""
    credentials: str = ""
    licences: tuple[Licence, ...] = ()
    certifications: tuple[str, ...] = ()
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    fax: str = ""
    email: str = ""
    time_zone: str = "America/Chicago"
    calendar_label: str = "Session"
    extra: dict[str, str] = field(default_factory=dict)

    def licensed_states_on(self, day: date) -> frozenset[str]:
        """States where an active licence covers ``day``."""
        return frozenset(lic.state for lic in self.licences if lic.active_on(day))


def load_profile(sessions: sessionmaker[Session]) -> PracticeProfile:
    """Read the practice's details (defaults where none were saved)."""
    with sessions() as session:
        raw = session.scalar(select(StoreMeta.value).where(StoreMeta.key == PROFILE_KEY))
    return PracticeProfile() if raw is None else _from_json(json.loads(raw))


def save_profile(sessions: sessionmaker[Session], profile: PracticeProfile) -> None:
    """Replace the practice's details.

    Raises:
        ValidationError: A licence has no state or number, or the time zone is not one.
    """
    # The schedule's clock: every session's local time is read in it.
    clean_time_zone(profile.time_zone, "Practice time zone")
    _check_billing_identifiers(profile)
    for licence in profile.licences:
        if len(licence.state.strip()) != 2 or not licence.number.strip():
            raise ValidationError("Each licence needs a two-letter state and a number.")
    value = json.dumps(_to_json(profile), ensure_ascii=False, sort_keys=True)
    with sessions.begin() as session:
        session.merge(StoreMeta(key=PROFILE_KEY, value=value))
        record(session, "settings.profile_changed")


def _check_billing_identifiers(profile: PracticeProfile) -> None:
    # Checked when typed, not first when a superbill is due: the NPI's check digit, and a
    # tax identifier that is an EIN, never a social security number an insurer would print.
    from practice.services.providers import npi_is_valid

    npi = profile.extra.get(NPI_KEY, "").replace(" ", "").replace("-", "")
    if npi and not npi_is_valid(npi):
        raise ValidationError("Individual NPI: ten digits ending in the right check digit, "
                              "as on your NPPES record.")
    tax_id = profile.extra.get(TAX_ID_KEY, "").replace(" ", "")
    if re.fullmatch(r"\d{3}-\d{2}-\d{4}", tax_id, re.ASCII):
        raise ValidationError("Tax ID (EIN): that looks like a social security number; bills "
                              "print the practice's EIN (such as 12-3456789) instead.")
    if tax_id and not re.fullmatch(r"\d{2}-?\d{7}", tax_id, re.ASCII):
        raise ValidationError("Tax ID (EIN): nine digits, such as 12-3456789.")


def save_image(sessions: sessionmaker[Session], name: str, content: bytes | None) -> None:
    """Store (or with None, remove) the letterhead logo or the signature image.

    Raises:
        ValidationError: Not a PNG or JPEG, or larger than 2 MB.
    """
    if name not in (LOGO, SIGNATURE):
        raise ValueError(f"unknown practice image {name!r}")
    with sessions.begin() as session:
        existing = session.get(PracticeAsset, name)
        if content is None:
            if existing is not None:
                session.delete(existing)
        else:
            session.merge(PracticeAsset(name=name, media_type=_image_type(content),
                                        content=content))
        record(session, "settings.image_changed", image=name)


def load_image(sessions: sessionmaker[Session], name: str) -> bytes | None:
    """The stored logo or signature image, if any."""
    with sessions() as session:
        asset = session.get(PracticeAsset, name)
        return None if asset is None else bytes(asset.content)


def _image_type(content: bytes) -> str:
    if len(content) > MAX_IMAGE_BYTES:
        raise ValidationError("That image is larger than 2 MB; choose a smaller one.")
    for magic, media_type in _IMAGE_TYPES.items():
        if content.startswith(magic):
            return media_type
    raise ValidationError("Use a PNG or JPEG image for the logo or signature.")


def _to_json(profile: PracticeProfile) -> dict[str, Any]:
    doc = asdict(profile)
    doc["licences"] = [
        {**asdict(lic), "expires_on": lic.expires_on.isoformat() if lic.expires_on else None}
        for lic in profile.licences
    ]
    return doc


def _from_json(doc: dict[str, Any]) -> PracticeProfile:
    licences = tuple(
        Licence(state=lic["state"], number=lic["number"], kind=lic.get("kind", ""),
                expires_on=date.fromisoformat(lic["expires_on"]) if lic.get("expires_on")
                else None)
        for lic in doc.get("licences", [])
    )
    known = {f for f in PracticeProfile.__dataclass_fields__ if f != "licences"}
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in doc.items() if k in known
    }
    return replace(PracticeProfile(**values), licences=licences)
