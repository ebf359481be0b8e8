"""A date-and-time field holding a naive wall time, free of the computer's own zone rules."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import QDateTimeEdit


def wall_time_edit(name: str, wall: datetime) -> QDateTimeEdit:
    """Build a field showing ``wall`` (read on the therapist's clock, not this computer's).

    The field keeps UTC internally so the computer's own daylight-saving gaps never shift
    a time typed for another zone.

    Args:
        name: What screen readers call the field.
        wall: The naive wall time to show.

    Returns:
        The field.
    """
    field = QDateTimeEdit()
    field.setTimeZone(QTimeZone.utc())
    field.setDateTime(QDateTime(QDate(wall.year, wall.month, wall.day),
                                QTime(wall.hour, wall.minute), QTimeZone.utc()))
    field.setAccessibleName(name)
    field.setCalendarPopup(True)
    field.setDisplayFormat("ddd d MMM yyyy HH:mm")
    return field


def set_wall(field: QDateTimeEdit, wall: datetime) -> None:
    """Show another wall time in a field made by ``wall_time_edit``."""
    field.setDateTime(QDateTime(QDate(wall.year, wall.month, wall.day),
                                QTime(wall.hour, wall.minute), QTimeZone.utc()))


def wall_of(field: QDateTimeEdit) -> datetime:
    """The naive wall time a field made by ``wall_time_edit`` holds (to the minute)."""
    value = field.dateTime()
    day, clock = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
