"""The ``record`` subcommand: a client's copy of their record (right of access, 164.524).

The password protecting the PDF comes from a file or the environment, as for letters,
never from an argument (other users can read a command line). Nothing printed names the
client or quotes the record: the therapist's terminal gets counts and paths only.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from practice.cli.letter_commands import PASSWORD_ENV, _find, pdf_password
from practice.cli.store_commands import add_store_arguments, open_store
from practice.errors import PracticeError


def register(sub: Any) -> None:
    """Add the record subcommand."""
    help_text = "write a client's copy of their record: a PDF, and a FHIR R4 bundle if asked"
    parser: argparse.ArgumentParser = sub.add_parser("record", help=help_text,
                                                     description=help_text)
    add_store_arguments(parser)
    parser.set_defaults(run=_record)
    parser.add_argument("--client", required=True, metavar="NAME_OR_ID")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE.json",
                        help="also write the record as a FHIR R4 Bundle (not password-protected)")
    parser.add_argument("--password-file", type=Path, default=None, metavar="FILE",
                        help=f"protect the PDF with this password (or set ${PASSWORD_ENV})")
    parser.add_argument("--date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="the day the copy is prepared (default: today)")


def _record(args: argparse.Namespace) -> int:
    from practice.services.record_access import export_record

    password = pdf_password(args.password_file)
    if args.json is not None and args.json.resolve() == args.out.resolve():
        raise PracticeError("--out and --json name the same file; give two file names.")
    today = args.date or date.today()
    with open_store(args) as store:
        client_id = _find(store.sessions, args.client, "client")
        done = export_record(store.sessions, client_id, today=today, pdf_path=args.out,
                             json_path=args.json, password=password)
    written = f"{args.out}" + (f" and {args.json}" if args.json is not None else "")
    print(f"Record of client {client_id} written to {written}: {done.notes} signed notes.")
    print(f"Logged as disclosure {done.disclosure_id}: a copy of the record given to the client.")
    if done.withheld:
        # What was left out is for the therapist to review before the copy is released.
        print(f"Withheld from this copy ({len(done.withheld)}), listed at the end of the PDF:")
        for item in done.withheld:
            print(f"  - {item.what}: {item.why}")
    return 0
