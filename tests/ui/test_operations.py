"""The operations helper: work off the UI thread, callbacks on it, progress only when slow."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from practice.errors import BackupError
from tests.ui.conftest import InlineExecutor
from ui.operations import Job, Operations


@pytest.fixture
def threaded(qapp: QApplication) -> Iterator[Operations]:
    """A runner with a real worker thread and a short progress delay."""
    ops = Operations(ThreadPoolExecutor(max_workers=1), progress_delay_ms=100)
    yield ops
    ops.cancel_all()
    ops.shutdown()


def test_results_arrive_on_the_main_thread_after_the_call_returns(qtbot: QtBot) -> None:
    ops = Operations(InlineExecutor())
    app = QApplication.instance()
    assert app is not None
    seen: list[tuple[int, bool]] = []
    ops.run(lambda _job: 42, on_success=lambda value: seen.append(
        (value, QThread.currentThread() is app.thread())))
    assert seen == []  # never re-entrant, even when the work ran inline
    qtbot.waitUntil(lambda: seen == [(42, True)], timeout=2000)


def test_work_runs_on_the_worker_thread(qtbot: QtBot, threaded: Operations) -> None:
    names: list[str] = []
    with qtbot.waitSignal(threaded.finished, timeout=5000):
        threaded.run(lambda _job: threading.current_thread().name, on_success=names.append)
    assert names[0] != threading.main_thread().name


def test_a_failure_goes_to_its_handler(qtbot: QtBot) -> None:
    ops = Operations(InlineExecutor())
    errors: list[BaseException] = []

    def fail(_job: Job) -> None:
        raise BackupError("The backup location is full.")

    with qtbot.waitSignal(ops.finished, timeout=2000):
        ops.run(fail, on_success=lambda _v: None, on_failure=errors.append)
    assert [type(e) for e in errors] == [BackupError]


def test_a_failure_without_a_handler_is_shown(qtbot: QtBot) -> None:
    shown: list[tuple[QWidget | None, BaseException]] = []
    ops = Operations(InlineExecutor(), show_error=lambda parent, error: shown.append(
        (parent, error)))

    def fail(_job: Job) -> None:
        raise BackupError("The backup location is full.")

    parent = QWidget()
    qtbot.addWidget(parent)
    with qtbot.waitSignal(ops.finished, timeout=2000):
        ops.run(fail, on_success=lambda _v: None, parent=parent)
    assert shown and shown[0][0] is parent and isinstance(shown[0][1], BackupError)


def test_callbacks_of_forgotten_work_are_dropped(qtbot: QtBot) -> None:
    ops = Operations(InlineExecutor())
    seen: list[int] = []
    ops.run(lambda _job: 1, on_success=seen.append)
    ops.forget_pending()
    ops.run(lambda _job: 2, on_success=seen.append)
    qtbot.waitUntil(lambda: not ops.busy, timeout=2000)
    assert seen == [2]


def test_slow_work_shows_progress_whose_cancel_the_work_sees(
    qtbot: QtBot, threaded: Operations,
) -> None:
    started = threading.Event()
    outcome: list[str] = []

    def slow(job: Job) -> str:
        started.set()
        job.progress(1, 4)
        while not job.cancelled():
            threading.Event().wait(0.01)
        return "stopped"

    parent = QWidget()
    qtbot.addWidget(parent)
    threaded.run(slow, on_success=outcome.append, label="Backing up…", parent=parent)
    assert started.wait(5)
    qtbot.waitUntil(lambda: _progress_dialog(parent) is not None, timeout=5000)
    dialog = _progress_dialog(parent)
    assert dialog is not None and dialog.labelText() == "Backing up…"
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    with qtbot.waitSignal(threaded.finished, timeout=5000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert outcome == ["stopped"]


def test_quick_work_never_shows_progress(qtbot: QtBot) -> None:
    ops = Operations(InlineExecutor(), progress_delay_ms=10_000)
    parent = QWidget()
    qtbot.addWidget(parent)
    with qtbot.waitSignal(ops.finished, timeout=2000):
        ops.run(lambda _job: None, on_success=lambda _v: None, label="Quick", parent=parent)
    assert _progress_dialog(parent) is None


def _progress_dialog(parent: QWidget) -> QProgressDialog | None:
    found = [d for d in parent.findChildren(QProgressDialog) if d.isVisible()]
    return found[0] if found else None
