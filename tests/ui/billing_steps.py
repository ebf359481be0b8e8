"""Steps shared by the billing screen tests: a practice ready to bill, sessions held, files."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from practice.schedule.model import Appointment, LocationKind, SessionKind
from practice.services.clients import ChannelSafety, ClientDetails, create_client
from practice.services.schedule import SessionRef, book, complete_session
from tests.ui.measures_steps import measures_of
from tests.ui.visible import open_tab
from ui.context import AppContext
from ui.screens.clients import ClientsScreen

TODAY = date.today()
SESSION_DAY = TODAY - timedelta(days=3)
FEE_FROM = TODAY - timedelta(days=30)
NPI = "1234567893"


def sessions_of(context: AppContext) -> sessionmaker[Session]:
    """The open store's sessionmaker."""
    assert context.store is not None
    return context.store.sessions


def billed_client(sessions: sessionmaker[Session], legal: str, chosen: str | None = None) -> int:
    """A client with a birth date and address, who takes post (a safe channel) at home."""
    return create_client(sessions, ClientDetails(
        legal_name=legal, chosen_name=chosen, date_of_birth=date(1985, 4, 12),
        address="12 Elm Street, Evanston, IL 60201"), on=FEE_FROM - timedelta(days=30),
        channels=(ChannelSafety("post", True, "legal"),)).id


def booked(sessions: sessionmaker[Session], unit_id: int, clients: frozenset[int], *,
           day: date = SESSION_DAY, kind: SessionKind = SessionKind.INDIVIDUAL,
           hour: int = 15) -> int:
    """A 50-minute office session on ``day`` (still scheduled)."""
    start = datetime.combine(day, time(hour, 0), tzinfo=UTC)
    stored = book(sessions, Appointment(unit_id, kind, start, "UTC", 50, LocationKind.OFFICE,
                                        clients)).appointment
    assert stored.id is not None
    return stored.id


def held(sessions: sessionmaker[Session], unit_id: int, clients: frozenset[int],
         **when: object) -> int:
    """A session booked and marked completed (charged by the core when it can be)."""
    appointment_id = booked(sessions, unit_id, clients, **when)  # type: ignore[arg-type]
    complete_session(sessions, SessionRef(appointment_id))
    return appointment_id


def billing_tab(qtbot: QtBot, context: AppContext, client_id: int) -> ClientsScreen:
    """The client's chart on show, on its Billing tab."""
    screen = measures_of(qtbot, context, client_id)
    open_tab(qtbot, screen, "Billing")
    return screen


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Answer every save-file dialog with ``path`` (offscreen it cannot be driven); its titles."""
    asked: list[str] = []

    def answer(_parent: object, title: str, *_args: object, **_kwargs: object) -> tuple[str, str]:
        asked.append(title)
        return str(path), "PDF files (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return asked


def cells(table: QTableView) -> list[list[str]]:
    """Every cell's words, row by row."""
    model = table.model()
    return [[str(model.data(model.index(r, c))) for c in range(model.columnCount())]
            for r in range(model.rowCount())]
