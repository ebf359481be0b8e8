"""Worker-side reads the clinical screens share: every care unit, and the practice's clock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.clients import ClientSummary
    from practice.services.units import UnitView


@dataclass(frozen=True)
class Directory:
    """The clients and care units of the practice, read once for a screen.

    Attributes:
        clients: Every client, in name order.
        units: Every care unit any client belongs or belonged to, by id.
    """

    clients: tuple[ClientSummary, ...]
    units: tuple[UnitView, ...]

    def unit_name(self, unit_id: int) -> str:
        """The unit's label or its members' names, or a neutral word when unknown."""
        for unit in self.units:
            if unit.id == unit_id:
                return unit.display_name
        return f"Unit {unit_id}"

    def client_name(self, client_id: int) -> str:
        """The client's chosen (or legal) name."""
        for client in self.clients:
            if client.id == client_id:
                return client.display_name
        return f"Client {client_id}"


def read_directory(sessions: sessionmaker[Session]) -> Directory:
    """Read every client and every unit (call on the worker).

    The core lists units per client, so they are gathered from each client's list; a
    solo practice has at most a few hundred clients.

    Args:
        sessions: The store's sessionmaker.

    Returns:
        The directory.
    """
    from practice.services.clients import list_clients
    from practice.services.units import units_of_client

    clients = list_clients(sessions)
    found: dict[int, UnitView] = {}
    for client in clients:
        for unit in units_of_client(sessions, client.id):
            found.setdefault(unit.id, unit)
    return Directory(clients, tuple(found[k] for k in sorted(found)))


def practice_zone(sessions: sessionmaker[Session]) -> str:
    """The therapist's IANA zone from the practice profile (call on the worker)."""
    from practice.services.settings import load_profile

    return load_profile(sessions).time_zone
