"""Issuing a letter: the exact PDF and its disclosure record, committed together or not at all."""

from __future__ import annotations

import io
import json
import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import exc, func, select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.letters.errors import LetterError
from practice.models.audit import AuditEntry
from practice.models.letters import Disclosure, Letter
from practice.services import letters
from practice.services.letters import CcProvider, LetterDraft, disclosures, issue
from practice.store.store import Store
from tests.core.test_letters_builders import (
    LETTER_DAY,
    PARTNER_CHOSEN,
    PARTNER_LEGAL,
    PROSE,
    World,
    pdf_text,
    release,
)


@pytest.fixture
def draft(sessions: sessionmaker[Session], world: World) -> LetterDraft:
    return compose(sessions, world)


def compose(sessions: sessionmaker[Session], world: World, **kwargs: object) -> LetterDraft:
    options: dict[str, object] = {
        "client_id": world.client, "provider_id": world.urologist, "template_key": "urology",
        "on": LETTER_DAY, "use_legal_name": False, "extra_fields": PROSE, **kwargs,
    }
    return letters.compose_letter(sessions, **options)  # type: ignore[arg-type]


def _counts(sessions: sessionmaker[Session]) -> tuple[int, int, int]:
    with sessions() as s:
        return (s.scalar(select(func.count()).select_from(Letter)) or 0,
                s.scalar(select(func.count()).select_from(Disclosure)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_issuing_stores_the_pdf_and_logs_what_went_to_whom_and_why(
    sessions: sessionmaker[Session], world: World, draft: LetterDraft,
) -> None:
    issued = letters.issue_letter(sessions, draft)
    assert "Dear Dr. Kowalski:" in pdf_text(issued.pdf)
    (logged,) = disclosures.list_disclosures(sessions, world.client)
    assert logged.letter_id == issued.id
    assert logged.disclosed_on == LETTER_DAY
    assert logged.release_id == world.client_release
    assert logged.scopes == draft.scopes == {
        "attendance", "diagnosis", "treatment_summary", "progress", "recommendations"}
    assert logged.purpose == "Coordination of care with urology"
    assert logged.recipient.description == "Anna Kowalski, MD, Crescent City Urology"
    assert "Fax: (504) 555-0199" in logged.recipient.address


def test_an_issued_letter_reads_back_byte_for_byte(
    sessions: sessionmaker[Session], draft: LetterDraft,
) -> None:
    issued = letters.issue_letter(sessions, draft)
    again = letters.get_letter(sessions, issued.id)
    assert again.pdf == issued.pdf
    assert again.scopes == draft.scopes
    assert [s.id for s in letters.list_letters(sessions, draft.client_id)] == [issued.id]


def test_a_failure_between_the_letter_and_its_disclosure_leaves_neither(
    sessions: sessionmaker[Session], draft: LetterDraft, monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = _counts(sessions)

    def fail(session: Session, *_args: object, **_kwargs: object) -> int:
        assert session.scalar(select(func.count()).select_from(Letter)) == before[0] + 1
        raise OSError("disk went away")

    monkeypatch.setattr(issue, "record_disclosure", fail)
    with pytest.raises(OSError, match="disk went away"):
        letters.issue_letter(sessions, draft)
    assert _counts(sessions) == before


def test_the_store_refuses_a_raw_update_or_delete_of_an_issued_letter(
    store: Store, draft: LetterDraft,
) -> None:
    issued = letters.issue_letter(store.sessions, draft)
    for statement in (
        "UPDATE letters SET purpose = 'something else' WHERE id = ?",
        "UPDATE letters SET pdf = x'255044462d' WHERE id = ?",
        "DELETE FROM letters WHERE id = ?",
        "UPDATE disclosures SET scopes = 'risk' WHERE letter_id = ?",
        "DELETE FROM disclosures WHERE letter_id = ?",
    ):
        with pytest.raises(exc.DBAPIError, match="never changed"), store.engine.begin() as conn:
            conn.exec_driver_sql(statement, (issued.id,))
    assert letters.get_letter(store.sessions, issued.id).pdf == issued.pdf


def test_a_correction_supersedes_the_letter_and_both_stay(
    sessions: sessionmaker[Session], world: World, draft: LetterDraft,
) -> None:
    first = letters.issue_letter(sessions, draft)
    fixed = compose(sessions, world, extra_fields={**PROSE, "recommendations": "Corrected."})
    second = letters.issue_letter(sessions, fixed, supersedes_id=first.id)
    listed = {s.id: s for s in letters.list_letters(sessions, world.client)}
    assert listed[first.id].superseded_by == second.id
    assert listed[second.id].supersedes_id == first.id
    assert letters.get_letter(sessions, first.id).pdf == first.pdf
    assert len(disclosures.list_disclosures(sessions, world.client)) == 2  # both were sent
    with pytest.raises(ValidationError, match="already been corrected"):
        letters.issue_letter(sessions, fixed, supersedes_id=first.id)


def test_a_correction_is_about_the_same_client(
    sessions: sessionmaker[Session], world: World, draft: LetterDraft,
) -> None:
    first = letters.issue_letter(sessions, draft)
    release(sessions, world.partner, world.urologist)
    other = compose(sessions, world, client_id=world.partner, scopes={"attendance"},
                    include_joint=True)
    with pytest.raises(ValidationError, match="same client"):
        letters.issue_letter(sessions, other, supersedes_id=first.id)


def test_a_letter_with_joint_sessions_is_logged_as_a_disclosure_for_the_partner_too(
    sessions: sessionmaker[Session], world: World,
) -> None:
    partner_release = release(sessions, world.partner, world.urologist)
    issued = letters.issue_letter(sessions, compose(sessions, world, include_joint=True))
    (theirs,) = disclosures.list_disclosures(sessions, world.partner)
    assert theirs.letter_id == issued.id and theirs.release_id == partner_release


def test_a_copy_to_another_provider_is_logged_as_its_own_disclosure(
    sessions: sessionmaker[Session], world: World,
) -> None:
    physio_release = release(sessions, world.client, world.physio)
    letters.issue_letter(sessions, compose(sessions, world, cc=(CcProvider(world.physio),)))
    logged = disclosures.list_disclosures(sessions, world.client)
    assert {(d.recipient.provider_id, d.release_id) for d in logged} == {
        (world.urologist, world.client_release), (world.physio, physio_release)}


def test_the_audit_trail_records_the_letter_by_ids_only(
    sessions: sessionmaker[Session], draft: LetterDraft,
) -> None:
    issued = letters.issue_letter(sessions, draft)
    with sessions() as s:
        entries = s.execute(select(AuditEntry.action, AuditEntry.entity_id, AuditEntry.detail)
                            .where(AuditEntry.action.in_(("letter.issue", "disclosure.record")))
                            ).all()
    assert [e.action for e in entries] == ["disclosure.record", "letter.issue"]
    assert entries[1].entity_id == issued.id
    details = " ".join(e.detail for e in entries)
    for name in ("Lucía", "Ruiz", "Kowalski", PARTNER_CHOSEN, PARTNER_LEGAL, "urology"):
        assert name not in details
    assert json.loads(entries[1].detail)["release_id"] == draft.release_id


def test_export_writes_an_owner_only_file_encrypted_when_asked(
    sessions: sessionmaker[Session], draft: LetterDraft, tmp_path: Path,
) -> None:
    issued = letters.issue_letter(sessions, draft)
    plain, locked = tmp_path / "letter.pdf", tmp_path / "locked.pdf"
    letters.export_pdf(issued.pdf, plain, None)
    letters.export_pdf(issued.pdf, locked, "open sesame")
    assert plain.read_bytes() == issued.pdf
    for path in (plain, locked):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    reader = PdfReader(io.BytesIO(locked.read_bytes()))
    assert reader.is_encrypted
    assert "Dear Dr. Kowalski:" in pdf_text(locked.read_bytes(), "open sesame")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.pdf", "locked.pdf", "store"]


def test_export_refuses_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(LetterError, match="does not exist"):
        letters.export_pdf(b"%PDF-1.4", tmp_path / "missing" / "letter.pdf", None)


def test_a_letter_dated_earlier_is_logged_on_its_own_date(
    sessions: sessionmaker[Session], world: World,
) -> None:
    letters.issue_letter(sessions, compose(sessions, world, on=date(2025, 3, 4)))
    (logged,) = disclosures.list_disclosures(sessions, world.client)
    assert logged.disclosed_on == date(2025, 3, 4)
