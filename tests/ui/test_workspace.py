"""The workspace builds each screen on its first visit, yet behaves as if all were there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import ContextFactory
from ui.screens.base import PlaceholderScreen, Screen
from ui.screens.search import SearchScreen
from ui.screens.settings import SettingsScreen
from ui.screens.today import TodayScreen
from ui.workspace import SEARCH, SECTIONS, SETTINGS, Section, Workspace


def _recorder(calls: list[str], call: str) -> Callable[[], None]:
    return lambda: calls.append(call)


@pytest.fixture
def workspace(qtbot: QtBot, make_context: ContextFactory, store_path: Path) -> Workspace:
    """A workspace over a locked store (screens build, nothing loads)."""
    made = Workspace(make_context(store_path))
    qtbot.addWidget(made)
    return made


@pytest.mark.parametrize("entry", SECTIONS, ids=[entry.title for entry in SECTIONS])
def test_each_sidebar_entry_names_its_screen_class_and_title(entry: Section) -> None:
    screen = entry.load()
    assert issubclass(screen, Screen)
    assert screen.title == entry.title
    assert entry.holds(screen)


def test_only_today_is_built_until_a_section_is_visited(workspace: Workspace) -> None:
    assert [type(s) for s in workspace.built] == [TodayScreen]
    assert workspace.sidebar.count() == workspace.stack.count() == len(SECTIONS)
    assert [workspace.sidebar.item(i).text() for i in range(len(SECTIONS))] == [
        entry.title for entry in SECTIONS]

    settings_row = SECTIONS.index(SETTINGS)
    workspace.show_section(settings_row)
    settings = workspace.current
    assert isinstance(settings, SettingsScreen)
    assert workspace.stack.currentIndex() == settings_row
    assert workspace.stack.currentWidget() is settings
    assert [type(s) for s in workspace.built] == [TodayScreen, SettingsScreen]
    workspace.show_section(0)
    assert workspace.current is workspace.section(TodayScreen)


def test_screens_is_a_sequence_in_sidebar_order_that_builds_on_access(
    workspace: Workspace,
) -> None:
    search = workspace.section(SearchScreen)
    assert workspace.screens.index(search) == SECTIONS.index(SEARCH)
    with pytest.raises(ValueError, match="not a screen"):
        workspace.screens.index(object())
    assert len(workspace.screens) == len(SECTIONS)
    assert [screen.title for screen in workspace.screens] == [e.title for e in SECTIONS]
    assert len(workspace.built) == len(SECTIONS)
    assert workspace.screens[-1] is workspace.section(SettingsScreen)
    with pytest.raises(IndexError):
        workspace.screens[len(SECTIONS)]


def test_a_hook_for_a_screen_runs_once_when_it_is_built_or_at_once_if_it_was(
    workspace: Workspace,
) -> None:
    seen: list[Screen] = []
    workspace.when_built(SETTINGS, seen.append)
    assert seen == []
    settings = workspace.section(SettingsScreen)
    workspace.section(SettingsScreen)
    assert seen == [settings]
    workspace.when_built(SETTINGS, seen.append)
    assert seen == [settings, settings]


def test_locking_touches_only_the_screens_that_were_built(workspace: Workspace) -> None:
    calls: list[str] = []
    for screen in workspace.built:
        for hook in ("save_drafts", "clear"):
            setattr(screen, hook, _recorder(calls, f"{hook} {screen.title}"))
    workspace.save_drafts()
    workspace.clear()
    assert calls == ["save_drafts Today", "clear Today"]


def test_asking_for_a_screen_that_is_no_section_is_refused(workspace: Workspace) -> None:
    with pytest.raises(LookupError, match="not a sidebar section"):
        workspace.section(PlaceholderScreen)
