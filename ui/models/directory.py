"""Worker-side reads the clinical screens share: every care unit, and the practice's clock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
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
    _unit_names: dict[int, str] = field(init=False, repr=False, compare=False)
    _client_names: dict[int, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Looked up per row and per session shown: an index, not a scan per lookup.
        object.__setattr__(self, "_unit_names", {u.id: u.display_name for u in self.units})
        object.__setattr__(self, "_client_names",
                           {c.id: c.display_name for c in self.clients})

    def unit_name(self, unit_id: int) -> str:
        """The unit's label or its members' names, or a neutral word when unknown."""
        return self._unit_names.get(unit_id, f"Unit {unit_id}")

    def client_name(self, client_id: int) -> str:
        """The client's chosen (or legal) name."""
        return self._client_names.get(client_id, f"Client {client_id}")


def read_directory(sessions: sessionmaker[Session]) -> Directory:
    """Read every client and every unit (call on the worker), in a handful of queries.

    Args:
        sessions: The store's sessionmaker.

    Returns:
        The directory.
    """
    from practice.services.clients import list_clients
    from practice.services.units import list_units

    return Directory(list_clients(sessions), list_units(sessions))


def read_named(sessions: sessionmaker[Session], unit_ids: Iterable[int],
               client_ids: Iterable[int] = (), *, with_members: bool = False) -> Directory:
    """Read only the units and clients a screen names, not the whole practice (worker).

    A screen showing a day or a week names a handful of units; reading all of a large
    practice for them costs seconds and megabytes (bench/bench_app.py).

    Args:
        sessions: The store's sessionmaker.
        unit_ids: The units named.
        client_ids: The clients named.
        with_members: Also every client who belongs or belonged to those units.

    Returns:
        A directory of just those.
    """
    from practice.services.clients import clients_by_id
    from practice.services.units import units_by_id

    units = units_by_id(sessions, unit_ids)
    wanted = set(client_ids)
    if with_members:
        wanted |= {m.client_id for unit in units for m in unit.members}
    return Directory(clients_by_id(sessions, wanted), units)


def practice_zone(sessions: sessionmaker[Session]) -> str:
    """The therapist's IANA zone from the practice profile (call on the worker)."""
    from practice.services.settings import load_profile

    return load_profile(sessions).time_zone
