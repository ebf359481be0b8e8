"""The ``receipt``, ``statement`` and ``income`` subcommands: a payer's papers, the year's sums.

A receipt and a statement are copies given to the client, sent only by a channel the
client marked safe (``--by``, or the first of post and email marked safe). The income
summary is for the accountant and names no client. Dates and the year are checked
before the store is opened; what is printed names the client by id only.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from practice.cli.billing_document_commands import _print
from practice.cli.letter_commands import PASSWORD_ENV, _find, pdf_password
from practice.cli.store_commands import add_store_arguments, open_store

CHANNEL_CHOICES = ("post", "email")


def _sent(parser: argparse.ArgumentParser) -> None:
    add_store_arguments(parser)
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    parser.add_argument("--by", default=None, choices=CHANNEL_CHOICES,
                        help="how it is sent (default: the first of post, email the client "
                             "marked safe)")
    parser.add_argument("--password-file", type=Path, default=None, metavar="FILE",
                        help=f"protect the PDF with this password (or set ${PASSWORD_ENV})")
    parser.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                        help="the day it is given (default: today)")


def register(sub: Any) -> None:
    """Add ``receipt``, ``statement`` and ``income``."""
    help_text = "write the receipt for one payment as a PDF, logged as given to the client"
    receipt: argparse.ArgumentParser = sub.add_parser("receipt", help=help_text,
                                                      description=help_text)
    receipt.add_argument("--payment", required=True, type=int, metavar="ID",
                         help="the payment's number")
    _sent(receipt)
    receipt.set_defaults(run=_receipt)
    help_text = ("write a client's statement (charges, payments, adjustments, running "
                 "balance) for a period as a PDF, logged as given to the client")
    statement: argparse.ArgumentParser = sub.add_parser("statement", help=help_text,
                                                        description=help_text)
    statement.add_argument("--client", required=True, metavar="NAME_OR_ID")
    statement.add_argument("--from", dest="start", required=True, metavar="DATE",
                           help="the first day")
    statement.add_argument("--to", dest="end", required=True, metavar="DATE",
                           help="the last day")
    _sent(statement)
    statement.set_defaults(run=_statement)
    help_text = ("write the year's income by month (charged, received, refunded, written "
                 "off) for the accountant, as CSV or PDF, naming no client")
    income: argparse.ArgumentParser = sub.add_parser("income", help=help_text,
                                                     description=help_text)
    add_store_arguments(income)
    income.add_argument("--year", required=True, type=int, metavar="YYYY")
    income.add_argument("--out", required=True, type=Path, metavar="FILE.csv|FILE.pdf")
    income.set_defaults(run=_income)


def _today(args: argparse.Namespace) -> date:
    from practice.services.common.dates import parse_day

    return parse_day(args.date, "Date") or date.today()


def _receipt(args: argparse.Namespace) -> int:
    from practice.services.billing_documents import issue_receipt

    today = _today(args)
    password = pdf_password(args.password_file)
    with open_store(args) as store:
        issued = issue_receipt(store.sessions, args.payment, today=today, out=args.out,
                               password=password, channel=args.by)
    _print("Receipt", issued.client_id, args.out, issued.id, issued.disclosure_id,
           str(issued.total))
    return 0


def _statement(args: argparse.Namespace) -> int:
    from practice.services.billing_documents import check_statement_period, issue_statement
    from practice.services.common.dates import parse_day

    start = parse_day(args.start, "The statement's first day", required=True)
    end = parse_day(args.end, "The statement's last day", required=True)
    assert start is not None and end is not None
    check_statement_period(start, end)
    today = _today(args)
    password = pdf_password(args.password_file)
    with open_store(args) as store:
        client_id = _find(store.sessions, args.client, "client")
        issued = issue_statement(store.sessions, client_id, start=start, end=end, today=today,
                                 out=args.out, password=password, channel=args.by)
    _print("Statement", client_id, args.out, issued.id, issued.disclosure_id,
           f"{issued.total} due")
    return 0


def _income(args: argparse.Namespace) -> int:
    from practice.errors import ValidationError
    from practice.services.billing_documents import check_year, write_income
    from practice.services.billing_documents.income import BAD_SUFFIX

    check_year(args.year)
    if args.out.suffix.lower() not in (".csv", ".pdf"):
        raise ValidationError(BAD_SUFFIX)
    with open_store(args) as store:
        summary = write_income(store.sessions, args.year, args.out)
    total = summary.total
    print(f"Income summary for {args.year} written to {args.out}: charged {total.charged}, "
          f"received {total.received}, refunded {total.refunded}, written off "
          f"{total.written_off}.")
    return 0
