"""The ``practice`` command: the desktop app with no subcommand, headless work with one."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from practice import __version__
from practice.cli import (
    account_commands,
    billing_commands,
    billing_document_commands,
    clinical_commands,
    import_commands,
    letter_commands,
    listing_commands,
    measure_commands,
    record_commands,
    schedule_commands,
    store_commands,
    transfer_commands,
)
from practice.errors import PracticeError

log = logging.getLogger("practice")

# Each module adds its subcommands; keeping them apart keeps this one small.
_COMMAND_MODULES = (store_commands, clinical_commands, schedule_commands, letter_commands,
                    import_commands, listing_commands, transfer_commands, record_commands,
                    measure_commands, billing_commands, billing_document_commands,
                    account_commands)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = argparse.ArgumentParser(
        prog="practice", description="Practice: encrypted records for a therapy practice."
    )
    parser.add_argument("--version", action="version", version=f"practice {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open the demo practice in the app (created on first use)")
    parser.add_argument("--store", type=_path, default=None,
                        help="the store's folder (default: your user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _COMMAND_MODULES:
        module.register(sub)
    return parser


def _path(text: str) -> object:
    from pathlib import Path

    return Path(text).expanduser()


def main(
    argv: Sequence[str] | None = None,
    launch_app: Callable[[Path | None, bool], int] | None = None,
) -> int:
    """Run the command line; return the exit status.

    The core never imports the desktop app: the ``practice`` entry point (``ui.launcher``)
    passes ``launch_app`` in, and with no command given that is what runs.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).
        launch_app: Opens the desktop app on a store path (or the default) and the demo flag.

    Returns:
        0 on success; 1 with one line on stderr when the work could not be done.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    if args.command is None:
        if launch_app is None:
            print("practice: name a command (see --help); the app opens with `practice`.",
                  file=sys.stderr)
            return 2
        return launch_app(args.store, args.demo)
    try:
        return int(args.run(args))
    except PracticeError as error:
        print(f"practice: {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("practice: interrupted; nothing further was done.", file=sys.stderr)
        return 130
    except Exception as error:
        # Exception text can quote stored values (a constraint error, say); keep it out.
        log.debug("unexpected error", exc_info=True)
        print(f"practice: unexpected error ({type(error).__name__}); this is a bug in "
              "Practice. Your records were not changed by this failure.", file=sys.stderr)
        return 70


if __name__ == "__main__":
    raise SystemExit(main())
