"""Held work: it waits for a window's first frame, yet counts as busy, and still runs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.ui.conftest import InlineExecutor
from ui.operations import LONGEST_HOLD_MS, Job, Operations


def _appending(started: list[str], name: str) -> Callable[[Job], None]:
    return lambda _job: started.append(name)


def test_work_held_for_a_frame_starts_after_it_in_order_and_counts_as_busy(
    qtbot: QtBot,
) -> None:
    ops = Operations(InlineExecutor())
    window = QLabel("Today")
    qtbot.addWidget(window)
    started: list[str] = []
    ops.hold_until_painted(window)
    for name in ("agenda", "directory"):
        ops.run(_appending(started, name), on_success=lambda _value: None)
    assert started == [] and ops.busy  # a wait for the idle worker still waits for these
    window.show()
    qtbot.waitUntil(lambda: started == ["agenda", "directory"], timeout=2000)
    qtbot.waitUntil(lambda: not ops.busy, timeout=2000)


def _held_behind_a_hidden_window(qtbot: QtBot) -> tuple[Operations, list[str]]:
    """A runner holding one job for a window that is never shown, so never painted."""
    ops = Operations(InlineExecutor())
    never_shown = QLabel("minimised")
    qtbot.addWidget(never_shown)
    started: list[str] = []
    ops.hold_until_painted(never_shown)
    ops.run(_appending(started, "close the store"), on_success=lambda _value: None)
    return ops, started


def test_held_work_starts_anyway_when_no_frame_comes(qtbot: QtBot) -> None:
    _ops, started = _held_behind_a_hidden_window(qtbot)
    assert started == []
    qtbot.waitUntil(lambda: started == ["close the store"], timeout=LONGEST_HOLD_MS + 2000)


def test_shutting_down_runs_held_work_first(qtbot: QtBot) -> None:
    ops, started = _held_behind_a_hidden_window(qtbot)
    ops.shutdown()
    assert started == ["close the store"]  # given just before quitting, it still runs
