"""Whom a session or a note is for: a care unit, or a client seen alone.

A client just entered from an empty store belongs to no unit yet. The therapist still picks
them by name; their individual unit is opened on the spot, when the first session or note
for them is saved (``unit_for``), and reused from then on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.units import UnitView
    from ui.models.directory import Directory

_KIND_WORDS = {"individual": "", "couple": " (couple)", "polycule": " (polycule)"}


@dataclass(frozen=True)
class Whom:
    """One choice: an open unit (``unit_id``), or a client with no individual unit yet.

    Attributes:
        label: What the picker shows and type-ahead matches ("Ana Lee", "Ana & Ben (couple)");
            a client reads the same whether their individual unit is open yet or not.
        unit_id: The unit, when there is one.
        client_id: The client to open an individual unit for, when there is none.
    """

    label: str
    unit_id: int | None = None
    client_id: int | None = None

    @property
    def key(self) -> int | str:
        """What a combo's data holds: the unit's id, or ``"client:<id>"``."""
        return self.unit_id if self.unit_id is not None else f"client:{self.client_id}"


def individual_of(units: tuple[UnitView, ...], client_id: int) -> UnitView | None:
    """The client's open individual unit among ``units``, if there is one."""
    return next((u for u in units if u.kind == "individual" and u.closed_on is None
                 and any(m.client_id == client_id for m in u.current_members)), None)


def unit_label(unit: UnitView) -> str:
    """A unit as a picker shows it: an individual unit is its client's name."""
    return f"{unit.display_name}{_KIND_WORDS[unit.kind]}"


def choices(directory: Directory) -> tuple[Whom, ...]:
    """Every open unit, and every active client who has no individual unit yet, by name.

    Args:
        directory: The practice's clients and units.

    Returns:
        The choices in name order.
    """
    open_units = tuple(u for u in directory.units if u.closed_on is None)
    found = [Whom(unit_label(u), unit_id=u.id) for u in open_units]
    found += [Whom(c.display_name, client_id=c.id) for c in directory.clients
              if c.status == "active" and individual_of(open_units, c.id) is None]
    return tuple(sorted(found, key=lambda w: (w.label.casefold(), str(w.key))))


def unit_for(sessions: sessionmaker[Session], whom: Whom, on: date) -> int:
    """The unit to book or write for, opening the client's individual unit if need be.

    Call on the worker. A second call for the same client finds the unit the first opened.

    Args:
        sessions: The store's sessionmaker.
        whom: The choice made.
        on: The day of the session or note: a unit opened now opens then, or today if
            that is later (a note for last week's session needs the client a member then).

    Returns:
        The unit's id.
    """
    from practice.services.units import create_unit, units_of_client

    if whom.unit_id is not None:
        return whom.unit_id
    assert whom.client_id is not None
    found = individual_of(units_of_client(sessions, whom.client_id, current_only=True),
                          whom.client_id)
    if found is not None:
        return found.id
    opened = min(on, date.today())
    return create_unit(sessions, "individual", [whom.client_id], opened_on=opened).id
