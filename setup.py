"""One build step pyproject.toml cannot say: ship ``resources/`` inside the package.

The fonts, letter templates, code lists and icons stay in the repository's top-level
``resources/`` folder (where translators, designers and packagers look for them), and
every wheel carries a copy at ``practice/_resources/`` so that an installed Practice reads
them through ``importlib.resources`` (``practice.paths.resources_dir``). Everything else
about the build lives in pyproject.toml; MANIFEST.in puts ``resources/`` in the sdist so a
wheel built from the sdist gets it too. Editable installs skip the copy: they read the
checkout's folder directly.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent / "resources"
TARGET = ("practice", "_resources")


class BuildPyWithResources(build_py):
    """``build_py`` that also copies ``resources/`` to ``practice/_resources/``."""

    def run(self) -> None:
        """Build the modules as usual, then add the resources beside them."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        if not (SOURCE / "fonts").is_dir():
            # A wheel without its resources installs fine and fails on first use; refuse.
            raise SystemExit(f"resources/ is missing from {SOURCE.parent}; cannot build.")
        self.copy_tree(str(SOURCE), str(Path(self.build_lib, *TARGET)),
                       preserve_symlinks=False)


setup(cmdclass={"build_py": BuildPyWithResources})
