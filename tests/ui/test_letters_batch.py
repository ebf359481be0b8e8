"""Letters to the care team: the plan, the batch on the worker, stopping it, and its result."""

from __future__ import annotations

import dataclasses
import shutil
import stat
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from practice.models.letters import Disclosure, Letter
from practice.services import letters
from practice.services.letters import batch as letters_batch
from practice.services.letters import disclosures
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.core.letters.batch_builders import EXPIRED, Team, build_team
from tests.core.test_letters_builders import LETTER_DAY, PROSE, World, world_template
from tests.ui.conftest import ContextFactory, wait_idle
from ui.context import AppContext
from ui.screens.letters import LettersScreen
from ui.screens.letters.batch import BatchDialog
from ui.screens.letters.batch_text import NOT_REACHED

CARDIOLOGIST_LINE = f"No letter — Ruth Abernathy, MD — Cardiology (Cardiologist): {EXPIRED}"


@pytest.fixture(scope="module")
def template(template_store: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, World, Team]:
    folder, world = world_template(template_store[0], tmp_path_factory.mktemp("batch"))
    with Store.open(folder, Passphrase(TEST_PASSPHRASE)) as store:
        team = build_team(store.sessions, world)
    return folder, world, team


@pytest.fixture
def world(template: tuple[Path, World, Team]) -> World:
    return template[1]


@pytest.fixture
def team(template: tuple[Path, World, Team]) -> Team:
    return template[2]


def _context(make_context: ContextFactory, template: Path, tmp_path: Path,
             **overrides: Any) -> AppContext:
    folder = tmp_path / "store"
    shutil.copytree(template, folder, ignore=shutil.ignore_patterns("*.lock"))
    context = make_context(folder, **overrides)
    context.store = Store.open(folder, Passphrase(TEST_PASSPHRASE))
    return context


@pytest.fixture
def context(make_context: ContextFactory, template: tuple[Path, World, Team], tmp_path: Path
            ) -> AppContext:
    return _context(make_context, template[0], tmp_path)


def _screen(qtbot: QtBot, context: AppContext, world: World) -> LettersScreen:
    shown = LettersScreen(context)
    qtbot.addWidget(shown)
    shown.load()
    wait_idle(qtbot, context)
    shown.form.choose(client_id=world.client, provider_id=world.urologist)
    shown.form.set_date(LETTER_DAY)
    wait_idle(qtbot, context)
    for name, text in PROSE.items():
        shown.form.prose[name].setPlainText(text)
    return shown


@pytest.fixture
def screen(qtbot: QtBot, context: AppContext, world: World) -> Iterator[LettersScreen]:
    shown = _screen(qtbot, context, world)
    yield shown
    shown.clear()


def open_batch(qtbot: QtBot, context: AppContext, screen: LettersScreen) -> BatchDialog:
    screen.batch_button.click()
    dialog = screen.batch
    assert dialog is not None and dialog.isVisible()
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=5000)
    return dialog


def confirm_batch(qtbot: QtBot, context: AppContext, dialog: BatchDialog) -> None:
    dialog.issue_button.click()
    box = dialog.question
    assert box is not None and "logged as a disclosure" in box.text()
    (yes,) = [b for b in box.buttons() if b.text() == "Issue"]
    yes.click()


def lines(dialog: BatchDialog) -> list[str]:
    return [dialog.targets.item(row).text() for row in range(dialog.targets.count())]


def counts(sessions: sessionmaker[Session]) -> tuple[int, int]:
    with sessions() as s:
        return (s.scalar(select(func.count()).select_from(Letter)) or 0,
                s.scalar(select(func.count()).select_from(Disclosure)) or 0)


def test_a_batch_issues_the_others_and_names_the_expired_release(
    qtbot: QtBot, context: AppContext, world: World, team: Team, screen: LettersScreen,
    tmp_path: Path,
) -> None:
    dialog = open_batch(qtbot, context, screen)
    assert CARDIOLOGIST_LINE in lines(dialog)
    assert sum(line.startswith("Ready — ") for line in lines(dialog)) == 2
    assert {n: e.toPlainText() for n, e in dialog.fields.edits.items()} == PROSE  # one text for all
    out = tmp_path / "out"
    out.mkdir()
    dialog.set_folder(out)
    confirm_batch(qtbot, context, dialog)
    wait_idle(qtbot, context)
    result = dialog.outcome
    assert result is not None and len(result.issued) == 2
    assert dialog.progress.value() == 2 and dialog.cancel_button.text() == "Close"
    assert dialog.message.text().startswith("2 letters issued and logged as disclosures")
    assert all(line.startswith("Issued — ") for line in lines(dialog))
    saved = sorted(out.iterdir())
    assert [p.name for p in saved] == sorted(f"letter-{i.letter.id}.pdf" for i in result.issued)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in saved)
    assert context.store is not None
    logged = disclosures.list_disclosures(context.store.sessions, world.client)
    assert sorted(d.recipient.provider_id or 0 for d in logged) == sorted(
        (team.urologist, team.physio))
    qtbot.waitUntil(lambda: screen.issued.count() == 2, timeout=5000)  # the list read again


def test_stopping_midway_leaves_the_issued_letter_issued_with_its_disclosure(
    qtbot: QtBot, make_context: ContextFactory, template: tuple[Path, World, Team],
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    context = _context(make_context, template[0], tmp_path,
                       executor=ThreadPoolExecutor(max_workers=1))
    first_issued, go_on = threading.Event(), threading.Event()
    real = letters.issue_letter

    def issue_then_wait(*args: Any, **kwargs: Any) -> letters.IssuedLetter:
        issued = real(*args, **kwargs)
        first_issued.set()
        go_on.wait(timeout=20)  # the therapist presses Stop while this letter is done
        return issued

    monkeypatch.setattr(letters_batch, "issue_letter", issue_then_wait)
    screen = _screen(qtbot, context, world)
    dialog = open_batch(qtbot, context, screen)
    confirm_batch(qtbot, context, dialog)
    qtbot.waitUntil(first_issued.is_set, timeout=10000)
    assert dialog.cancel_button.text() == "Stop after this letter"
    dialog.cancel_button.click()
    go_on.set()
    wait_idle(qtbot, context, timeout=20000)
    result = dialog.outcome
    assert result is not None and result.cancelled
    assert len(result.issued) == 1 and len(result.not_reached) == 1
    assert any(line.endswith(NOT_REACHED) for line in lines(dialog))
    assert "The letters issued stay issued." in dialog.message.text()
    assert context.store is not None
    assert counts(context.store.sessions) == (1, 1)  # nothing half-written
    screen.clear()


def _plain(value: object) -> bool:
    """True when ``value`` is plain data all the way down: no ORM row, no Qt object."""
    if value is None or isinstance(value, (int, str, float, bytes, date, Path)):
        return True
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(_plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, Mapping):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    if isinstance(value, (tuple, frozenset, list)):
        return all(_plain(item) for item in value)
    return False


def test_the_batch_job_receives_ids_and_plain_text_never_rows_or_widgets(
    qtbot: QtBot, context: AppContext, screen: LettersScreen, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    received: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    real = letters_batch.issue_batch

    def recording(*args: Any, **kwargs: Any) -> letters_batch.BatchResult:
        received.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(letters_batch, "issue_batch", recording)
    dialog = open_batch(qtbot, context, screen)
    dialog.set_folder(tmp_path)
    dialog.password.setText("s3cret-pass")
    confirm_batch(qtbot, context, dialog)
    wait_idle(qtbot, context)
    ((args, kwargs),) = received
    sessions, request = args
    assert isinstance(sessions, sessionmaker)
    assert isinstance(request, letters_batch.BatchRequest) and _plain(request)
    assert _plain(kwargs["export"])
    assert not any(isinstance(v, QObject) or hasattr(v, "_sa_instance_state")
                   for v in (*args, *kwargs.values()))


def test_a_batch_left_open_at_lock_forgets_its_text(
    qtbot: QtBot, context: AppContext, screen: LettersScreen,
) -> None:
    dialog = open_batch(qtbot, context, screen)
    screen.clear()
    assert screen.batch is None and not dialog.isVisible()
    assert dialog.plan is None and all(not e.toPlainText() for e in dialog.fields.edits.values())


def test_editing_the_text_plans_again_before_anything_can_be_issued(
    qtbot: QtBot, context: AppContext, screen: LettersScreen,
) -> None:
    dialog = open_batch(qtbot, context, screen)
    dialog.fields.edits["recommendations"].setPlainText("")
    assert not dialog.issue_button.isEnabled()  # the plan shown no longer fits the text
    dialog.replan()
    wait_idle(qtbot, context)
    assert not any(line.startswith("Ready") for line in lines(dialog))
    assert any("The letter still needs: Recommendations." in line for line in lines(dialog))
    assert not dialog.issue_button.isEnabled()
