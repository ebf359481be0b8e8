"""Subcommands that create, check, back up and restore the encrypted store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from practice.cli.clock import add_time_zone_argument, set_practice_clock
from practice.cli.secrets import (
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    new_passphrase,
    unlock_credential,
)
from practice.paths import default_store_dir

if TYPE_CHECKING:
    # Imported where a store is opened: ``practice`` parses this command line before the
    # app's unlock screen, which should not wait for SQLAlchemy (about 150 ms).
    from practice.store.store import Store


def register(sub: Any) -> None:
    """Add the store's subcommands."""
    init = _command(sub, "init", "create a new encrypted store and print its recovery key", _init)
    init.set_defaults(needs_unlock=False)
    add_time_zone_argument(init)
    _command(sub, "verify", "check every page, the structure and the audit trail", _verify)
    backup = _command(sub, "backup", "write a verified, encrypted backup into DEST", _backup)
    backup.add_argument("dest", type=Path, metavar="DEST")
    backup.add_argument("--generations", type=int, default=10, help="backups to keep in DEST")
    restore = _command(sub, "restore", "replace the store with a verified backup", _restore)
    restore.add_argument("src", type=Path, metavar="SRC",
                         help="a backup, or the backup folder (its newest verified backup)")
    _command(sub, "change-passphrase", "set a new passphrase (the recovery key also works)",
             _change_passphrase)


def _command(sub: Any, name: str, help_text: str, run: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    add_store_arguments(parser)
    parser.set_defaults(run=run)
    return parser


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every store-using subcommand takes."""
    parser.add_argument("--store", type=Path, default=argparse.SUPPRESS,
                        help="the store's folder (default: your user data folder)")
    parser.add_argument("--passphrase-file", type=Path, default=None,
                        help=f"read the passphrase from this file instead of ${PASSPHRASE_ENV}")


def store_path(args: argparse.Namespace) -> Path:
    """The store folder the user named, or the default one."""
    chosen = getattr(args, "store", None)
    return Path(chosen) if chosen is not None else default_store_dir()


def open_store(args: argparse.Namespace, *, tell_repairs: bool = True) -> Store:
    """Unlock the named store with the secret from the environment, a file or a prompt.

    Args:
        args: The parsed command line.
        tell_repairs: Say on stderr what opening had to repair (``verify`` reports it
            as its verdict instead).
    """
    from practice.store.store import Store

    store = Store.open(store_path(args), unlock_credential(args.passphrase_file))
    if tell_repairs:
        for repair in store.repairs:
            print(f"practice: {repair}", file=sys.stderr)
    return store


def _init(args: argparse.Namespace) -> int:
    from practice.store.store import Store

    passphrase = new_passphrase(PASSPHRASE_ENV, args.passphrase_file)
    store, recovery_code = Store.create(store_path(args), passphrase)
    with store:
        clock = set_practice_clock(store.sessions, args.time_zone)
    print("Store created. Your recovery key (shown only this once):\n")
    print(f"    {recovery_code}\n")
    print("Print it or write it down and keep it somewhere safe, away from this computer.\n"
          "It opens the store if you ever forget your passphrase.")
    print(f"\n{clock}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    with open_store(args, tell_repairs=False) as store:
        report = store.verify()
    print(f"The store is intact: every page, its structure, the search index and "
          f"{report.audit_entries} audit entries check out.")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from practice.store.backup import backup

    with open_store(args) as store:
        result = backup(store, args.dest, generations=args.generations)
    print(f"Backup written and verified: {result.path}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from practice.store.backup_catalog import restore_newest

    done = restore_newest(args.src, store_path(args), unlock_credential(args.passphrase_file))
    for skipped in done.skipped:
        print(f"Passed over {skipped.path.name}: {skipped.reason}", file=sys.stderr)
    print(f"Store restored from {done.restored.name} and verified.")
    if done.kept is not None:
        print(f"The store it replaced is kept in {done.kept}", file=sys.stderr)
    return 0


def _change_passphrase(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        store.change_passphrase(new_passphrase(NEW_PASSPHRASE_ENV))
    print("Passphrase changed. Your recovery key still works.")
    return 0
