"""What every clinical service shares: the clock, loading by id, contact and date checks."""

from __future__ import annotations

from practice.services.common.dates import (
    parse_day,
)
from practice.services.common.shared import (
    ID_CHUNK,
    US_STATES,
    H,
    M,
    Shared,
    check_birth_date,
    clean_email,
    clean_phone,
    clean_state,
    clean_time_zone,
    id_chunks,
    load,
    utcnow,
)

__all__ = [
    "ID_CHUNK",
    "US_STATES",
    "H",
    "M",
    "Shared",
    "check_birth_date",
    "clean_email",
    "clean_phone",
    "clean_state",
    "clean_time_zone",
    "id_chunks",
    "load",
    "parse_day",
    "utcnow",
]
