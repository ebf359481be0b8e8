"""Every instrument the app knows, by key: adding one is a module and one line here."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from practice.errors import ValidationError
from practice.measures import csi4, csi16, fsfi, gad7, iief5, phq9
from practice.measures.model import Instrument

#: The instruments by key, in the order forms and menus list them.
INSTRUMENTS: Mapping[str, Instrument] = MappingProxyType({
    m.INSTRUMENT.key: m.INSTRUMENT for m in (phq9, gad7, iief5, fsfi, csi16, csi4)
})


def instrument(key: str) -> Instrument:
    """The instrument with that key ("phq9", "gad7", "iief5", "fsfi", "csi16", "csi4").

    Raises:
        ValidationError: No such instrument (the message lists the known ones).
    """
    found = INSTRUMENTS.get(key.strip().lower())
    if found is None:
        known = ", ".join(INSTRUMENTS)
        raise ValidationError(f"Unknown instrument; choose one of {known}.")
    return found
