"""Where Practice finds its bundled resources and, by default, its store."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from practice.errors import PracticeError

APP_NAME = "Practice"

#: Where a built wheel carries the repository's top-level ``resources/`` (see setup.py).
_PACKAGED = "_resources"


def resources_dir() -> Path:
    """Return the folder holding templates, fonts, code lists and icons.

    Three ways Practice runs, three places: a frozen (PyInstaller) build carries them at
    ``resources/`` in its bundle; an installed wheel carries them inside the package, read
    through ``importlib.resources``; a source checkout (or an editable install of one) has
    the repository's top-level ``resources/`` folder.

    Returns:
        The folder, as a real path (ReportLab and Qt open the files by name).

    Raises:
        PracticeError: None of the three is there: an incomplete installation.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    packaged = resources.files("practice") / _PACKAGED
    # A wheel unpacks to real files; only a zipped install would give something else.
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    raise PracticeError(
        "Practice's resources (fonts, letter templates, code lists) are not installed; "
        "reinstall Practice from its wheel or source folder."
    )


def default_store_dir() -> Path:
    """Return the platform's user data folder for the therapist's store."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "store"
