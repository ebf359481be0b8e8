"""The ``measure`` subcommands: record a completed questionnaire, and list a client's.

Output names no one: clients and partners are shown by id, as the other commands do, so a
terminal's scrollback holds no names. Scores are printed, since that is what was asked for.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from practice.cli.store_commands import add_store_arguments, open_store

INSTRUMENT_KEYS = ("phq9", "gad7", "iief5", "fsfi", "csi16", "csi4")


def register(sub: Any) -> None:
    """Add ``measure add`` and ``measure list``."""
    help_text = "record standard measures (PHQ-9, GAD-7, IIEF-5, FSFI, CSI) and list them"
    parser: argparse.ArgumentParser = sub.add_parser("measure", help=help_text,
                                                     description=help_text)
    actions = parser.add_subparsers(dest="measure_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="score and store a completed questionnaire",
                             description="Score and store a completed questionnaire.")
    add_store_arguments(add)
    add.add_argument("--client", required=True, metavar="NAME_OR_ID")
    add.add_argument("--instrument", required=True, choices=INSTRUMENT_KEYS)
    add.add_argument("--answers", required=True, metavar="1,0,2,...",
                     help="each item's points in form order, separated by commas")
    add.add_argument("--partner", default=None, metavar="NAME_OR_ID",
                     help="for the CSI: the partner the answers are about")
    add.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                     help="the day the client answered (default: today)")
    add.set_defaults(run=_add)
    listing = actions.add_parser("list", help="a client's measures, tab-separated",
                                 description="Print date, instrument, total and band of each "
                                             "measure a client answered, oldest first.")
    add_store_arguments(listing)
    listing.add_argument("--client", required=True, metavar="NAME_OR_ID")
    listing.set_defaults(run=_list)


def _add(args: argparse.Namespace) -> int:
    from practice.cli.letter_commands import _find
    from practice.measures import instrument, parse_answers
    from practice.services.common import parse_day
    from practice.services.measures import record_measure

    form = instrument(args.instrument)
    answers = parse_answers(form, args.answers)
    day = parse_day(args.date, "Date") or date.today()
    with open_store(args) as store:
        client_id = _find(store.sessions, args.client, "client")
        partner_id = None if args.partner is None else _find(store.sessions, args.partner,
                                                             "client")
        stored = record_measure(store.sessions, client_id, form.key, answers, on=day,
                                partner_id=partner_id)
    about = f" about client {stored.partner_id}" if stored.partner_id is not None else ""
    print(f"Recorded {stored.name} #{stored.id} for client {stored.client_id}{about} on "
          f"{stored.administered_on.isoformat()}: total {stored.total_text}, {stored.band}.")
    for domain in stored.domains:
        print(f"  {domain.label}: {form.format_total(domain.score)}")
    if stored.risk_open:
        print("Risk flag raised (a risk item answered above zero): it stays on the chart and "
              "on Today until you record a review.")
    return 0


def _list(args: argparse.Namespace) -> int:
    from practice.cli.letter_commands import _find
    from practice.services.measures import list_measures

    with open_store(args) as store:
        client_id = _find(store.sessions, args.client, "client")
        found = list_measures(store.sessions, client_id)
    for m in found:
        print(f"{m.administered_on.isoformat()}\t{m.instrument}\t{m.total_text}\t{m.band}")
    return 0
