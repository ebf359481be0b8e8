"""The frozen program's entry point: the same command as the ``practice`` console script."""

from ui.launcher import main

raise SystemExit(main())
