"""Progress notes: drafts, signing with a hash, addenda, attendees and codes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import NotFound, SignedNoteImmutable, ValidationError
from practice.models.audit import AuditEntry
from practice.services import notes
from practice.services.notes import NoteHeader, NoteNotSigned
from practice.services.notes.hashing import canonical_note, sha256_hex
from tests.core import factories as f

SIGNER = "Dr. Ada Rivera, PhD, LMFT"


@pytest.fixture
def couple(sessions: sessionmaker[Session]) -> tuple[int, int, int]:
    ana, ben = f.client(sessions, "Ana Ruiz"), f.client(sessions, "Ben Cole")
    return f.unit(sessions, "couple", ana, ben), ana, ben


def test_a_new_note_lists_every_member_as_attending_by_default(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, ana, ben = couple
    note = f.draft(sessions, unit_id)
    assert {a.client_id for a in note.attendees} == {ana, ben}
    assert note.is_joint and not note.is_signed


def test_an_attendee_must_be_a_member_on_the_session_date(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, _ana, _ben = couple
    stranger = f.client(sessions, "Cy")
    with pytest.raises(ValidationError, match="member of the unit"):
        f.draft(sessions, unit_id, attendees=[stranger])
    with pytest.raises(ValidationError, match="member of the unit"):
        f.draft(sessions, unit_id, day=date(2024, 12, 1))


def test_sections_follow_the_note_format(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, _ana, _ben = couple
    note = f.draft(sessions, unit_id, fmt="soap", text="Reports less pain.")
    notes.save_draft(sessions, note.id, {"plan": "Dilator practice.", "risk": "None noted."})
    view = notes.get_note(sessions, note.id)
    assert [s.key for s in view.sections] == ["subjective", "plan", "risk"]
    assert view.section("plan") == "Dilator practice."
    with pytest.raises(ValidationError, match="no such section"):
        notes.save_draft(sessions, note.id, {"data": "DAP only"})


def test_saving_a_draft_again_replaces_the_section_text(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, _ana, _ben = couple
    note = f.draft(sessions, unit_id, text="first")
    for text in ("first words", "first words and", "first words and more"):
        notes.save_draft(sessions, note.id, {"body": text})
    assert notes.get_note(sessions, note.id).section("body") == "first words and more"


def test_a_run_of_draft_saves_leaves_one_audit_entry(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, _ana, _ben = couple
    note = notes.start_note(sessions, unit_id, NoteHeader(f.SESSION_DAY, "free"),
                            today=date(2025, 12, 31))
    for i in range(5):
        notes.save_draft(sessions, note.id, {"body": "x" * i})
    with sessions.begin() as s:
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
    assert actions.count("note.draft_save") == 1


def test_signing_records_who_when_and_a_hash_of_the_content(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, ana, _ben = couple
    note = f.draft(sessions, unit_id, text="Discussed discordant desire.")
    notes.set_codes(sessions, note.id, diagnoses=[(ana, "f52.0")], procedures=["90847"])
    when = datetime(2025, 3, 10, 18, 30, tzinfo=UTC)
    signed = notes.sign_note(sessions, note.id, signed_by=SIGNER, now=when)
    assert signed.signature is not None
    assert (signed.signature.signed_by, signed.signature.signed_at) == (SIGNER, when)
    expected = sha256_hex(canonical_note(
        note_id=note.id, unit_id=unit_id, session_date=f.SESSION_DAY, appointment_id=None,
        note_format="free", risk_level=None, sections={"body": "Discussed discordant desire."},
        attendee_ids=[a.client_id for a in note.attendees], diagnoses=[(ana, "F52.0", 0)],
        procedures=[("90847", 0)], signed_by=SIGNER, signed_at=when))
    assert signed.signature.content_hash == expected
    assert notes.verify_note(sessions, note.id)


def test_a_signed_note_cannot_be_changed_through_the_services(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, ana, _ben = couple
    note = f.signed(sessions, unit_id)
    attempts = [
        lambda: notes.save_draft(sessions, note.id, {"body": "rewritten"}),
        lambda: notes.set_attendees(sessions, note.id, [ana]),
        lambda: notes.set_codes(sessions, note.id, procedures=["90834"]),
        lambda: notes.update_header(sessions, note.id, NoteHeader(f.SESSION_DAY, "soap")),
        lambda: notes.delete_draft(sessions, note.id),
        lambda: notes.sign_note(sessions, note.id, signed_by=SIGNER),
    ]
    for attempt in attempts:
        with pytest.raises(SignedNoteImmutable):
            attempt()
    assert notes.get_note(sessions, note.id) == note
    assert notes.verify_note(sessions, note.id)


def test_an_empty_note_cannot_be_signed(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, _ana, _ben = couple
    note = f.draft(sessions, unit_id, text="   ")
    with pytest.raises(ValidationError, match="some text"):
        notes.sign_note(sessions, note.id, signed_by=SIGNER)
    assert not notes.get_note(sessions, note.id).is_signed


def test_corrections_are_addenda_shown_with_the_original(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, _ana, _ben = couple
    note = f.signed(sessions, unit_id, text="Session was 50 minutes.")
    notes.add_addendum(sessions, note.id, "Correction: the session was 45 minutes.",
                       signed_by=SIGNER)
    view = notes.get_note(sessions, note.id)
    assert view.section("body") == "Session was 50 minutes."
    assert [a.body for a in view.addenda] == ["Correction: the session was 45 minutes."]
    assert view.addenda[0].is_signed
    assert notes.verify_note(sessions, note.id)


def test_an_addendum_to_a_draft_is_refused(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, _ana, _ben = couple
    note = f.draft(sessions, unit_id)
    with pytest.raises(NoteNotSigned, match="draft can still be edited"):
        notes.add_addendum(sessions, note.id, "fix", signed_by=SIGNER)
    with pytest.raises(NoteNotSigned):
        notes.start_addendum(sessions, note.id)


def test_a_draft_addendum_is_saved_then_signed_then_fixed(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, _ana, _ben = couple
    note = f.signed(sessions, unit_id)
    addendum = notes.start_addendum(sessions, note.id)
    notes.save_addendum_draft(sessions, addendum.id, "Late entry: client called.")
    signed = notes.sign_addendum(sessions, addendum.id, signed_by=SIGNER)
    assert signed.signature is not None and signed.body == "Late entry: client called."
    with pytest.raises(SignedNoteImmutable):
        notes.save_addendum_draft(sessions, addendum.id, "changed")
    with pytest.raises(SignedNoteImmutable):
        notes.delete_addendum_draft(sessions, addendum.id)


def test_a_diagnosis_belongs_to_one_attendee(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, ana, ben = couple
    note = f.draft(sessions, unit_id)
    view = notes.set_codes(sessions, note.id, diagnoses=[(ana, "F52.6"), (ben, "Z63.0")])
    assert [(d.client_id, d.code) for d in view.diagnoses] == sorted(
        [(ana, "F52.6"), (ben, "Z63.0")])
    assert view.diagnoses[0].description is not None
    only_ana = notes.set_attendees(sessions, note.id, [ana])
    assert [(d.client_id, d.code) for d in only_ana.diagnoses] == [(ana, "F52.6")]
    with pytest.raises(ValidationError, match="attended"):
        notes.set_codes(sessions, note.id, diagnoses=[(ben, "Z63.0")])


@pytest.mark.parametrize("code", ["52.21", "FF2.1", "F52.12345", "hello"])
def test_a_malformed_diagnosis_code_is_refused(
    sessions: sessionmaker[Session], couple: tuple[int, int, int], code: str,
) -> None:
    unit_id, ana, _ben = couple
    note = f.draft(sessions, unit_id)
    with pytest.raises(ValidationError, match="ICD-10-CM"):
        notes.set_codes(sessions, note.id, diagnoses=[(ana, code)])


def test_changing_format_refuses_to_drop_written_sections(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, _ana, _ben = couple
    note = f.draft(sessions, unit_id, fmt="soap", text="Subjective text")
    with pytest.raises(ValidationError, match="clear them first"):
        notes.update_header(sessions, note.id, NoteHeader(f.SESSION_DAY, "dap"))
    notes.save_draft(sessions, note.id, {"subjective": ""})
    view = notes.update_header(sessions, note.id, NoteHeader(f.SESSION_DAY, "dap", "low"))
    assert view.header.format == "dap" and view.header.risk_level == "low"
    assert view.sections == ()


def test_a_draft_can_be_thrown_away(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, ana, _ben = couple
    note = f.draft(sessions, unit_id)
    notes.set_codes(sessions, note.id, diagnoses=[(ana, "F52.6")], procedures=["90847"])
    notes.delete_draft(sessions, note.id)
    with pytest.raises(NotFound):
        notes.get_note(sessions, note.id)


def test_notes_are_listed_newest_first_per_unit_or_attendee(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, ana, ben = couple
    solo = f.unit(sessions, "individual", ana)
    older = f.signed(sessions, unit_id, day=date(2025, 2, 1))
    newer = f.draft(sessions, unit_id, day=date(2025, 3, 1))
    alone = f.draft(sessions, solo, day=date(2025, 3, 2))
    assert [n.id for n in notes.list_notes(sessions, unit_id=unit_id)] == [newer.id, older.id]
    assert [n.id for n in notes.list_notes(sessions, client_id=ana)] == [
        alone.id, newer.id, older.id]
    assert [n.id for n in notes.list_notes(sessions, client_id=ben)] == [newer.id, older.id]


def test_a_future_session_date_is_refused(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, _ana, _ben = couple
    with pytest.raises(ValidationError, match="future"):
        notes.start_note(sessions, unit_id, NoteHeader(date(2025, 4, 1), "free"),
                         today=date(2025, 3, 1))


def test_a_failed_change_leaves_nothing_half_done(
    sessions: sessionmaker[Session], couple: tuple[int, int, int],
) -> None:
    unit_id, ana, _ben = couple
    note = f.draft(sessions, unit_id)
    notes.set_codes(sessions, note.id, diagnoses=[(ana, "F52.6")], procedures=["90847"])
    with pytest.raises(ValidationError):
        notes.set_codes(sessions, note.id, diagnoses=[(ana, "F52.0")], procedures=["bad"])
    view = notes.get_note(sessions, note.id)
    assert [d.code for d in view.diagnoses] == ["F52.6"]
    assert [p.code for p in view.procedures] == ["90847"]
