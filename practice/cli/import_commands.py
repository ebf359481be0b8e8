"""``practice import-clients``: a caseload from a spreadsheet, previewed, then written at once."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from practice.cli.store_commands import add_store_arguments, open_store
from practice.errors import ValidationError


def register(sub: Any) -> None:
    """Add the import subcommands."""
    command = sub.add_parser(
        "import-clients", help="bring clients in from a spreadsheet (CSV)",
        description="Read a CSV file of clients, print what would be imported and every "
                    "problem, and write the clients only with --yes (all in one step).")
    add_store_arguments(command)
    command.add_argument("file", metavar="FILE.csv", type=Path)
    command.add_argument("--yes", action="store_true", help="write the clients shown")
    command.add_argument("--skip-bad", action="store_true",
                         help="import the good rows even when some rows have problems")
    command.add_argument("--skip-duplicates", action="store_true",
                         help="leave out rows that look like clients already kept")
    command.add_argument("--column", action="append", default=[], metavar="FIELD=HEADER",
                         help="say which column holds a field when the guess is wrong "
                              "(e.g. --column date_of_birth=Born)")
    command.set_defaults(run=_import_clients)


def _mapping(args: argparse.Namespace, header: tuple[str, ...]) -> dict[Any, int]:
    from practice.services.caseload_import import FIELDS, guess_mapping

    mapping: dict[Any, int] = dict(guess_mapping(header))
    for given in args.column:
        field, _, column = given.partition("=")
        if field not in FIELDS:
            raise ValidationError(f"--column: unknown field {field!r}; fields are "
                                  f"{', '.join(FIELDS)}.")
        if column not in header:
            raise ValidationError(f"--column: the file has no column headed {column!r}.")
        mapping[field] = header.index(column)
    return mapping


def _import_clients(args: argparse.Namespace) -> int:
    from practice.services.caseload_import import (
        FIELD_LABELS,
        import_rows,
        preview,
        read_table,
    )

    table = read_table(args.file)
    mapping = _mapping(args, table.header)
    with open_store(args) as store:
        checked = preview(store.sessions, table, mapping)
        for field, index in mapping.items():
            print(f"column\t{FIELD_LABELS[field]}\t← {table.header[index]}")
        for row in checked.rows:
            # The therapist's own terminal: the names are what she is checking.
            if row.details is None:
                print(f"line {row.line}\tnot imported\t{' '.join(row.problems)}")
                continue
            flag = ""
            if row.duplicate_of is not None:
                flag = f"\tlikely duplicate of client #{row.duplicate_of}"
            elif row.repeats_line is not None:
                flag = f"\tlikely duplicate of line {row.repeats_line}"
            born = row.details.date_of_birth.isoformat() if row.details.date_of_birth else ""
            print(f"line {row.line}\tok\t{row.details.legal_name}\t{born}{flag}")
        print(f"{len(checked.good)} to import, {len(checked.bad)} with problems, "
              f"{len(checked.duplicates)} likely duplicates.")
        if checked.bad and not args.skip_bad:
            print("Nothing was written: correct the rows above, or give --skip-bad.")
            return 1
        if not args.yes:
            print("Nothing was written yet: run again with --yes to import.")
            return 0
        made = import_rows(store.sessions, checked, skip_bad=args.skip_bad,
                           skip_duplicates=args.skip_duplicates)
    print(f"Imported {len(made)} clients.")
    return 0
