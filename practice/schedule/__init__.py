"""Scheduling as plain values: series and appointments, recurrence, conflicts, licensure, export.

Nothing here touches the store: services load rows into these frozen dataclasses, call
these functions, and store what they return. The calendar export lives in
``practice.schedule.ics`` (imported on its own, so start-up does not load icalendar).

The names below are loaded on first use (PEP 562): importing one submodule, say
``practice.schedule.timezones`` for the first paint of Today, runs this file first, and
loading recurrence (python-dateutil), conflicts and edits here cost about 50 ms of start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from practice.schedule.conflicts import (
        Conflict,
        DoubleBooking,
        check_no_double_booking,
        find_conflicts,
        find_series_conflicts,
    )
    from practice.schedule.edits import (
        SeriesSplit,
        cancel_occurrence,
        carry_over_rows,
        end_series,
        materialise,
        move_occurrence,
        orphaned_rows,
        restore_occurrence,
        set_occurrence_status,
        split_series,
    )
    from practice.schedule.errors import (
        HistoryKept,
        NotAnOccurrence,
    )
    from practice.schedule.licensure import (
        Licence,
        licence_warnings_for_sessions,
        telehealth_licence_warnings,
    )
    from practice.schedule.model import (
        Appointment,
        LocationKind,
        Series,
        SessionKind,
        SessionStatus,
    )
    from practice.schedule.recurrence import (
        is_occurrence,
        occurrence,
        occurrences,
        sessions_between,
    )

#: Each public name and the submodule that defines it.
_HOMES: dict[str, str] = {
    "Appointment": "practice.schedule.model",
    "Conflict": "practice.schedule.conflicts",
    "DoubleBooking": "practice.schedule.conflicts",
    "HistoryKept": "practice.schedule.errors",
    "Licence": "practice.schedule.licensure",
    "LocationKind": "practice.schedule.model",
    "NotAnOccurrence": "practice.schedule.errors",
    "Series": "practice.schedule.model",
    "SeriesSplit": "practice.schedule.edits",
    "SessionKind": "practice.schedule.model",
    "SessionStatus": "practice.schedule.model",
    "cancel_occurrence": "practice.schedule.edits",
    "carry_over_rows": "practice.schedule.edits",
    "check_no_double_booking": "practice.schedule.conflicts",
    "end_series": "practice.schedule.edits",
    "find_conflicts": "practice.schedule.conflicts",
    "find_series_conflicts": "practice.schedule.conflicts",
    "is_occurrence": "practice.schedule.recurrence",
    "licence_warnings_for_sessions": "practice.schedule.licensure",
    "materialise": "practice.schedule.edits",
    "move_occurrence": "practice.schedule.edits",
    "occurrence": "practice.schedule.recurrence",
    "occurrences": "practice.schedule.recurrence",
    "orphaned_rows": "practice.schedule.edits",
    "restore_occurrence": "practice.schedule.edits",
    "sessions_between": "practice.schedule.recurrence",
    "set_occurrence_status": "practice.schedule.edits",
    "split_series": "practice.schedule.edits",
    "telehealth_licence_warnings": "practice.schedule.licensure",
}

__all__ = [
    "Appointment",
    "Conflict",
    "DoubleBooking",
    "HistoryKept",
    "Licence",
    "LocationKind",
    "NotAnOccurrence",
    "Series",
    "SeriesSplit",
    "SessionKind",
    "SessionStatus",
    "cancel_occurrence",
    "carry_over_rows",
    "check_no_double_booking",
    "end_series",
    "find_conflicts",
    "find_series_conflicts",
    "is_occurrence",
    "licence_warnings_for_sessions",
    "materialise",
    "move_occurrence",
    "occurrence",
    "occurrences",
    "orphaned_rows",
    "restore_occurrence",
    "sessions_between",
    "set_occurrence_status",
    "split_series",
    "telehealth_licence_warnings",
]


def __getattr__(name: str) -> Any:
    """Load a public name from its submodule the first time it is asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
