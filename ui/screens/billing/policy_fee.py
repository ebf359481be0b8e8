"""After a late cancel or a no-show: ask whether to charge the policy fee, and charge only if so.

The fee is never charged by itself (the issue: "when the therapist confirms"): the schedule
calls ``offer_policy_fee`` once a session is marked, the fee in force that day is read on the
worker, and "Charge the no-show fee of $100.00?" is asked. Only "Charge" calls the core's
``charge_policy_fee``; its refusal (a joint session with no identified client) is shown in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from practice.billing.rules import policy_fee_for
from practice.schedule.timezones import in_zone
from ui.errors import confirm

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.billing.money import Money
    from practice.schedule.model import Appointment
    from ui.context import AppContext

_WORDS = {"late_cancel": "late-cancel", "no_show": "no-show"}
NO_FEE = ("No {what} fee is set for {day} (Settings → Fees), so nothing was charged for this "
          "session.")
CHARGE = "Charge"


@dataclass(frozen=True)
class Quote:
    """The policy fee a missed session may be charged.

    Attributes:
        appointment_id: The session.
        what: "late-cancel" or "no-show".
        day: The session's day, as text.
        fee: The fee in force that day for whoever it would be charged to, if set.
    """

    appointment_id: int
    what: str
    day: str
    fee: Money | None


def _whose(sessions: sessionmaker[Session], session: Appointment) -> int | None:
    """Whose account the fee would go under: the only member, else the unit's choice."""
    from practice.services.billing import payer_plan
    from practice.services.units import get_unit

    members = get_unit(sessions, session.unit_id).current_members
    if len(members) == 1:
        return members[0].client_id
    return payer_plan(sessions, session.unit_id)[1]


def quote(sessions: sessionmaker[Session], session: Appointment) -> Quote | None:
    """The policy fee a session just marked may owe (call on the worker); None if none.

    Args:
        sessions: The store's sessionmaker.
        session: The session, as marked.

    Returns:
        The quote, or None for a status that owes no policy fee.
    """
    from practice.services.billing import fee_on

    policy = policy_fee_for(session.status)
    if policy is None or session.id is None:
        return None
    day = in_zone(session.start_utc, session.zone).date()
    fee = fee_on(sessions, policy.value, day, unit_id=session.unit_id,
                 client_id=_whose(sessions, session))
    return Quote(session.id, _WORDS[policy.value], day.isoformat(), fee)


def offer_policy_fee(parent: QWidget, context: AppContext, session: Appointment,
                     on_charged: Callable[[], None] | None = None) -> None:
    """Ask whether to charge a missed session's policy fee; charge it only when confirmed.

    Args:
        parent: The screen asking (owns the question).
        context: The application context.
        session: The session just marked late cancel or no-show.
        on_charged: Called once the fee is charged.
    """
    if policy_fee_for(session.status) is None or context.store is None:
        return
    context.read(lambda sessions: quote(sessions, session),
                 on_success=lambda found: _ask(parent, context, found, on_charged),
                 parent=parent)


def _ask(parent: QWidget, context: AppContext, found: Quote | None,
         on_charged: Callable[[], None] | None) -> None:
    if found is None:
        return
    if found.fee is None:
        box = QMessageBox(QMessageBox.Icon.Information, "Practice",
                          NO_FEE.format(what=found.what, day=found.day),
                          QMessageBox.StandardButton.Ok, parent)
        box.setAccessibleName("No policy fee")
        box.open()
        return
    appointment_id = found.appointment_id

    def charge() -> None:
        from practice.services.billing import charge_policy_fee

        context.write(lambda sessions: charge_policy_fee(sessions, appointment_id),
                      on_success=lambda _rows: on_charged() if on_charged else None,
                      parent=parent)

    confirm(parent, f"Charge the {found.what} fee of {found.fee.display()}?", CHARGE, charge)
