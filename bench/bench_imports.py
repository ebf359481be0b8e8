"""Import costs: what each heavy library costs, and which of them start-up loads.

Each library is imported in a fresh interpreter, twice over: alone (with whatever it
pulls in), and on top of the app's start-up modules (what it would add to start-up if it
crept onto that path). Each figure is the median of several rounds, in milliseconds and
in megabytes of resident memory added. Then the start-up modules are imported by
themselves, and the bench says which heavy libraries they brought: keyring, ReportLab,
icalendar and Alembic must not be among them (the app imports each where it is used).

The start-up modules are what ``practice`` (``ui.launcher``) imports before the unlocked
window paints: the launcher and the command line it parses with, the app and its
controller, and the store it opens. Children run from bytecode, as bench_app.py's do.

Run: python bench/bench_imports.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: The modules imported before the unlocked window's first paint (bench_app.py's app child).
STARTUP = ("ui.launcher", "ui.app", "ui.controller", "practice.store.store",
           "practice.store.credentials")
#: Libraries measured, each with the module the app imports from it.
HEAVY = {
    "PySide6 (QtWidgets)": "PySide6.QtWidgets",
    "SQLAlchemy (core)": "sqlalchemy",
    "SQLAlchemy ORM": "sqlalchemy.orm",
    "the models (ORM)": "practice.models",
    "sqlcipher3": "sqlcipher3",
    "argon2": "argon2",
    "cryptography (AEAD)": "cryptography.hazmat.primitives.ciphers.aead",
    "keyring": "keyring",
    "ReportLab (platypus)": "reportlab.platypus",
    "icalendar": "icalendar",
    "Alembic": "alembic.command",
}
#: Top-level packages that must stay off the start-up path.
MUST_NOT_LOAD = ("keyring", "reportlab", "icalendar", "alembic")

CHILD = """
import importlib, json, os, sys, time

def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

for name in sys.argv[2:]:
    importlib.import_module(name)
before, began = rss_mb(), time.perf_counter()
for name in filter(None, sys.argv[1].split(",")):
    importlib.import_module(name)
ms = (time.perf_counter() - began) * 1000
print(json.dumps({"ms": ms, "mb": rss_mb() - before, "rss": rss_mb(),
                  "loaded": sorted(sys.modules)}))
"""


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # run from bytecode, as installed
    return env


def _child(modules: tuple[str, ...], after: tuple[str, ...] = ()) -> dict[str, Any]:
    """Import ``after``, then time importing ``modules``, in a fresh interpreter."""
    result = subprocess.run([sys.executable, "-c", CHILD, ",".join(modules), *after],
                            capture_output=True, text=True, env=_env(), cwd=ROOT, check=True,
                            timeout=120)
    payload: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return payload


def measure(modules: tuple[str, ...], rounds: int, after: tuple[str, ...] = ()
            ) -> dict[str, Any]:
    """Median milliseconds and megabytes that importing ``modules`` adds after ``after``.

    Also the resident megabytes at the end and what was loaded (from the last round).
    """
    runs = [_child(modules, after) for _ in range(rounds)]
    return {key: statistics.median(float(run[key]) for run in runs) for key in ("ms", "mb", "rss")
            } | {"loaded": runs[-1]["loaded"]}


def main() -> None:
    """Print each library's import cost alone and on top of start-up, then start-up's own."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="fresh interpreters per figure")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "practice", "ui"],
                   cwd=ROOT, env=_env(), check=True)
    bare = measure((), args.rounds)
    print(f"bare interpreter: {bare['rss']:.0f} MB resident")
    print(f"{'library (module)':<66}{'alone ms':>9}{'MB':>6}{'on start-up ms':>16}{'MB':>6}")
    for label, module in HEAVY.items():
        alone = measure((module,), args.rounds)
        extra = measure((module,), args.rounds, STARTUP)
        print(f"{f'{label} ({module})':<66}{alone['ms']:>9.0f}{alone['mb']:>6.1f}"
              f"{extra['ms']:>16.0f}{extra['mb']:>6.1f}")
    startup = measure(STARTUP, args.rounds)
    print(f"start-up modules ({', '.join(STARTUP)}): {startup['ms']:.0f} ms, "
          f"{startup['mb']:.1f} MB, {startup['rss']:.0f} MB resident after")
    loaded = {name.split(".")[0] for name in startup["loaded"]}
    heavy = [label for label, module in HEAVY.items() if module in startup["loaded"]]
    wrong = [name for name in MUST_NOT_LOAD if name in loaded]
    print(f"heavy libraries the start-up modules load: {', '.join(heavy) or 'none'}; of those "
          f"that must not: {', '.join(wrong) or 'none'} -> {'OK' if not wrong else 'FAIL'}")
    # The models are the ORM's mapped classes: the first session loads them, on the worker.
    orm = [name for name in ("sqlalchemy.orm", "practice.models") if name in startup["loaded"]]
    print(f"the ORM and the models wait for the first session (on the worker): "
          f"{'no, loaded: ' + ', '.join(orm) if orm else 'yes'}")


if __name__ == "__main__":
    main()
