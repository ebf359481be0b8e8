"""Locking on demand and after idle time: drafts saved, views emptied, store closed, key gone."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import ControllerFactory, wait_idle
from ui.controller import AppController
from ui.operations import Job
from ui.screens.base import Screen
from ui.screens.search import SearchScreen
from ui.screens.today import TodayScreen
from ui.workspace import SECTIONS, Workspace


def _unlocked(qtbot: QtBot, make_controller: ControllerFactory,
              store_path: Path) -> tuple[AppController, Workspace, Store]:
    controller = make_controller(store_path)
    controller.start()
    controller.window.activateWindow()
    qtbot.keyClicks(controller.window.unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(controller.window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    wait_idle(qtbot, controller.context)
    store = controller.context.store
    workspace = controller.window.workspace
    assert store is not None and workspace is not None
    return controller, workspace, store


class _HookSpy:
    """Records, in order, each screen's save_drafts and clear hooks (which still run)."""

    def __init__(self, screens: list[Screen]) -> None:
        self.calls: list[str] = []
        for screen in screens:
            for hook in ("save_drafts", "clear"):
                setattr(screen, hook, self._recording(screen, hook))

    def _recording(self, screen: Screen, hook: str) -> Callable[[], None]:
        original = getattr(screen, hook)

        def run() -> None:
            self.calls.append(f"{hook} {screen.title}")
            original()

        return run


def _assert_locked(controller: AppController, workspace: Workspace, store: Store) -> None:
    assert controller.context.store is None
    assert controller.window.pages.currentWidget() is controller.window.unlock
    assert store.data_key == bytes(len(store.data_key))  # the key was wiped
    search = workspace.section(SearchScreen)
    assert search.field.text() == ""
    today = workspace.section(TodayScreen)
    assert today.heading.text() == ""
    # The lock is released: the store opens again.
    Store.open(controller.context.store_path, Passphrase(TEST_PASSPHRASE)).close()


def test_ctrl_l_saves_drafts_empties_every_view_and_closes_the_store(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    controller, workspace, store = _unlocked(qtbot, make_controller, store_path)
    today = workspace.section(TodayScreen)
    assert today.heading.text() != ""
    spy = _HookSpy(workspace.screens)
    qtbot.keyClick(controller.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    search = workspace.section(SearchScreen)
    assert search.field.hasFocus()
    qtbot.keyClicks(search.field, "Zephyrine")

    qtbot.keyClick(controller.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, controller.context)

    titles = [section.title for section in SECTIONS]
    assert spy.calls == [f"save_drafts {t}" for t in titles] + [f"clear {t}" for t in titles]
    _assert_locked(controller, workspace, store)
    assert "Locked" in controller.window.unlock.message.text()


def test_the_app_locks_itself_after_the_idle_time(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    controller, workspace, store = _unlocked(qtbot, make_controller, store_path)
    search = workspace.section(SearchScreen)
    workspace.focus_search()
    qtbot.keyClicks(search.field, "Zephyrine")
    controller.idle.set_interval(300)

    qtbot.waitUntil(lambda: controller.context.store is None, timeout=5000)
    wait_idle(qtbot, controller.context)

    _assert_locked(controller, workspace, store)
    assert "idle" in controller.window.unlock.message.text()


def test_typing_keeps_the_app_unlocked(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    controller, workspace, _store = _unlocked(qtbot, make_controller, store_path)
    search = workspace.section(SearchScreen)
    controller.idle.set_interval(1000)
    for _ in range(8):  # 1.2 s in all, never more than 0.15 s without a key
        qtbot.wait(150)
        qtbot.keyClick(search.field, Qt.Key.Key_A)
    assert controller.context.store is not None


def test_locking_while_locked_does_nothing(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    controller, _workspace, _store = _unlocked(qtbot, make_controller, store_path)
    controller.lock()
    wait_idle(qtbot, controller.context)
    controller.lock()
    assert not controller.context.ops.busy
    assert not controller.window.lock_action.isEnabled()


def test_ctrl_number_and_ctrl_k_move_between_sections(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    controller, workspace, _store = _unlocked(qtbot, make_controller, store_path)
    for index in range(len(SECTIONS)):
        key = Qt.Key(Qt.Key.Key_1.value + index)
        qtbot.keyClick(controller.window, key, Qt.KeyboardModifier.ControlModifier)
        assert workspace.stack.currentIndex() == index
        assert workspace.sidebar.currentRow() == index
    qtbot.keyClick(controller.window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(controller.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    search = workspace.section(SearchScreen)
    assert workspace.current is search
    assert search.field.hasFocus()


class GreedyField(QLineEdit):
    """A text field that claims Ctrl+K, as line edits do on some platforms."""

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_K):
            event.accept()
            return True
        return super().event(event)


def test_ctrl_k_and_ctrl_l_still_work_inside_a_field_that_claims_them(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    controller, workspace, _store = _unlocked(qtbot, make_controller, store_path)
    greedy = GreedyField("some text")
    workspace.section(TodayScreen).layout().addWidget(greedy)
    greedy.show()  # as a real field is: on screen, so the keyboard focus can be in it
    greedy.setFocus()
    qtbot.keyClick(greedy, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    search = workspace.section(SearchScreen)
    assert workspace.current is search and search.field.hasFocus()
    workspace.show_section(0)
    greedy.setFocus()
    qtbot.keyClick(greedy, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.context.store is None


def test_locking_stops_long_work_and_says_what_was_stopped(
    qtbot: QtBot, make_controller: ControllerFactory, store_path: Path,
) -> None:
    controller = make_controller(store_path, executor=ThreadPoolExecutor(max_workers=1))
    controller.start()
    qtbot.keyClicks(controller.window.unlock.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(controller.window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=5000)
    wait_idle(qtbot, controller.context)
    started = threading.Event()

    def long_work(job: Job) -> None:
        started.set()
        while not job.cancelled():
            threading.Event().wait(0.01)

    controller.context.ops.run(long_work, on_success=lambda _v: None, label="Backing up…")
    assert started.wait(5)
    controller.lock()
    qtbot.waitUntil(lambda: not controller.context.ops.busy, timeout=5000)
    assert "Stopped before it finished: Backing up…" in controller.window.unlock.message.text()
