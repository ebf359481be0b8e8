"""Fixtures for the desktop app: an inline worker, private settings, a memory keychain."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.keychain import DeviceKeychain
from tests.store.memory_keyring import Entries, MemoryKeyring
from tests.store.test_keychain import TRUSTED
from ui.app import build_context
from ui.context import AppContext
from ui.controller import AppController

# The offscreen platform says this whenever a window is shown (and a type-ahead list pops
# up: raise, keyboard grab); it is about the platform plugin, not the app, so it must not
# fail a test (every other Qt warning still does).
OFFSCREEN_NOISE = (r"This plugin does not support "
                   r"(propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)")
_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


class InlineExecutor(Executor):
    """Runs work at once on the calling thread; callbacks still arrive through the event loop."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_running_or_notify_cancel()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    """Preferences in a file of this test's own, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def keychain_entries() -> Entries:
    """What the memory keychain holds (the test can look inside)."""
    return {}


@pytest.fixture
def keychain_factory(keychain_entries: Entries) -> Callable[[], DeviceKeychain]:
    """A working keychain kept in memory."""
    return lambda: DeviceKeychain(MemoryKeyring(keychain_entries), trusted=TRUSTED)


ContextFactory = Callable[..., AppContext]


@pytest.fixture
def make_context(qsettings: QSettings, keychain_factory: Callable[[], DeviceKeychain],
                 ) -> Iterator[ContextFactory]:
    """Build contexts with the inline worker, fast KDF and memory keychain."""
    made: list[AppContext] = []

    def make(store: Path, **overrides: Any) -> AppContext:
        options: dict[str, Any] = {"qsettings": qsettings, "executor": InlineExecutor(),
                                   "keychain": keychain_factory, "kdf": FAST_INSECURE_PARAMS}
        options.update(overrides)
        context = build_context(store, **options)
        made.append(context)
        return context

    yield make
    for context in made:
        context.ops.shutdown()
        if context.store is not None:
            context.store.close()
            context.store = None


@pytest.fixture
def open_context(make_context: ContextFactory, store_path: Path) -> AppContext:
    """A context with the test's store open, as after an unlock (closed by ``make_context``)."""
    from practice.store.credentials import Passphrase
    from practice.store.store import Store
    from tests.conftest import TEST_PASSPHRASE

    made = make_context(store_path)
    made.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    return made


ControllerFactory = Callable[..., AppController]


@pytest.fixture
def make_controller(qtbot: QtBot, qapp: QApplication,
                    make_context: ContextFactory) -> Iterator[ControllerFactory]:
    """Build a controller (its window registered with qtbot) for a store folder."""
    made: list[AppController] = []

    def make(store: Path, **overrides: Any) -> AppController:
        controller = AppController(make_context(store, **overrides), qapp)
        qtbot.addWidget(controller.window)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.close_store()
        if controller.wizard is not None:
            controller.wizard.deleteLater()


def wait_idle(qtbot: QtBot, context: AppContext, timeout: int = 5000) -> None:
    """Wait until every submitted operation has called back."""
    qtbot.waitUntil(lambda: not context.ops.busy, timeout=timeout)
