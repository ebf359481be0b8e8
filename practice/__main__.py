"""``python -m practice`` runs the same command as the ``practice`` entry point."""

from practice.cli import main

raise SystemExit(main())
