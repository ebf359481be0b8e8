"""Subcommands for the schedule: ``export-ics`` writes a private calendar file."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from practice.cli.store_commands import add_store_arguments, open_store
from practice.errors import PracticeError

# A calendar's days, with room on either side for time zones and the margins the export
# reads around its range: days near year 1 or 9999 overflow Python's dates.
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def register(sub: Any) -> None:
    """Add the schedule's subcommands."""
    help_text = "write the sessions in a date range to an .ics file for another calendar"
    parser: argparse.ArgumentParser = sub.add_parser(
        "export-ics", help=help_text, description=help_text + ". Titles carry initials only "
        "(\"Session — A.B.\") unless you choose otherwise; nothing clinical is ever written."
    )
    add_store_arguments(parser)
    parser.add_argument("--from", dest="start", type=_day, required=True, metavar="DATE",
                        help="first day (YYYY-MM-DD, on your own clock)")
    parser.add_argument("--to", dest="end", type=_day, required=True, metavar="DATE",
                        help="last day, included (YYYY-MM-DD)")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.ics",
                        help="the file to write (readable by you only)")
    parser.add_argument("--label", default=None, metavar="TEXT",
                        help="a title for every session instead of initials")
    parser.add_argument("--include-names", action="store_true",
                        help="full names where each client's contact safety allows them")
    parser.add_argument("--include-links", action="store_true",
                        help="video links where each client's contact safety allows them")
    parser.set_defaults(run=_export_ics)


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("use a date such as 2026-03-02") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise argparse.ArgumentTypeError(
            f"use a date from {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}")
    return day


def _export_ics(args: argparse.Namespace) -> int:
    # Loaded here: the calendar library is not needed to start the command line.
    from practice.schedule.timezones import wall_to_utc
    from practice.services.schedule.export import CalendarChoices, write_calendar
    from practice.services.settings import load_profile

    if args.end < args.start:
        raise PracticeError("The last day (--to) is before the first day (--from).")
    if args.out.is_dir():
        raise PracticeError("--out names a folder; give the calendar file's name.")
    if not args.out.parent.is_dir():
        raise PracticeError("The folder given in --out does not exist.")
    choices = CalendarChoices(label=args.label, include_names=args.include_names,
                              include_links=args.include_links)
    with open_store(args) as store:
        zone = load_profile(store.sessions).time_zone
        start = wall_to_utc(datetime.combine(args.start, datetime.min.time()), zone)
        end = wall_to_utc(datetime.combine(args.end + timedelta(days=1), datetime.min.time()),
                          zone)
        written = write_calendar(store.sessions, args.out, start, end, choices)
    sessions = f"{written.sessions} session{'' if written.sessions == 1 else 's'}"
    print(f"Calendar written: {sessions} from {args.start} to {args.end} in {args.out}")
    return 0
