"""The ``superbill`` and ``estimate`` subcommands: money documents given to a client.

Dates and the plan are checked before the store is opened, so a typing mistake costs no
passphrase. The PDF's password comes from a file or the environment, as for letters. What
is printed names no one: the client by id, the document and disclosure by number.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from practice.cli.letter_commands import PASSWORD_ENV, _find, pdf_password
from practice.cli.store_commands import add_store_arguments, open_store

FREQUENCY_CHOICES = ("weekly", "every-2-weeks", "monthly")


def _common(parser: argparse.ArgumentParser) -> None:
    add_store_arguments(parser)
    parser.add_argument("--client", required=True, metavar="NAME_OR_ID")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    parser.add_argument("--password-file", type=Path, default=None, metavar="FILE",
                        help=f"protect the PDF with this password (or set ${PASSWORD_ENV})")
    parser.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                        help="the day it is given (default: today)")


def register(sub: Any) -> None:
    """Add ``superbill`` and ``estimate``."""
    help_text = "write a client's superbill for a period (for their insurer) as a PDF"
    superbill: argparse.ArgumentParser = sub.add_parser("superbill", help=help_text,
                                                        description=help_text)
    _common(superbill)
    superbill.add_argument("--from", dest="start", required=True, metavar="DATE",
                           help="the first service date")
    superbill.add_argument("--to", dest="end", required=True, metavar="DATE",
                           help="the last service date")
    superbill.set_defaults(run=_superbill)
    help_text = ("write a good-faith estimate (No Surprises Act) of a self-pay client's "
                 "expected charges as a PDF")
    estimate: argparse.ArgumentParser = sub.add_parser("estimate", help=help_text,
                                                       description=help_text)
    _common(estimate)
    estimate.add_argument("--service", default="90834", metavar="CPT",
                          help="the regular session's code (default: 90834)")
    estimate.add_argument("--frequency", default="weekly", metavar="|".join(FREQUENCY_CHOICES),
                          help="how often sessions are planned (default: weekly)")
    estimate.add_argument("--months", type=int, default=12, metavar="1-12",
                          help="how many months the estimate covers (default: 12)")
    estimate.add_argument("--start", default=None, metavar="DATE",
                          help="the first expected session (default: the day it is given)")
    estimate.add_argument("--intake", action="store_true",
                          help="the first session is an intake (90791)")
    estimate.set_defaults(run=_estimate)


def _print(kind: str, client_id: int, out: Path, document_id: int,
           disclosure_id: int | None, total: str) -> None:
    print(f"{kind} for client {client_id} written to {out} (document {document_id}, "
          f"total {total}).")
    print(f"Logged as disclosure {disclosure_id}: a copy given to the client.")


def _superbill(args: argparse.Namespace) -> int:
    from practice.services.billing_documents import check_period, issue_superbill
    from practice.services.common.dates import parse_day

    start = parse_day(args.start, "The first service date", required=True)
    end = parse_day(args.end, "The last service date", required=True)
    assert start is not None and end is not None
    check_period(start, end)
    today = parse_day(args.date, "Date") or date.today()
    password = pdf_password(args.password_file)
    with open_store(args) as store:
        client_id = _find(store.sessions, args.client, "client")
        issued = issue_superbill(store.sessions, client_id, start=start, end=end, today=today,
                                 out=args.out, password=password)
    _print("Superbill", client_id, args.out, issued.id, issued.disclosure_id, str(issued.total))
    return 0


def _estimate(args: argparse.Namespace) -> int:
    from practice.services.billing_documents import EstimatePlan, check_plan, issue_estimate
    from practice.services.common.dates import parse_day

    today = parse_day(args.date, "Date") or date.today()
    start = parse_day(args.start, "The first expected session") or today
    plan = EstimatePlan(start=start, service=args.service, frequency=args.frequency,
                        months=args.months, intake=args.intake)
    check_plan(plan)
    password = pdf_password(args.password_file)
    with open_store(args) as store:
        client_id = _find(store.sessions, args.client, "client")
        issued = issue_estimate(store.sessions, client_id, plan, today=today, out=args.out,
                                password=password)
    _print("Good-faith estimate", client_id, args.out, issued.id, issued.disclosure_id,
           str(issued.total))
    return 0
