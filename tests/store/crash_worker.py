"""A store writer that acknowledges each durable step on stdout, for the crash harness to kill.

Run from the repository root as ``python -m tests.store.crash_worker MODE STORE ARGS...``;
the store's passphrase comes in the ``PRACTICE_CRASH_PASSPHRASE`` environment variable, never
on the command line. Modes:

- ``writes STORE COUNT``: COUNT commits, each one probe row and its audit entry in one
  transaction; ``ACK <id> <seconds>`` once each commit has returned.
- ``backups STORE DEST COUNT``: COUNT backups into DEST; ``ACK <n> <folder name> <seconds>``
  after each.
- ``passphrase STORE COUNT``: COUNT passphrase changes, to ``passphrase_for(0)``, then
  ``passphrase_for(1)``...; ``ACK <n> <seconds>`` after each.
- ``rotate-paused STORE DEST``: two backups keeping one generation; halfway through deleting
  the older one it says ``PAUSED`` and waits, so the harness can kill it exactly there.
- ``calibrate STORE DEST``: ``TIMING <mode> <seconds>`` for one step of each killed mode.

The seconds an ACK ends with are how long that step took, so the harness can keep aiming its
kills inside the steps however busy the machine is.

Every mode says ``READY`` just before its first step and ``DONE`` after its last, then holds
the store open (until stdin closes), so a kill after the last step is a kill and not a close.

``python -m tests.store.crash_worker serve`` pays the imports once and then forks one child
per command line read from stdin (``MODE STORE ARGS...``, shell-quoted). Each child says
``PID <pid>`` first and holds until killed; once it has died the server says
``EXIT <exit code>`` (negative: the signal that killed it).
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, NoReturn
from unittest import mock

from sqlalchemy import text

from practice.store.audit import record
from practice.store.backup import BACKUP_PREFIX, backup
from practice.store.credentials import Passphrase
from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.store import Store

PASSPHRASE_ENV = "PRACTICE_CRASH_PASSPHRASE"
READY, ACK, DONE, PAUSED, TIMING = "READY", "ACK", "DONE", "PAUSED", "TIMING"
PID, EXIT = "PID", "EXIT"
PROBE_ACTION = "crash.probe"
PROBE_TABLE_DDL = "CREATE TABLE IF NOT EXISTS crash_probe (id INTEGER PRIMARY KEY, payload TEXT)"
_CALIBRATION_WRITES = 20
_CALIBRATION_CHANGES = 3


def passphrase_for(change: int) -> str:
    """The passphrase the ``passphrase`` mode sets at its change number ``change``."""
    return f"crash harness passphrase number {change}"


def probe_payload(probe_id: int) -> str:
    """The text stored with probe ``probe_id``: from a few bytes to a few pages long."""
    return f"probe {probe_id};" * (1 + probe_id * 7919 % 400)


def _say(*words: object) -> None:
    # One write(2) of the whole line, unbuffered: a kill can never leave "ACK" without its id
    # (print() writes each word separately when Python runs unbuffered, as with -u).
    os.write(sys.stdout.fileno(), (" ".join(map(str, words)) + "\n").encode("ascii"))


def _change_passphrase(store: Store, change: int) -> None:
    store.change_passphrase(passphrase_for(change), kdf=FAST_INSECURE_PARAMS)


def _write_probe(store: Store, probe_id: int) -> None:
    with store.sessions.begin() as session:
        session.execute(
            text("INSERT INTO crash_probe (id, payload) VALUES (:id, :payload)"),
            {"id": probe_id, "payload": probe_payload(probe_id)},
        )
        record(session, PROBE_ACTION, entity="crash_probe", entity_id=probe_id)


Hold = Callable[[], None]


def _until_stdin_closes() -> None:
    sys.stdin.read()


def _until_killed() -> None:
    while True:
        signal.pause()


def _writes(store: Store, args: list[str], _hold: Hold) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql(PROBE_TABLE_DDL)
    _say(READY)
    for probe_id in range(int(args[0])):
        seconds = _timed(partial(_write_probe, store, probe_id))
        _say(ACK, probe_id, seconds)


def _backups(store: Store, args: list[str], _hold: Hold) -> None:
    destination, count = Path(args[0]), int(args[1])
    _say(READY)
    for number in range(count):
        started = time.perf_counter()
        published = backup(store, destination)
        _say(ACK, number, published.path.name, time.perf_counter() - started)


def _passphrase_changes(store: Store, args: list[str], _hold: Hold) -> None:
    _say(READY)
    for change in range(int(args[0])):
        seconds = _timed(partial(_change_passphrase, store, change))
        _say(ACK, change, seconds)


def _pausing_rmtree(real: Callable[..., None], hold: Hold) -> Callable[..., None]:
    """An ``rmtree`` that deletes one file of an old backup, then waits to be killed."""

    def rmtree(path: Any, *args: Any, **kwargs: Any) -> None:
        folder = Path(path)
        # Whatever the old generation is called by the time it is deleted (its published
        # name, or a hidden one it was first renamed to), stop with half of it gone.
        if BACKUP_PREFIX in folder.name and any(folder.iterdir()):
            sorted(folder.iterdir())[0].unlink()
            _say(PAUSED)
            hold()  # the harness kills us while we wait here
        real(path, *args, **kwargs)

    return rmtree


def _rotate_paused(store: Store, args: list[str], hold: Hold) -> None:
    destination = Path(args[0])
    _say(READY)
    _say(ACK, 0, backup(store, destination, generations=1).path.name)
    with mock.patch.object(shutil, "rmtree", _pausing_rmtree(shutil.rmtree, hold)):
        _say(ACK, 1, backup(store, destination, generations=1).path.name)


def _timed(step: Callable[[], object], repeats: int = 1) -> float:
    started = time.perf_counter()
    for _ in range(repeats):
        step()
    return (time.perf_counter() - started) / repeats


def _calibrate(store: Store, args: list[str], _hold: Hold) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql(PROBE_TABLE_DDL)
    ids = iter(range(_CALIBRATION_WRITES))
    _say(READY)
    _say(TIMING, "writes", _timed(lambda: _write_probe(store, next(ids)), _CALIBRATION_WRITES))
    _say(TIMING, "backups", _timed(lambda: backup(store, Path(args[0]))))
    _say(TIMING, "passphrase", _timed(lambda: _change_passphrase(store, 0), _CALIBRATION_CHANGES))


MODES: dict[str, Callable[[Store, list[str], Hold], None]] = {
    "writes": _writes,
    "backups": _backups,
    "passphrase": _passphrase_changes,
    "rotate-paused": _rotate_paused,
    "calibrate": _calibrate,
}


def run(argv: list[str], hold: Hold) -> None:
    """Open the store, run one mode, say DONE, then ``hold`` with the store still open.

    Args:
        argv: ``MODE STORE_PATH ARGS...``.
        hold: Returns when the worker may close the store (never, in a forked child).
    """
    mode, store_path, *args = argv
    with Store.open(Path(store_path), Passphrase(os.environ[PASSPHRASE_ENV])) as store:
        MODES[mode](store, args, hold)
        _say(DONE)
        hold()


def _child(command: str) -> NoReturn:
    try:
        _say(PID, os.getpid())
        run(shlex.split(command), _until_killed)
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
    finally:
        # A child ends only by SIGKILL or by failing; never back into the server's loop.
        os._exit(1)


def serve() -> None:
    """Fork one child per command line on stdin and say how each one ended."""
    # The server opens no store and starts no thread, so forking it is safe.
    for command in sys.stdin:
        child = os.fork()
        if child == 0:
            _child(command)
        _, status = os.waitpid(child, 0)
        _say(EXIT, os.waitstatus_to_exitcode(status))


def main(argv: list[str]) -> int:
    """Run one mode (holding until stdin closes), or ``serve``.

    Args:
        argv: ``MODE STORE_PATH ARGS...`` or ``serve``.

    Returns:
        The exit status (0; a killed worker never returns, which is the point).
    """
    if argv == ["serve"]:
        serve()
    else:
        run(argv, _until_stdin_closes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
