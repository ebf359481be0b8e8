"""Corrections to charges: adjusting entries up or down, and write-offs, each with a reason.

A charge is never edited: once its session's note is signed the store itself refuses it,
and before then the services still correct by entries, so the ledger reads the same either
way. An adjustment down on a charge already paid first returns the paid part above the new
amount to the payer's credit (it can then pay other charges or be refunded).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from practice.billing.money import Money, money_of
from practice.errors import NotFound, ValidationError
from practice.models.billing import Charge, ChargeAdjustment, WriteOff
from practice.services.billing.ledger import apply_credit, charge_rows, release
from practice.services.billing.model import ChargeRow
from practice.services.common.shared import utcnow
from practice.store.audit import record
from practice.text.keys import clean_line

BEFORE_SESSION = "A correction cannot be dated before the session it corrects."
NO_REASON = "Give a reason for the {what}; it stays with the ledger."
NO_CHANGE = "The charge already comes to that amount; nothing was recorded."
OVER_DUE = "Only what is still owed on the charge ({due}) can be written off."
MAX_REASON_CHARS = 500


def _charge(s: Session, charge_id: int) -> ChargeRow:
    found = charge_rows(s, Charge.id == charge_id)
    if not found:
        raise NotFound(f"No charge with id {charge_id} exists.")
    return found[0]


def _reason(text: str, what: str) -> str:
    cleaned = clean_line(text, "The reason", max_len=MAX_REASON_CHARS)
    if cleaned is None:
        raise ValidationError(NO_REASON.format(what=what))
    return cleaned


def adjust_charge(sessions: sessionmaker[Session], charge_id: int, to: Money | str | int, *,
                  on: date, reason: str) -> ChargeRow:
    """Correct what a charge comes to by an adjusting entry (the charge itself never changes).

    Args:
        sessions: The store's sessionmaker.
        charge_id: The charge.
        to: What it should come to (before write-offs).
        on: The date of the correction (not before the session).
        reason: Why, in the therapist's words.

    Returns:
        The charge with its adjustment.

    Raises:
        ValidationError: A bad amount, no reason, no change, or a date before the session.
        NotFound: No such charge.
    """
    target = money_of(to, "The corrected amount")
    why = _reason(reason, "adjustment")
    with sessions.begin() as s:
        charge = _charge(s, charge_id)
        if on < charge.service_date:
            raise ValidationError(BEFORE_SESSION)
        current = charge.amount + charge.adjusted
        delta = target.cents - current.cents
        if delta == 0:
            raise ValidationError(NO_CHANGE)
        # Paid beyond what it will owe: that part goes back to the payer's credit first.
        over = charge.paid.cents - (target.cents - charge.written_off.cents)
        if delta < 0 and over > 0:
            release(s, charge_id, over)
        entry = ChargeAdjustment(charge_id=charge_id,
                                 direction="increase" if delta > 0 else "decrease",
                                 amount_cents=abs(delta), adjusted_on=on, reason=why,
                                 created_at=utcnow())
        s.add(entry)
        s.flush()
        record(s, "charge.adjust", entity="charge", entity_id=charge_id,
               adjustment_id=entry.id, cents=delta)
        apply_credit(s, charge.payer_id)
        return _charge(s, charge_id)


def write_off(sessions: sessionmaker[Session], charge_id: int,
              amount: Money | str | int | None = None, *, on: date, reason: str) -> ChargeRow:
    """Decide not to collect some or all of what a charge still owes.

    Args:
        sessions: The store's sessionmaker.
        charge_id: The charge.
        amount: How much; everything still owed when omitted.
        on: The date of the decision (not before the session).
        reason: Why (hardship, courtesy, uncollectable, ...).

    Returns:
        The charge with its write-off.

    Raises:
        ValidationError: Nothing owed, more than is owed, no reason, or a date before the
            session.
        NotFound: No such charge.
    """
    why = _reason(reason, "write-off")
    with sessions.begin() as s:
        charge = _charge(s, charge_id)
        if on < charge.service_date:
            raise ValidationError(BEFORE_SESSION)
        cents = charge.due.cents if amount is None else money_of(amount, "The write-off").cents
        if cents <= 0 or cents > charge.due.cents:
            raise ValidationError(OVER_DUE.format(due=charge.due.display()))
        entry = WriteOff(charge_id=charge_id, amount_cents=cents, written_off_on=on,
                         reason=why, created_at=utcnow())
        s.add(entry)
        s.flush()
        record(s, "charge.write_off", entity="charge", entity_id=charge_id,
               write_off_id=entry.id, cents=cents)
        return _charge(s, charge_id)
