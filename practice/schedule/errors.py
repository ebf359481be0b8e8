"""The scheduling errors a therapist can act on (conflicts live in ``practice.errors``)."""

from __future__ import annotations

from practice.errors import NotFound, PracticeError


class HistoryKept(PracticeError):
    """A change would rewrite sessions that have already started (they keep their history)."""


class NotAnOccurrence(NotFound):
    """The date and time given is not a session of the series."""
