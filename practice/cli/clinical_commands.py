"""Subcommands over the clinical record: a demo practice, and full-text search."""

from __future__ import annotations

import argparse
from typing import Any

from practice.cli.secrets import PASSPHRASE_ENV, new_passphrase
from practice.cli.store_commands import add_store_arguments, open_store, store_path
from practice.errors import PracticeError


def register(sub: Any) -> None:
    """Add the clinical subcommands."""
    demo = sub.add_parser("demo", help="create a store holding a fictional practice",
                          description="Create a new store holding a fictional practice.")
    add_store_arguments(demo)
    demo.add_argument("--clients", type=int, default=0, help="extra clients, for benchmarks")
    demo.add_argument("--notes", type=int, default=0, help="extra signed notes, for benchmarks")
    demo.set_defaults(run=_demo)
    search = sub.add_parser("search", help="search notes, addenda, clients and providers",
                            description="Search notes, addenda, clients and providers.")
    add_store_arguments(search)
    search.add_argument("query", metavar="QUERY", help='words, a prefix, or a "quoted phrase"')
    search.add_argument("--psychotherapy", action="store_true",
                        help="also search psychotherapy notes (kept apart from the record)")
    search.add_argument("--limit", type=int, default=30)
    search.set_defaults(run=_search)


def _demo(args: argparse.Namespace) -> int:
    from practice.demo import build_demo
    from practice.store.store import Store

    if args.clients < 0 or args.notes < 0:
        raise PracticeError("--clients and --notes take zero or more.")
    passphrase = new_passphrase(PASSPHRASE_ENV, args.passphrase_file)
    store, recovery_code = Store.create(store_path(args), passphrase)
    with store:
        summary = build_demo(store.sessions, clients=args.clients, notes=args.notes)
    print(f"Demo practice created: {summary.clients} clients, {summary.units} care units, "
          f"{summary.notes} notes, {summary.providers} providers, {summary.releases} releases.")
    print(f"Its recovery key: {recovery_code}")
    return 0


def _search(args: argparse.Namespace) -> int:
    from practice.services.search import search

    with open_store(args) as store:
        results = search(store.sessions, args.query, include_psychotherapy=args.psychotherapy,
                         limit=args.limit)
    if not results.hits:
        print("No matches.")
        return 0
    for hit in results.hits:
        print(f"{hit.kind}\t#{hit.record_id}\t{hit.title}\t{hit.snippet}")
    return 0


