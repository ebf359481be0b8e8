"""Killing the store's writer at any moment loses no acknowledged write, backup or passphrase.

Each run copies a fresh store, has ``tests/store/crash_worker.py`` fork a worker on it, waits
for the worker's READY, sleeps a random time spanning the operation under test (timed by a
calibration run, then by the step times the workers report) and kills the worker with
SIGKILL. Afterwards the store, and every backup published in the destination, must open and
verify. Delays are drawn from ``random.Random`` with a printed seed;
``PRACTICE_CRASH_SEED=<seed>`` replays the same draws.

The quick variants run by default. The full set (200 killed write bursts and more of the
others) runs when ``PRACTICE_SLOW_TESTS=1`` is set or a ``-m`` expression names ``slow``.
"""

from __future__ import annotations

import os
import queue
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import text

from practice.errors import WrongPassphrase
from practice.store.backup import BACKUP_PREFIX, list_backups, restore
from practice.store.credentials import Passphrase
from practice.store.keyfile import KeyFile
from practice.store.layout import KEY_FILE, LOCK_FILE
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.store.crash_worker import (
    ACK,
    DONE,
    EXIT,
    PASSPHRASE_ENV,
    PAUSED,
    PID,
    PROBE_ACTION,
    READY,
    TIMING,
    passphrase_for,
    probe_payload,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL exists on POSIX only")

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_ENV, SLOW_ENV = "PRACTICE_CRASH_SEED", "PRACTICE_SLOW_TESTS"
WORKER_TIMEOUT_SECONDS = 60.0
BALLAST_ROWS, BALLAST_BYTES = 1500, 4000  # about 6 MB: a backup takes a measurable time
WRITES_PER_BURST = 40  # the kill lands anywhere within about this many commits
BACKUPS_PER_RUN = 2  # the second one is killed while the first is already published
CHANGES_PER_RUN = 3
# Hidden leftovers of a killed backup or rotation (.partial, .retired): never listed.
LEFTOVER = re.compile(rf"\.{BACKUP_PREFIX}.+")


@dataclass(frozen=True)
class KilledWorker:
    """Everything a worker printed before SIGKILL ended it."""

    lines: tuple[str, ...]

    def acks(self) -> list[list[str]]:
        """The words after ACK on each acknowledgement line, in order."""
        return [line.split()[1:] for line in self.lines if _first_word(line) == ACK]


# --- running and killing workers ------------------------------------------------------


def _copy_store(template: Path, target: Path) -> Path:
    shutil.copytree(template, target, ignore=shutil.ignore_patterns(LOCK_FILE))
    return target


def _worker_command(mode: str, *args: object) -> list[str]:
    return [sys.executable, "-m", "tests.store.crash_worker", mode, *map(str, args)]


def _worker_env() -> dict[str, str]:
    return {**os.environ, PASSPHRASE_ENV: TEST_PASSPHRASE}


def _first_word(line: str) -> str:
    return (line.split() or [""])[0]


def _read_lines(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        if line.endswith("\n"):  # a line the kill cut short acknowledges nothing
            lines.put(line.strip())
    lines.put(None)


class WorkerServer:
    """A ``crash_worker serve`` process, forking a fresh worker per run (imports paid once).

    Args:
        stderr: Where the server and its workers write their errors.
    """

    def __init__(self, stderr: Path) -> None:
        self._stderr = stderr
        with stderr.open("w") as errors:
            self._server = subprocess.Popen(
                _worker_command("serve"), cwd=REPO_ROOT, env=_worker_env(), text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
            )
        assert self._server.stdin is not None and self._server.stdout is not None
        self._commands, self._output = self._server.stdin, self._server.stdout
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=_read_lines, args=(self._output, self._lines),
                                        daemon=True)
        self._reader.start()

    def kill(self, mode: str, *args: object, delay: float, trigger: str = READY) -> KilledWorker:
        """Fork a worker, wait for ``trigger``, sleep ``delay`` seconds and SIGKILL it."""
        print(f"  {mode}: kill {delay * 1000:.1f} ms after {trigger}")
        self._commands.write(shlex.join([mode, *map(str, args)]) + "\n")
        self._commands.flush()
        said: list[str] = []
        try:
            self._collect(said, trigger)
            time.sleep(delay)
        finally:
            pids = [int(line.split()[1]) for line in said if _first_word(line) == PID]
            if pids and _first_word(said[-1]) != EXIT:
                os.kill(pids[0], signal.SIGKILL)  # also when something above failed
        self._collect(said, EXIT)
        assert said[-1] == f"{EXIT} {-signal.SIGKILL}", self._stderr.read_text()
        # Every ACK in the pipe was printed after its step returned, even if read after the kill.
        return KilledWorker(tuple(said[1:-1]))

    def _collect(self, said: list[str], until: str) -> None:
        deadline = time.monotonic() + WORKER_TIMEOUT_SECONDS
        while not said or _first_word(said[-1]) != until:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                raise AssertionError(f"no {until} from the worker after {said}:\n"
                                     f"{self._stderr.read_text()}")
            said.append(line)
            if _first_word(line) == EXIT and until != EXIT:
                raise AssertionError(f"the worker died before {until} after {said}:\n"
                                     f"{self._stderr.read_text()}")

    def close(self) -> None:
        """Let the server end, as it does when its stdin closes."""
        self._commands.close()
        try:
            self._server.wait(timeout=WORKER_TIMEOUT_SECONDS)
        finally:
            if self._server.poll() is None:
                self._server.kill()
                self._server.wait()
            self._reader.join(timeout=WORKER_TIMEOUT_SECONDS)
            self._output.close()


class Pace:
    """How long one step of each mode takes on this machine now, in seconds.

    Seeded by a calibration run and kept up to date from the step times each ACK reports, so
    the kills keep landing inside the steps when the machine gets busier or quieter.

    Args:
        seconds: One step's duration for each mode.
    """

    def __init__(self, seconds: dict[str, float]) -> None:
        self._seconds = dict(seconds)

    def of(self, mode: str) -> float:
        """The current estimate for one step of ``mode``."""
        return self._seconds[mode]

    def observe(self, mode: str, killed: KilledWorker) -> None:
        """Fold in the step times a killed worker reported."""
        for words in killed.acks():
            self._seconds[mode] = 0.7 * self._seconds[mode] + 0.3 * float(words[-1])


@dataclass(frozen=True)
class Harness:
    """What every killed run needs: the worker server, this machine's pace, the delays."""

    workers: WorkerServer
    pace: Pace
    rng: random.Random

    def kill(self, mode: str, *args: object, steps: float) -> KilledWorker:
        """Kill a ``mode`` worker at a random moment within its first ``steps`` steps."""
        delay = self.rng.uniform(0, steps * self.pace.of(mode))
        killed = self.workers.kill(mode, *args, delay=delay)
        self.pace.observe(mode, killed)
        return killed


Scenario = Callable[[Harness, Path, Path], str]


def _run_kills(scenario: Scenario, runs: int, harness: Harness, template: Path,
               tmp_path: Path) -> None:
    for run in range(runs):
        print(f"run {run}:")
        workdir = tmp_path / f"run-{run}"
        print(f"  {scenario(harness, template, workdir)}")
        shutil.rmtree(workdir)  # only a failed run's files are kept, for a post-mortem


# --- what must hold afterwards --------------------------------------------------------


def _assert_acknowledged_writes_survived(path: Path, acknowledged: int) -> str:
    anchor = KeyFile.from_bytes((path / KEY_FILE).read_bytes()).anchor
    with Store.open(path, Passphrase(TEST_PASSPHRASE)) as store:
        store.verify()
        with store.sessions() as session:
            rows = session.execute(text("SELECT id, payload FROM crash_probe")).all()
            audited = session.execute(text("SELECT seq, entity_id FROM audit_log "
                                           "WHERE action = :a ORDER BY seq"),
                                      {"a": PROBE_ACTION}).all()
            anchored = session.scalar(text("SELECT mac FROM audit_log WHERE seq = :seq"),
                                      {"seq": anchor.seq})
    payloads = {row.id: row.payload for row in rows}
    committed = len(payloads)
    # At most one commit more than acknowledged: the one whose ACK the kill cut off.
    assert acknowledged <= committed <= acknowledged + 1
    assert payloads == {i: probe_payload(i) for i in range(committed)}
    assert [row.entity_id for row in audited] == list(range(committed)), "row and audit split"
    # The key file's anchor may lag the chain by a crash window, but never run ahead of it.
    assert anchored == anchor.mac
    lag = audited[-1].seq - anchor.seq if audited else 0
    return f"{committed - acknowledged} committed unacknowledged, anchor {lag} behind"


def _assert_restores_whole(backup_path: Path, target: Path) -> None:
    # restore() opens and fully verifies the copy before it puts it in place.
    assert restore(backup_path, target, Passphrase(TEST_PASSPHRASE)) is None
    with Store.open(target, Passphrase(TEST_PASSPHRASE)) as restored, restored.sessions() as s:
        rows = s.scalar(text("SELECT count(*) FROM crash_ballast"))
    assert rows == BALLAST_ROWS


def _entries(folder: Path) -> list[Path]:
    # A kill right after READY can come before backup() has even made its destination.
    return list(folder.iterdir()) if folder.exists() else []


def _assert_published_backups_restore(destination: Path, workdir: Path) -> list[Path]:
    published = list_backups(destination)
    others = [p.name for p in _entries(destination) if p not in published]
    assert all(LEFTOVER.fullmatch(name) for name in others), others
    for number, backup_path in enumerate(published):
        _assert_restores_whole(backup_path, workdir / f"restored-{number}")
    return published


def _passphrases_that_open(path: Path, candidates: list[str]) -> list[str]:
    working = []
    for candidate in candidates:
        try:
            with Store.open(path, Passphrase(candidate)) as store:
                store.verify()
        except WrongPassphrase:
            continue
        working.append(candidate)
    return working


# --- the three ways of being killed -----------------------------------------------------


def _kill_a_write_burst(harness: Harness, template: Path, workdir: Path) -> str:
    path = _copy_store(template, workdir / "store")
    killed = harness.kill("writes", path, 10**9, steps=WRITES_PER_BURST)
    acked = [int(words[0]) for words in killed.acks()]
    assert acked == list(range(len(acked)))
    found = _assert_acknowledged_writes_survived(path, len(acked))
    return f"{len(acked)} writes acknowledged, all there; {found}"


def _kill_a_backup(harness: Harness, template: Path, workdir: Path) -> str:
    path = _copy_store(template, workdir / "store")
    destination = workdir / "backups"
    killed = harness.kill("backups", path, destination, BACKUPS_PER_RUN,
                          steps=1.1 * BACKUPS_PER_RUN)
    acknowledged = {words[1] for words in killed.acks()}
    published = _assert_published_backups_restore(destination, workdir)
    assert acknowledged <= {p.name for p in published}
    with Store.open(path, Passphrase(TEST_PASSPHRASE)) as store:
        store.verify()
    hidden = sum(p.name.startswith(".") for p in _entries(destination))
    return f"{len(acknowledged)} acknowledged, {len(published)} published, {hidden} hidden"


def _kill_passphrase_changes(harness: Harness, template: Path, workdir: Path) -> str:
    path = _copy_store(template, workdir / "store")
    killed = harness.kill("passphrase", path, CHANGES_PER_RUN, steps=1.1 * CHANGES_PER_RUN)
    changed = len(killed.acks())
    sequence = [TEST_PASSPHRASE] + [passphrase_for(n) for n in range(CHANGES_PER_RUN)]
    working = _passphrases_that_open(path, sequence)
    assert len(working) == 1, f"{len(working)} passphrases open the store"
    # The last acknowledged passphrase, or the one being set when the kill came.
    assert working[0] in sequence[changed:changed + 2]
    if changed == CHANGES_PER_RUN:
        return "all changes acknowledged before the kill"
    landed = "before" if working[0] == sequence[changed] else "after"
    return f"{changed} changes acknowledged; killed {landed} the next took effect"


# --- fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerServer]:
    """One worker server for the module."""
    server = WorkerServer(tmp_path_factory.mktemp("workers") / "stderr.log")
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def ballast_template(template_store: tuple[Path, str],
                     tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of a few MB, so that a backup of it takes long enough to be killed midway."""
    root = _copy_store(template_store[0], tmp_path_factory.mktemp("ballast") / "store")
    blobs = [(os.urandom(BALLAST_BYTES),) for _ in range(BALLAST_ROWS)]
    with Store.open(root, Passphrase(TEST_PASSPHRASE)) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE crash_ballast (id INTEGER PRIMARY KEY, blob BLOB)")
        conn.exec_driver_sql("INSERT INTO crash_ballast (blob) VALUES (?)", blobs)
    return root


@pytest.fixture(scope="module")
def pace(workers: WorkerServer, ballast_template: Path,
         tmp_path_factory: pytest.TempPathFactory) -> Pace:
    """One step of each mode, first timed by a calibration run on this machine."""
    work = tmp_path_factory.mktemp("calibration")
    path = _copy_store(ballast_template, work / "store")
    done = workers.kill("calibrate", path, work / "backups", delay=0.0, trigger=DONE)
    return Pace({words[1]: float(words[2]) for words in map(str.split, done.lines)
                 if words[0] == TIMING})


@pytest.fixture
def harness(workers: WorkerServer, pace: Pace) -> Harness:
    """The harness, with delays seeded from PRACTICE_CRASH_SEED or at random (and printed)."""
    seed = int(os.environ.get(SEED_ENV) or random.randrange(2**32))
    print(f"crash harness seed {seed}: replay with {SEED_ENV}={seed}")
    return Harness(workers, pace, random.Random(seed))


@pytest.fixture
def full_crash_runs(request: pytest.FixtureRequest) -> None:
    """Skip the long variants unless PRACTICE_SLOW_TESTS=1 or ``-m`` names ``slow``."""
    markexpr = str(request.config.getoption("-m") or "")
    if os.environ.get(SLOW_ENV) != "1" and "slow" not in markexpr:
        pytest.skip(f"the full crash harness runs with {SLOW_ENV}=1 or -m slow")


# --- the tests -----------------------------------------------------------------------


def test_every_acknowledged_write_survives_a_kill(
    harness: Harness, template_store: tuple[Path, str], tmp_path: Path
) -> None:
    _run_kills(_kill_a_write_burst, 8, harness, template_store[0], tmp_path)


def test_a_killed_backup_never_publishes_a_partial_backup(
    harness: Harness, ballast_template: Path, tmp_path: Path
) -> None:
    _run_kills(_kill_a_backup, 6, harness, ballast_template, tmp_path)


def test_a_passphrase_change_killed_midway_leaves_exactly_one_passphrase_working(
    harness: Harness, template_store: tuple[Path, str], tmp_path: Path
) -> None:
    _run_kills(_kill_passphrase_changes, 6, harness, template_store[0], tmp_path)


def test_a_passphrase_change_killed_after_it_returned_leaves_only_the_new_one_working(
    workers: WorkerServer, store_path: Path
) -> None:
    killed = workers.kill("passphrase", store_path, 1, delay=0.0, trigger=DONE)
    assert [words[0] for words in killed.acks()] == ["0"]
    assert _passphrases_that_open(store_path, [TEST_PASSPHRASE, passphrase_for(0)]) == [
        passphrase_for(0)
    ]


def test_a_backup_killed_while_removing_an_old_generation_leaves_no_broken_backup(
    workers: WorkerServer, ballast_template: Path, tmp_path: Path
) -> None:
    path = _copy_store(ballast_template, tmp_path / "store")
    destination = tmp_path / "backups"
    killed = workers.kill("rotate-paused", path, destination, delay=0.0, trigger=PAUSED)
    [[_, first]] = killed.acks()  # the second backup was published, not yet acknowledged
    published = _assert_published_backups_restore(destination, tmp_path)
    assert [p.name > first for p in published] == [True]


@pytest.mark.slow
def test_every_acknowledged_write_survives_two_hundred_kills(
    full_crash_runs: None, harness: Harness, template_store: tuple[Path, str], tmp_path: Path
) -> None:
    _run_kills(_kill_a_write_burst, 200, harness, template_store[0], tmp_path)


@pytest.mark.slow
def test_sixty_killed_backups_never_publish_a_partial_backup(
    full_crash_runs: None, harness: Harness, ballast_template: Path, tmp_path: Path
) -> None:
    _run_kills(_kill_a_backup, 60, harness, ballast_template, tmp_path)


@pytest.mark.slow
def test_a_hundred_killed_passphrase_changes_each_leave_exactly_one_passphrase_working(
    full_crash_runs: None, harness: Harness, template_store: tuple[Path, str], tmp_path: Path
) -> None:
    _run_kills(_kill_passphrase_changes, 100, harness, template_store[0], tmp_path)
