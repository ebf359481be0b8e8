"""A care team for the batch-letter tests: two providers a release allows, one it no longer does.

No tests here; the core and screen tests for batch letters build their team from this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from practice.services import providers
from practice.services.providers import ProviderDetails
from tests.core import factories as f
from tests.core.test_letters_builders import SIGNED, World, release

EXPIRED_SIGNED, EXPIRED_ON = date(2024, 1, 2), date(2025, 1, 2)
EXPIRED = "The release for this recipient has expired."


@dataclass(frozen=True)
class Team:
    """The client's care team: ids of the providers and of their releases."""

    urologist: int
    physio: int
    cardiologist: int
    physio_release: int


def build_team(sessions: sessionmaker[Session], world: World) -> Team:
    """Put the world's urologist and physio and a cardiologist on the client's care team.

    The urologist's release is the world's; the physio gets one as wide; the cardiologist's
    expired before the letters' date.
    """
    cardiologist = providers.create_provider(sessions, ProviderDetails(
        name="Ruth Abernathy", specialty="cardiology", credentials="MD",
        fax="(504) 555-0123", npi=f.VALID_NPIS[2])).id
    physio_release = release(sessions, world.client, world.physio)
    release(sessions, world.client, cardiologist, signed=EXPIRED_SIGNED, expires=EXPIRED_ON)
    for provider, role in ((world.urologist, "Treating urologist"),
                           (world.physio, "Pelvic floor physical therapist"),
                           (cardiologist, "Cardiologist")):
        providers.add_to_care_team(sessions, world.client, provider, role, since=SIGNED)
    return Team(world.urologist, world.physio, cardiologist, physio_release)
