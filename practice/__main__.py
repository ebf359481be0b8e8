"""``python -m practice`` runs the core's command line (the app itself opens with ``practice``)."""

from practice.cli import main

raise SystemExit(main())
