"""The practice profile: name, address, licences, signature and logo, time zone."""

from __future__ import annotations

from practice.services.settings.profile import (
    LOGO,
    MAX_IMAGE_BYTES,
    PROFILE_KEY,
    SIGNATURE,
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
    "PROFILE_KEY",
    "SIGNATURE",
    "Licence",
    "PracticeProfile",
    "load_image",
    "load_profile",
    "save_image",
    "save_profile",
]
