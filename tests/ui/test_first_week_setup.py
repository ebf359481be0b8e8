"""The first-week steps start where a new therapist does: the setup wizard, then an empty store."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from practice.services.clients import list_clients
from practice.services.settings import load_profile
from tests.ui.conftest import ControllerFactory
from tests.ui.first_week.app import THERAPIST, fresh_practice, go_to


def test_the_wizard_leaves_an_empty_practice_with_the_signing_name_set(
        qtbot: QtBot, make_controller: ControllerFactory, tmp_path: Path) -> None:
    controller = fresh_practice(qtbot, make_controller, tmp_path / "store")
    go_to(qtbot, controller.window, "Clients")
    store = controller.context.store
    assert store is not None
    assert list_clients(store.sessions) == ()
    assert load_profile(store.sessions).therapist_name == THERAPIST
