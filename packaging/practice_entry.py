"""The frozen program's entry point: the same command as the ``practice`` console script."""

from practice.cli import main

raise SystemExit(main())
