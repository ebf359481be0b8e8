"""After booking: a self-pay client's first session prompts for their good-faith estimate.

The No Surprises Act owes an uninsured or self-pay client a good-faith estimate once their
care is scheduled. The schedule hands every booking to ``offer_estimate``; the core names the
clients it expects who are self-pay, were never booked before and hold no estimate yet
(``estimate_owed_at_booking``), and for each the therapist is asked "Prepare a good-faith
estimate now?". "Prepare" opens the estimate form with the first session filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from practice.schedule.timezones import in_zone
from ui.errors import confirm
from ui.screens.billing.documents import EstimateForm

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from ui.context import AppContext

PREPARE = "Prepare"
QUESTION = ("{name} pays for their own care (self-pay), and this is their first session. "
            "Prepare a good-faith estimate now?")


@dataclass(frozen=True)
class Owed:
    """A client owed an estimate by a booking, and the day their care starts."""

    client_id: int
    name: str
    first: date


def _booked(stored: object) -> tuple[frozenset[int], int | None, int | None, date] | None:
    """Who a booking expects, its session or series id, and its first day; None otherwise."""
    from practice.services.schedule import Booking, SeriesBooking

    if isinstance(stored, Booking):
        session = stored.appointment
        return (session.expected_client_ids, session.id, None,
                in_zone(session.start_utc, session.zone).date())
    if isinstance(stored, SeriesBooking):
        series = stored.series
        return series.expected_client_ids, None, series.id, series.dtstart_local.date()
    return None


def owed_by(sessions: sessionmaker[Session], stored: object) -> tuple[Owed, ...]:
    """The clients a booking owes an estimate, with their names (call on the worker)."""
    from practice.services.billing import estimate_owed_at_booking
    from ui.models.directory import read_named

    booked = _booked(stored)
    if booked is None:
        return ()
    clients, appointment_id, series_id, first = booked
    owed = estimate_owed_at_booking(sessions, clients, appointment_id=appointment_id,
                                    series_id=series_id)
    names = read_named(sessions, (), owed)  # names only: opening a record would be audited
    return tuple(Owed(c, names.client_name(c), first) for c in owed)


def offer_estimate(parent: QWidget, context: AppContext, stored: object) -> None:
    """Ask, for each self-pay client first booked, whether to prepare their estimate now.

    Args:
        parent: The screen that booked (owns the questions and forms).
        context: The application context.
        stored: What the booking returned (a session or a series).
    """
    if context.store is None or _booked(stored) is None:
        return
    context.read(lambda sessions: owed_by(sessions, stored),
                 on_success=lambda owed: _ask(parent, context, list(owed)), parent=parent)


def _ask(parent: QWidget, context: AppContext, owed: list[Owed]) -> None:
    """Ask about the first client; the next is asked once this one is answered."""
    if not owed or context.store is None:
        return
    client, rest = owed[0], owed[1:]
    prepared = []

    def prepare() -> None:
        prepared.append(client.client_id)
        form = EstimateForm(context, client.client_id, parent, first=client.first)
        form.finished.connect(lambda _result: _after(form))

    def _after(form: EstimateForm) -> None:
        form.deleteLater()
        _ask(parent, context, rest)

    box = confirm(parent, QUESTION.format(name=client.name), PREPARE, prepare)
    box.setAccessibleName("Good-faith estimate")
    # Not now: the next client is asked at once (after the form, when one was prepared).
    box.finished.connect(lambda _result: None if prepared else _ask(parent, context, rest))
