"""The ``payment`` and ``balance`` subcommands: record money received, print what is owed.

Payments are recorded, never processed: the method is a label. Output names no one:
clients are shown by id, as the other commands do, so a terminal's scrollback holds no names.
"""

from __future__ import annotations

import argparse
from typing import Any

from practice.cli.store_commands import add_store_arguments, open_store

METHODS = ("cash", "cheque", "card", "transfer")


def register(sub: Any) -> None:
    """Add ``payment`` and ``balance``."""
    help_text = "record a payment received from a client and apply it to what they owe"
    payment: argparse.ArgumentParser = sub.add_parser("payment", help=help_text,
                                                      description=help_text + " (oldest first).")
    add_store_arguments(payment)
    payment.add_argument("--client", required=True, metavar="NAME_OR_ID", help="who paid")
    payment.add_argument("--amount", required=True, metavar="150.00",
                         help="the amount, at most two decimals")
    payment.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                         help="the day it was received (default: today)")
    payment.add_argument("--method", required=True, metavar="|".join(METHODS),
                         help="how it was paid (a label only: no card or bank details)")
    payment.set_defaults(run=_payment)
    help_text = "print each client's account, tab-separated: client, charged, paid, balance"
    balance: argparse.ArgumentParser = sub.add_parser("balance", help=help_text,
                                                      description=help_text + " (a negative "
                                                      "balance is credit in the client's favour).")
    add_store_arguments(balance)
    balance.add_argument("--client", default=None, metavar="NAME_OR_ID",
                         help="one client (default: everyone with a charge or a payment)")
    balance.set_defaults(run=_balance)


def _payment(args: argparse.Namespace) -> int:
    from datetime import date

    from practice.billing import parse_money
    from practice.cli.letter_commands import _find
    from practice.services.billing import record_payment
    from practice.services.common.dates import parse_day

    # Checked before the store is opened: a typing mistake costs no passphrase.
    amount = parse_money(args.amount, "The payment")
    day = parse_day(args.date, "Date") or date.today()
    with open_store(args) as store:
        client_id = _find(store.sessions, args.client, "client")
        paid = record_payment(store.sessions, client_id, amount, day, args.method)
    print(f"Recorded payment #{paid.id} of {paid.amount} from client {paid.client_id} on "
          f"{paid.received_on.isoformat()} ({paid.method}): {paid.applied} applied to "
          f"charges, {paid.unapplied} left as credit.")
    return 0


def _balance(args: argparse.Namespace) -> int:
    from practice.cli.letter_commands import _find
    from practice.services.billing import balances

    with open_store(args) as store:
        client_id = None if args.client is None else _find(store.sessions, args.client, "client")
        rows = balances(store.sessions, client_id)
    for row in rows:
        print(f"{row.client_id}\t{row.charged}\t{row.paid}\t{row.balance}")
    return 0
