"""Measure the built app beside the source install: size on disk and start-up time.

Prints the size of the one-folder build and of the source install (Practice plus the
installed distributions it needs), and the time of ``practice --version`` and of a
``practice verify`` on a small fresh store, each run by both, with the ratio::

    python packaging/measure.py [--program dist/practice/practice] [--runs 5]

The first run of each command is reported apart ("first") because it reads the files
from disk cold-ish; the median of the rest shows the warm start.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = ROOT / "dist" / "practice" / ("practice.exe" if sys.platform == "win32" else "practice")
PASSPHRASE = "measure-only passphrase"


@dataclass(frozen=True)
class Timing:
    """How long one command took: its first run and the median of the later runs."""

    first: float
    median: float


def folder_bytes(folder: Path) -> int:
    """Total size of the regular files under ``folder`` (links not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _requirement_names(dist: metadata.Distribution) -> Iterator[str]:
    from packaging.requirements import Requirement

    for text in dist.requires or ():
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            yield requirement.name


def source_install_bytes() -> int:
    """Size of Practice's sources and resources plus every distribution it needs at run time."""
    total = sum(folder_bytes(ROOT / name) for name in ("practice", "ui", "resources"))
    seen: set[str] = set()
    pending = list(_requirement_names(metadata.distribution("practice")))
    while pending:
        name = pending.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        located = (Path(f.locate()) for f in dist.files or ())
        total += sum(path.stat().st_size for path in located if path.is_file())
        pending.extend(_requirement_names(dist))
    return total


def time_command(command: Sequence[str], runs: int, env: dict[str, str]) -> Timing:
    """Run ``command`` ``runs`` times (it must succeed) and return its timing."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, env=env, capture_output=True)
        seconds.append(time.perf_counter() - started)
    return Timing(seconds[0], statistics.median(seconds[1:] or seconds))


def _row(label: str, frozen: float, source: float, unit: str) -> str:
    ratio = frozen / source
    return f"{label:<28} {frozen:>10.2f} {unit:<3} {source:>10.2f} {unit:<3} {ratio:>6.2f}"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the size and start-up comparison table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--program", type=Path, default=PROGRAM)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    frozen, source = [str(args.program)], [sys.executable, "-m", "practice"]
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "PRACTICE_PASSPHRASE": PASSPHRASE, "HOME": scratch}
        store = str(Path(scratch) / "store")
        subprocess.run([*source, "init", "--store", store], check=True, env=env,
                       capture_output=True)
        print(f"{'':<28} {'frozen':>14} {'source':>14} {'ratio':>6}")
        mib = 1024 * 1024
        print(_row("size on disk", folder_bytes(args.program.parent) / mib,
                   source_install_bytes() / mib, "MiB"))
        for label, tail in (("practice --version", ["--version"]),
                            ("practice verify", ["verify", "--store", store])):
            f_time = time_command([*frozen, *tail], args.runs, env)
            s_time = time_command([*source, *tail], args.runs, env)
            print(_row(f"{label} (first)", f_time.first, s_time.first, "s"))
            print(_row(f"{label} (median)", f_time.median, s_time.median, "s"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
