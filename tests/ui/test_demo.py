"""``practice --demo``: the fictional practice opens without typing and says it is a demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from practice.demo import HAND_MADE_STEPS
from practice.errors import PracticeError
from practice.services.clients import list_clients
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.ui.conftest import ControllerFactory, wait_idle
from ui.demo import DEMO_PASSPHRASE, open_demo
from ui.window import DEMO_BANNER, DEMO_TITLE


def _empty_demo(path: Path) -> None:
    open_demo(path, build=lambda _sessions: None).close()


def test_the_demo_opens_without_typing_and_is_marked_as_a_demo(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    demo_path = tmp_path / "demo"
    _empty_demo(demo_path)
    controller = make_controller(demo_path, demo=True)
    controller.start()
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=10000)
    assert controller.window.windowTitle() == DEMO_TITLE
    banners = [label for label in controller.window.findChildren(QLabel)
               if label.text() == DEMO_BANNER]
    assert len(banners) == 1 and banners[0].isVisible()
    assert controller.window.workspace is not None


def test_the_demo_passphrase_is_the_published_one(tmp_path: Path) -> None:
    _empty_demo(tmp_path / "demo")
    Store.open(tmp_path / "demo", Passphrase(DEMO_PASSPHRASE)).close()


def test_a_demo_that_failed_to_build_is_removed_so_the_next_start_tries_again(
    tmp_path: Path,
) -> None:
    def broken(_sessions: object) -> None:
        raise RuntimeError("the builder broke")

    with pytest.raises(RuntimeError):
        open_demo(tmp_path / "demo", build=broken)
    assert not (tmp_path / "demo").exists()


def test_the_first_demo_start_fills_the_store_with_the_fictional_practice(
    qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path,
) -> None:
    """The real builder (``practice.demo.build_demo``): slow, as it writes months of notes."""
    controller = make_controller(tmp_path / "demo", demo=True)
    controller.start()
    qtbot.waitUntil(lambda: controller.context.store is not None, timeout=60000)
    wait_idle(qtbot, controller.context)
    store = controller.context.store
    assert store is not None and len(list_clients(store.sessions)) >= 10


def test_making_the_demo_reports_each_real_step_and_a_stop_removes_what_was_made(
    tmp_path: Path,
) -> None:
    """What the progress dialog of the first ``practice --demo`` is fed, and its Cancel."""
    seen: list[tuple[int, int]] = []
    with pytest.raises(PracticeError, match="stopped before it was finished"):
        open_demo(tmp_path / "demo", progress=lambda done, total: seen.append((done, total)),
                  cancelled=lambda: len(seen) >= 2)
    assert seen == [(step, HAND_MADE_STEPS) for step in range(1, HAND_MADE_STEPS + 1)]
    assert not (tmp_path / "demo").exists()
