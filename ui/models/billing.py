"""A client's account and the practice's fee schedule, read on the worker, as flat tables.

The Billing tab reads everything it shows in one go (``read_account``): the charges the
client owes (their share of each session's lines), the payments they made and their
balance. The fee schedule is read the same way (``read_fees``). One table model shows any
of these rows through a list of columns; ``data()`` never raises and returns None for roles
it does not handle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from practice.billing.catalogue import label_of
from ui.models.headers import column_title

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.billing import Balance, ChargeRow, FeeRow, PaymentRow

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
METHOD_WORDS = {"cash": "Cash", "cheque": "Cheque", "card": "Card", "transfer": "Transfer"}


@dataclass(frozen=True)
class AccountData:
    """What the Billing tab shows of one client's account.

    Attributes:
        client_id: Whose account.
        charges: What they were charged (their share of each line), oldest first.
        payments: What they paid, oldest first.
        balance: Charged, paid and the balance (negative is credit).
    """

    client_id: int
    charges: tuple[ChargeRow, ...]
    payments: tuple[PaymentRow, ...]
    balance: Balance


def read_account(sessions: sessionmaker[Session], client_id: int) -> AccountData:
    """Read a client's charges, payments and balance as payer (call on the worker).

    Args:
        sessions: The store's sessionmaker.
        client_id: The client.

    Returns:
        Their account.
    """
    from practice.services.billing import balances, charges_for, payments_for

    return AccountData(client_id, tuple(charges_for(sessions, payer_id=client_id)),
                       tuple(payments_for(sessions, client_id)),
                       balances(sessions, client_id)[0])


def read_fees(sessions: sessionmaker[Session]) -> tuple[FeeRow, ...]:
    """Read the practice's fee schedule, by service then date (call on the worker)."""
    from practice.services.billing import fee_schedule

    return tuple(fee_schedule(sessions))


def balance_words(balance: Balance) -> str:
    """The balance line: what is owed, or the credit held, in words."""
    money = balance.balance
    if money.cents > 0:
        state = f"owes {money.display()}"
    elif money.cents < 0:
        state = f"has {(-money).display()} in credit"
    else:
        state = "owes nothing"
    return (f"Balance: {state} (charged {balance.charged.display()}, "
            f"paid {balance.paid.display()}).")


def charge_cells(charge: ChargeRow) -> tuple[str, ...]:
    """A charge's row: date, code, service, fee, their share, adjusted, written off, paid, due."""
    code = "-".join((charge.code, *charge.modifiers))
    return (charge.service_date.isoformat(), code, label_of(charge.code),
            charge.fee.display(), charge.amount.display(),
            charge.adjusted.display() if charge.adjusted else "",
            charge.written_off.display() if charge.written_off else "",
            charge.paid.display(), charge.due.display())


def payment_cells(payment: PaymentRow) -> tuple[str, ...]:
    """A payment's row: date, amount, method, applied, refunded, credit left."""
    return (payment.received_on.isoformat(), payment.amount.display(),
            METHOD_WORDS.get(payment.method, payment.method), payment.applied.display(),
            payment.refunded.display() if payment.refunded else "",
            payment.unapplied.display())


def fee_cells(fee: FeeRow) -> tuple[str, ...]:
    """A fee's row: code, service, fee, from."""
    return (fee.service, label_of(fee.service),
            "" if fee.fee is None else fee.fee.display(), fee.effective_from.isoformat())


CHARGE_HEADERS = ("Date", "Code", "Service", "Fee", "Their share", "Adjusted", "Written off",
                  "Paid", "Balance")
PAYMENT_HEADERS = ("Date", "Amount", "Method", "Applied", "Refunded", "Credit")
FEE_HEADERS = ("Code", "Service", "Fee", "From")
# Amounts line up on the right, as on paper.
_WORDS = {"Date", "Code", "Service", "Method", "From", "Client", "Who", "Session",
          "Why it is not charged", "Document", "Given on", "Covers", "Oldest unpaid"}


class LedgerTableModel(QAbstractTableModel):
    """Ledger rows (charges, payments or fees), one row each, through their cells.

    Args:
        headers: The column titles.
        cells: A row's words, column by column.
        parent: The owning object.
    """

    def __init__(self, headers: Sequence[str], cells: Callable[[Any], tuple[str, ...]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._cells = cells
        self._rows: tuple[Any, ...] = ()
        self._words: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace the rows (each a frozen value with an ``id``)."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self._words = [self._cells(row) for row in self._rows]
        self.endResetModel()

    @property
    def rows(self) -> tuple[Any, ...]:
        """The values shown, row by row."""
        return self._rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        """One row per value (none under any row: this is a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """One column per header."""
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's words, or the row's id; None for other roles."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == ID_ROLE:
            return self._rows[index.row()].id
        column = index.column()
        if not 0 <= column < len(self._headers):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._words[index.row()][column]
        if role == Qt.ItemDataRole.TextAlignmentRole and self._headers[column] not in _WORDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The column titles; None for rows and other roles."""
        return column_title(self._headers, section, orientation, role)
