"""``practice export`` and ``practice import``: the whole practice to one file, and back."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from practice.cli.secrets import PASSPHRASE_ENV, new_passphrase
from practice.cli.store_commands import add_store_arguments, open_store, store_path
from practice.errors import PracticeError

EXPORT_PASSPHRASE_ENV = "PRACTICE_EXPORT_PASSPHRASE"
PLAIN_WARNING = ("practice: warning: this export is NOT encrypted. Anyone who has the file can "
                 "read every client's record; keep it only on an encrypted disk and delete it "
                 "when it has served.")


def register(sub: Any) -> None:
    """Add the export and import subcommands."""
    export = sub.add_parser(
        "export", help="write every record to one file (encrypted by default)",
        description="Write every record of the practice to one file, encrypted with a "
                    f"passphrase of its own (from {EXPORT_PASSPHRASE_ENV}, "
                    "--export-passphrase-file, or asked).")
    add_store_arguments(export)
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument("--plain", action="store_true",
                        help="write plain JSON, not encrypted (you are warned)")
    export.add_argument("--export-passphrase-file", type=Path, default=None)
    export.set_defaults(run=_export)
    imported = sub.add_parser(
        "import", help="build a new store from an export file",
        description="Build a new store holding everything in an export file. The new store's "
                    f"passphrase comes from {PASSPHRASE_ENV} or --passphrase-file, the "
                    f"export's from {EXPORT_PASSPHRASE_ENV} or --export-passphrase-file.")
    add_store_arguments(imported)
    imported.add_argument("file", metavar="FILE", type=Path)
    imported.add_argument("--export-passphrase-file", type=Path, default=None)
    imported.set_defaults(run=_import)


def _existing_export_passphrase(args: argparse.Namespace) -> str:
    if args.export_passphrase_file is not None:
        try:
            return Path(args.export_passphrase_file).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError:
            raise PracticeError("The export passphrase file cannot be read.") from None
    if EXPORT_PASSPHRASE_ENV in os.environ:
        return os.environ[EXPORT_PASSPHRASE_ENV]
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass("The export's passphrase: ")
    raise PracticeError(f"This export is encrypted: set {EXPORT_PASSPHRASE_ENV}, use "
                        "--export-passphrase-file, or run this in a terminal to be asked.")


def _export(args: argparse.Namespace) -> int:
    from practice.services.practice_export import export_practice

    passphrase = None if args.plain else new_passphrase(EXPORT_PASSPHRASE_ENV,
                                                         args.export_passphrase_file)
    if args.plain:
        print(PLAIN_WARNING, file=sys.stderr)
    with open_store(args) as store:
        summary = export_practice(store, args.out, passphrase=passphrase)
    kind = "encrypted" if summary.encrypted else "NOT encrypted"
    print(f"Exported {summary.records} records from {summary.tables} tables to {args.out} "
          f"({kind}).")
    return 0


def _import(args: argparse.Namespace) -> int:
    from practice.services.practice_export import import_practice
    from practice.services.practice_export.envelope import MAGIC
    from practice.store.schema import HEAD

    target = store_path(args)
    try:
        with args.file.open("rb") as file:
            sealed = file.read(len(MAGIC)) == MAGIC
    except OSError:
        raise PracticeError("The export file cannot be read.") from None
    passphrase = _existing_export_passphrase(args) if sealed else None
    store_passphrase = new_passphrase(PASSPHRASE_ENV, args.passphrase_file)
    store, recovery, summary = import_practice(args.file, target, passphrase=passphrase,
                                               store_passphrase=store_passphrase)
    store.close()
    print(f"Imported {summary.records} records into a new store at {target}.")
    if summary.schema_revision != HEAD:
        print(f"The export was written by an earlier version (records {summary.schema_revision})"
              "; it was brought up to date.")
    print(f"Its recovery key: {recovery}")
    return 0
