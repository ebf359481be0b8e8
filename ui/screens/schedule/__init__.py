"""The Schedule section: week and day views, booking, moving and cancelling sessions."""

from ui.screens.schedule.screen import ScheduleScreen

__all__ = ["ScheduleScreen"]
