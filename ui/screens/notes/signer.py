"""Who signs: the therapist's name and credentials from the practice profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


def signer(sessions: sessionmaker[Session]) -> str:
    """The signature line, e.g. "Dr. Ada Rivera, PhD" ("" when no profile is set up).

    Args:
        sessions: The store's sessionmaker.

    Returns:
        The therapist's name and credentials; the core refuses to sign with "".
    """
    from practice.services.settings import load_profile

    profile = load_profile(sessions)
    return ", ".join(p for p in (profile.therapist_name.strip(), profile.credentials.strip()) if p)
