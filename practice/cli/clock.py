"""The practice's clock for a store ``practice init`` makes: this computer's time zone."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


def add_time_zone_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--time-zone`` option of a command that makes a new practice."""
    parser.add_argument("--time-zone", type=_zone, default=None, metavar="ZONE",
                        help="the practice's time zone, such as America/Chicago "
                        "(default: this computer's)")


def _zone(text: str) -> str:
    # Checked before the store is made, so a typo leaves nothing behind.
    from practice.errors import ValidationError
    from practice.schedule.timezones import check_zone

    try:
        check_zone(text)
    except ValidationError:
        raise argparse.ArgumentTypeError(
            "not a known time zone; use a name such as America/Chicago or Europe/Berlin"
        ) from None
    return text


def set_practice_clock(sessions: sessionmaker[Session], chosen: str | None) -> str:
    """Save the practice's time zone: the one chosen, else this computer's, else UTC.

    Args:
        sessions: The new store's sessionmaker.
        chosen: The zone given on the command line, if any.

    Returns:
        A line telling the therapist which clock the practice keeps, and, when the
        computer's zone could not be told, how to choose one.

    Raises:
        ValidationError: The chosen zone is not a known zone name.
    """
    from practice.schedule.timezones import check_zone, computer_zone
    from practice.services.settings import load_profile, save_profile

    if chosen is not None:
        check_zone(chosen)
        zone, note = chosen, f"The practice keeps time in {chosen}."
    else:
        found = computer_zone()
        zone = found.name
        note = (f"The practice keeps time in {zone}, this computer's time zone." if found.found
                else "This computer's time zone could not be told, so the practice keeps "
                "time in UTC. To keep another, make the store with --time-zone (such as "
                "--time-zone America/Chicago).")
    save_profile(sessions, replace(load_profile(sessions), time_zone=zone))
    return note
