"""The practice profile: name, address, licences, signature and logo, time zone."""

from __future__ import annotations

from practice.services.settings.profile import (
    LOGO,
    MAX_IMAGE_BYTES,
    NPI_KEY,
    PROFILE_KEY,
    SIGNATURE,
    TAX_ID_KEY,
    Licence,
    PracticeProfile,
    load_image,
    load_profile,
    save_image,
    save_profile,
)

__all__ = [
    "LOGO",
    "MAX_IMAGE_BYTES",
    "NPI_KEY",
    "PROFILE_KEY",
    "SIGNATURE",
    "TAX_ID_KEY",
    "Licence",
    "PracticeProfile",
    "load_image",
    "load_profile",
    "save_image",
    "save_profile",
]
