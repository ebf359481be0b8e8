"""A client's copy of their own record is logged as a disclosure to the client, clearly marked."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.letters.render import CLIENT_COPIES_NOTE
from practice.models.audit import AuditEntry
from practice.services import letters
from practice.services.letters import disclosures
from practice.services.letters.disclosures import (
    CLIENT_COPY_AUTHORITY,
    CLIENT_COPY_PURPOSE,
    what_was_disclosed,
)
from practice.services.record_access import export, export_record
from tests.core import factories as f
from tests.core.test_letters_builders import LETTER_DAY, PROSE, World, pdf_text

TODAY = date(2025, 3, 15)


def _letter_to_urology(sessions: sessionmaker[Session], world: World) -> None:
    """A letter issued under her release: a disclosure the accounting has to list anyway."""
    letters.issue_letter(sessions, letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key="urology",
        on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE))


def _one_line(text: str) -> str:
    # Table cells wrap; the words matter, not where a line broke.
    return " ".join(text.split())


def test_a_clients_record_export_is_logged_as_a_disclosure_to_the_client(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    done = export_record(sessions, world.client, today=TODAY, pdf_path=tmp_path / "copy.pdf",
                         json_path=tmp_path / "copy.json")

    (logged,) = disclosures.list_disclosures(sessions, world.client)
    assert logged.id == done.disclosure_id
    assert logged.copy_to_client and logged.release_id is None
    assert logged.recipient.provider_id is None and logged.letter_id is None
    assert logged.recipient.description == "Lucía"  # as the copy is addressed: her chosen name
    assert logged.disclosed_on == TODAY and logged.purpose == CLIENT_COPY_PURPOSE
    assert logged.scopes == {"attendance", "diagnosis", "progress"}
    assert what_was_disclosed(logged) == "Copy of the record: attendance; diagnosis; progress"
    assert disclosures.list_disclosures(sessions, world.partner) == ()
    with sessions() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "record.export")).one()
    assert json.loads(entry.detail)["disclosure_id"] == logged.id


def test_the_accounting_lists_the_copy_as_the_clients_own_beside_letters_under_a_release(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    _letter_to_urology(sessions, world)
    export_record(sessions, world.client, today=TODAY, pdf_path=tmp_path / "copy.pdf")

    text = _one_line(pdf_text(disclosures.disclosure_report(sessions, world.client,
                                                            today=TODAY)))
    for expected in (
        "Anna Kowalski, MD", "(by letter)", "Authorization signed January 2, 2025",
        "Copy of the record: attendance; diagnosis; progress", CLIENT_COPY_PURPOSE,
        CLIENT_COPY_AUTHORITY, _one_line(CLIENT_COPIES_NOTE),
    ):
        assert expected in text, expected


def test_an_accounting_without_copies_to_the_client_says_nothing_of_them(
    sessions: sessionmaker[Session], world: World,
) -> None:
    _letter_to_urology(sessions, world)
    text = _one_line(pdf_text(disclosures.disclosure_report(sessions, world.client,
                                                            today=TODAY)))
    assert "Copy of the record" not in text and CLIENT_COPY_AUTHORITY not in text


def test_the_next_copy_of_the_record_lists_the_copy_given_before(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
) -> None:
    export_record(sessions, world.client, today=TODAY, pdf_path=tmp_path / "first.pdf")
    assert "Copy of the record" not in _one_line(pdf_text((tmp_path / "first.pdf").read_bytes()))
    export_record(sessions, world.client, today=TODAY, pdf_path=tmp_path / "second.pdf")
    second = _one_line(pdf_text((tmp_path / "second.pdf").read_bytes()))
    assert "Copy of the record: attendance; diagnosis; progress" in second
    assert len(disclosures.list_disclosures(sessions, world.client)) == 2


def test_a_copy_of_a_record_without_sessions_notes_or_diagnoses_is_logged_too(
    sessions: sessionmaker[Session], tmp_path: Path,
) -> None:
    newcomer = f.client(sessions, "Robin Hale", "Rob")
    export_record(sessions, newcomer, today=TODAY, json_path=tmp_path / "copy.json")
    (logged,) = disclosures.list_disclosures(sessions, newcomer)
    assert logged.copy_to_client and logged.scopes == frozenset()
    assert logged.recipient.description == "Rob"
    assert what_was_disclosed(logged) == "Copy of the record: details, releases and letters only"


def test_a_copy_that_cannot_be_logged_is_not_left_behind(
    sessions: sessionmaker[Session], world: World, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full_disk(*_args: object, **_kwargs: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(export, "record_client_copy", full_disk)
    with pytest.raises(sqlite3.OperationalError):
        export_record(sessions, world.client, today=TODAY, pdf_path=out / "copy.pdf",
                      json_path=out / "copy.json")
    assert list(out.iterdir()) == []
    assert disclosures.list_disclosures(sessions, world.client) == ()
    with sessions() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "record.export")
                         ).first() is None
