"""Build the one-folder desktop app with PyInstaller (installed into this venv if missing).

Run from anywhere with the venv's Python::

    python packaging/build.py [--dist DIR] [--work DIR]

The app lands in ``DIR/practice/`` (default ``dist/practice/``, run it as
``dist/practice/practice``); PyInstaller's scratch files go to ``build/pyinstaller``.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "practice.spec"
PYINSTALLER_REQUIREMENT = "pyinstaller>=6.10"


def ensure_pyinstaller() -> None:
    """Install PyInstaller into the running interpreter's environment when it is missing."""
    if importlib.util.find_spec("PyInstaller") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", PYINSTALLER_REQUIREMENT],
                       check=True)


def build(dist: Path, work: Path) -> Path:
    """Run the spec and return the built program.

    Args:
        dist: Folder the app's folder is written into.
        work: PyInstaller's scratch folder.

    Returns:
        The path of the frozen ``practice`` executable.
    """
    ensure_pyinstaller()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(SPEC)],
        check=True, cwd=ROOT,
    )
    name = "practice.exe" if sys.platform == "win32" else "practice"
    return dist / "practice" / name


def main(argv: Sequence[str] | None = None) -> int:
    """Build the app and print where it is and how long the build took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    program = build(args.dist.resolve(), args.work.resolve())
    print(f"built {program} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
