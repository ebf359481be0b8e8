"""Where Practice finds its bundled resources and, by default, its store."""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "Practice"


def resources_dir() -> Path:
    """Return the folder holding templates, fonts, code lists and icons.

    Returns:
        The top-level ``resources/`` folder of a source checkout, or the bundled copy
        in a frozen (PyInstaller) build.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def default_store_dir() -> Path:
    """Return the platform's user data folder for the therapist's store."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "store"
