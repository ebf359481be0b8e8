"""The ``practice`` command: the command line, and the desktop app when no command is given.

The core's command line (``practice.cli``) knows nothing of Qt; this module hands it the
way to open the app, and Qt is imported only if the app is what was asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from practice.cli import main as cli_main


def _open_app(store: Path | None, demo: bool) -> int:
    from ui.app import run_app

    return run_app(store=store, demo=demo)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``practice``: a command if one is named, otherwise the desktop app.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).

    Returns:
        The process exit status.
    """
    return cli_main(argv, launch_app=_open_app)


if __name__ == "__main__":
    raise SystemExit(main())
