"""Subcommands that list what is there: a store's clients, and the backups in a folder.

``practice clients`` gives the ids and names that ``--client NAME_OR_ID`` takes;
``practice backups DEST`` shows what ``practice restore DEST`` would choose from.
Both print one tab-separated line per entry, for reading and for scripts alike.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from practice.cli.store_commands import add_store_arguments, open_store

_STATUSES = ("active", "inactive", "discharged")


def register(sub: Any) -> None:
    """Add the listing subcommands."""
    help_text = "list the clients: id, name and status, one a line"
    clients: argparse.ArgumentParser = sub.add_parser(
        "clients", help=help_text, description=help_text + ". Use the id (or the name) "
        "wherever a command takes --client NAME_OR_ID.")
    add_store_arguments(clients)
    clients.add_argument("--status", choices=_STATUSES, default=None,
                         help="only clients with this status")
    clients.set_defaults(run=_clients)
    help_text = "list the backups in a backup folder, newest first"
    backups: argparse.ArgumentParser = sub.add_parser(
        "backups", help=help_text, description=help_text + ". 'practice restore DEST' "
        "restores the newest one that verifies.")
    backups.add_argument("dest", type=Path, metavar="DEST")
    backups.set_defaults(run=_backups)


def _one_line(text: str) -> str:
    # A name is the therapist's to type; a tab or line break in one must not split a row.
    return " ".join(text.split())


def _clients(args: argparse.Namespace) -> int:
    from practice.services.clients import list_clients

    with open_store(args) as store:
        found = list_clients(store.sessions, status=args.status)
    if not found:
        print("No clients yet; add them in the app." if args.status is None
              else f"No {args.status} clients.", file=sys.stderr)
        return 0
    for client in found:
        print(f"{client.id}\t{_one_line(client.display_name)}\t{client.status}")
    return 0


def _backups(args: argparse.Namespace) -> int:
    from practice.errors import PracticeError
    from practice.store.backup_catalog import find_backups, is_backup, size_words

    if is_backup(args.dest):
        raise PracticeError("That folder is one backup; give the folder that holds the "
                            "backups to list them all.")
    if not args.dest.is_dir():
        raise PracticeError("That backup folder does not exist.")
    found = find_backups(args.dest)
    if not found:
        print("No backups in that folder.", file=sys.stderr)
        return 0
    for entry in found:
        made = entry.made_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        state = "complete" if entry.complete else "incomplete (restore passes over it)"
        print(f"{made}\t{size_words(entry.size)}\t{state}\t{entry.path}")
    return 0

