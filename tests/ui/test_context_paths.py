"""The context's ways to the store: on the worker, at once for drafts, and none while locked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from practice.services.settings import load_profile, save_profile
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.ui.conftest import ContextFactory, wait_idle
from ui.context import AppContext


@pytest.fixture
def context(make_context: ContextFactory, store_path: Path) -> AppContext:
    context = make_context(store_path)
    context.store = Store.open(store_path, Passphrase(TEST_PASSPHRASE))
    return context


def sign_as(name: str) -> Callable[[sessionmaker[Session]], str]:
    """Work that saves the therapist's signing name and returns it."""
    def work(sessions: sessionmaker[Session]) -> str:
        save_profile(sessions, replace(load_profile(sessions), therapist_name=name))
        return name
    return work


def test_a_write_reaches_the_store_and_a_read_brings_it_back(qtbot: QtBot,
                                                             context: AppContext) -> None:
    written: list[str] = []
    read: list[str] = []
    context.write(sign_as("Dr. Ada Rivera"), on_success=written.append)
    context.read(lambda sessions: load_profile(sessions).therapist_name,
                 on_success=read.append)
    wait_idle(qtbot, context)
    assert written == ["Dr. Ada Rivera"]
    assert read == ["Dr. Ada Rivera"]  # one worker: the read waited for the write


def test_a_draft_is_saved_and_read_at_once_without_the_worker(context: AppContext) -> None:
    # The lock closes the store right after save_drafts(): no event loop turns in between.
    assert context.write_now(sign_as("Dr. Morgan Ellis")) == "Dr. Morgan Ellis"
    assert context.read_now(lambda s: load_profile(s).therapist_name) == "Dr. Morgan Ellis"
    assert not context.ops.busy


def test_nothing_reaches_a_locked_store(qtbot: QtBot, context: AppContext,
                                        store_path: Path) -> None:
    store = context.store
    assert store is not None
    context.store = None  # locked
    asked: list[str] = []

    def work(sessions: sessionmaker[Session]) -> None:
        asked.append("ran")

    assert context.read(work, on_success=lambda _none: None) is None
    assert context.write(work, on_success=lambda _none: None) is None
    assert context.write_tracked(lambda sessions, _job: work(sessions),
                                 on_success=lambda _none: None) is None
    assert context.read_now(work) is None
    assert context.write_now(work) is None
    wait_idle(qtbot, context)
    assert asked == []
    assert load_profile(store.sessions).therapist_name == ""
    store.close()


def test_a_draft_saved_at_once_is_not_held_up_by_a_read_left_open(
        context: AppContext) -> None:
    def long_read(sessions: sessionmaker[Session]) -> tuple[str | None, str]:
        with sessions.begin() as reading:  # the read's transaction stays open meanwhile
            before = reading.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
            saved = context.write_now(sign_as("Dr. Ada Rivera"))  # another connection
            after = reading.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
            assert after == before  # the read still sees the moment it began
        return saved, load_profile(sessions).therapist_name

    assert context.read_now(long_read) == ("Dr. Ada Rivera", "Dr. Ada Rivera")


def test_work_sent_down_the_read_path_cannot_write(qtbot: QtBot, context: AppContext) -> None:
    failures: list[BaseException] = []
    context.read(sign_as("Dr. Ada Rivera"), on_success=lambda _name: None,
                 on_failure=failures.append)
    wait_idle(qtbot, context)
    assert len(failures) == 1  # a read begins deferred, so it may not write
    assert context.read_now(lambda s: load_profile(s).therapist_name) == ""
