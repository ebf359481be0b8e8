"""Scheduling as plain values: series and appointments, recurrence, conflicts, licensure, export.

Nothing here touches the store: services load rows into these frozen dataclasses, call
these functions, and store what they return. The calendar export lives in
``practice.schedule.ics`` (imported on its own, so start-up does not load icalendar).
"""

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
from practice.schedule.errors import HistoryKept, NotAnOccurrence
from practice.schedule.licensure import (
    Licence,
    licence_warnings_for_sessions,
    telehealth_licence_warnings,
)
from practice.schedule.model import Appointment, LocationKind, Series, SessionKind, SessionStatus
from practice.schedule.recurrence import is_occurrence, occurrence, occurrences, sessions_between

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
