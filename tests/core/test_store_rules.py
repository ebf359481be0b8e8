"""The store's own rules, checked by writing SQL past the services."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, exc
from sqlalchemy.orm import Session, sessionmaker

from practice.models.ddl import FTS_SOURCES, STORE_DDL
from practice.services import notes, releases
from practice.services.releases import ReleaseDetails
from tests.core import factories as f


def _sql(engine: Engine, statement: str, *params: object) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql(statement, params)


def _refused(engine: Engine, statement: str, *params: object) -> str:
    with pytest.raises(exc.IntegrityError) as caught:
        _sql(engine, statement, *params)
    return str(caught.value.orig)


@pytest.fixture
def signed_note(sessions: sessionmaker[Session]) -> notes.NoteView:
    ana, ben = f.client(sessions, "Ana"), f.client(sessions, "Ben")
    unit_id = f.unit(sessions, "couple", ana, ben)
    note = f.draft(sessions, unit_id)
    notes.set_codes(sessions, note.id, diagnoses=[(ana, "F52.6")], procedures=["90847"])
    return notes.sign_note(sessions, note.id, signed_by="Dr. R")


def test_a_signed_note_refuses_an_update_through_raw_sql(
    engine: Engine, signed_note: notes.NoteView,
) -> None:
    for statement in (
        "UPDATE progress_notes SET session_date = '2020-01-01' WHERE id = ?",
        "UPDATE progress_notes SET status = 'draft', signed_at = NULL, signed_by = NULL, "
        "content_hash = NULL WHERE id = ?",
    ):
        assert "signed note" in _refused(engine, statement, signed_note.id)


def test_a_signed_note_refuses_a_delete_through_raw_sql(
    engine: Engine, signed_note: notes.NoteView,
) -> None:
    _refused(engine, "DELETE FROM progress_notes WHERE id = ?", signed_note.id)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE note_sections SET body = 'rewritten' WHERE note_id = ?",
        "DELETE FROM note_sections WHERE note_id = ?",
        "INSERT INTO note_sections (note_id, key, body, search_text) VALUES (?, 'risk', 'x', 'x')",
        "DELETE FROM note_attendees WHERE note_id = ?",
        "INSERT INTO note_attendees (note_id, client_id) VALUES (?, 99)",
        "UPDATE note_diagnoses SET code = 'F52.0' WHERE note_id = ?",
        "DELETE FROM note_diagnoses WHERE note_id = ?",
        "UPDATE note_procedures SET code = '90834' WHERE note_id = ?",
        "DELETE FROM note_procedures WHERE note_id = ?",
        "INSERT INTO note_procedures (note_id, code, position) VALUES (?, '90785', 1)",
    ],
)
def test_the_parts_of_a_signed_note_refuse_raw_changes(
    engine: Engine, signed_note: notes.NoteView, statement: str,
) -> None:
    assert "signed note" in _refused(engine, statement, signed_note.id)


def test_a_section_cannot_be_moved_onto_a_signed_note(
    sessions: sessionmaker[Session], engine: Engine, signed_note: notes.NoteView,
) -> None:
    other = f.draft(sessions, signed_note.unit_id, text="draft text")
    _refused(engine, "UPDATE note_sections SET note_id = ? WHERE note_id = ?",
             signed_note.id, other.id)


def test_a_draft_can_still_be_edited_through_sql(
    sessions: sessionmaker[Session], engine: Engine, signed_note: notes.NoteView,
) -> None:
    other = f.draft(sessions, signed_note.unit_id, text="draft text")
    _sql(engine, "UPDATE note_sections SET body = 'edited' WHERE note_id = ?", other.id)
    assert notes.get_note(sessions, other.id).section("body") == "edited"


def test_an_addendum_cannot_be_added_to_a_draft_through_sql(
    sessions: sessionmaker[Session], engine: Engine, signed_note: notes.NoteView,
) -> None:
    other = f.draft(sessions, signed_note.unit_id)
    message = _refused(
        engine, "INSERT INTO addenda (note_id, status, body, search_text, created_at, "
        "updated_at) VALUES (?, 'draft', 'x', 'x', '2025-01-01', '2025-01-01')", other.id)
    assert "signed note" in message


def test_a_signed_addendum_refuses_raw_changes(
    sessions: sessionmaker[Session], engine: Engine, signed_note: notes.NoteView,
) -> None:
    addendum = notes.add_addendum(sessions, signed_note.id, "Correction.", signed_by="Dr. R")
    for statement in ("UPDATE addenda SET body = 'changed' WHERE id = ?",
                      "UPDATE addenda SET status = 'draft' WHERE id = ?",
                      "DELETE FROM addenda WHERE id = ?"):
        assert "signed addendum" in _refused(engine, statement, addendum.id)


def test_a_couple_refuses_a_third_current_member_through_sql(
    sessions: sessionmaker[Session], engine: Engine,
) -> None:
    ana, ben, cy = (f.client(sessions, n) for n in ("Ana", "Ben", "Cy"))
    couple = f.unit(sessions, "couple", ana, ben)
    _refused(engine, "INSERT INTO unit_members (unit_id, client_id, joined_on) "
             "VALUES (?, ?, '2025-02-01')", couple, cy)
    _refused(engine, "UPDATE care_units SET kind = 'individual' WHERE id = ?", couple)
    # A former member may be recorded: history is not a current member.
    _sql(engine, "INSERT INTO unit_members (unit_id, client_id, joined_on, left_on) "
         "VALUES (?, ?, '2025-01-06', '2025-01-20')", couple, cy)


def test_the_store_refuses_a_metamour_edge(sessions: sessionmaker[Session], engine: Engine) -> None:
    ana, ben = f.client(sessions, "Ana"), f.client(sessions, "Ben")
    message = _refused(engine, "INSERT INTO relationships (person_a_id, person_b_id, kind) "
                       "VALUES (?, ?, 'metamour')", ana, ben)
    assert "CHECK" in message


def test_a_release_is_never_edited_only_revoked(
    sessions: sessionmaker[Session], engine: Engine,
) -> None:
    client_id = f.client(sessions, "Ana")
    release = releases.record_release(sessions, ReleaseDetails(
        client_id, "Coordinate care", date(2025, 1, 1), date(2026, 1, 1),
        frozenset({"attendance"}), provider_id=f.provider(sessions)), today=date(2025, 3, 1))
    _refused(engine, "UPDATE releases SET expires_on = '2030-01-01' WHERE id = ?", release.id)
    _sql(engine, "UPDATE releases SET revoked_on = '2025-02-01' WHERE id = ?", release.id)
    _refused(engine, "UPDATE releases SET revoked_on = NULL WHERE id = ?", release.id)


def test_the_search_indexes_follow_every_write(
    sessions: sessionmaker[Session], engine: Engine, signed_note: notes.NoteView,
) -> None:
    other = f.draft(sessions, signed_note.unit_id, text="draft text")
    notes.save_draft(sessions, other.id, {"body": "changed text"})
    notes.delete_draft(sessions, other.id)
    notes.add_addendum(sessions, signed_note.id, "Correction.", signed_by="Dr. R")
    for fts, _source in FTS_SOURCES:
        _sql(engine, f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")


def test_the_store_ddl_calls_no_application_function() -> None:
    """Raw SQL from any tool (or an older app) must meet the same triggers."""
    for statement in STORE_DDL:
        for name in ("fold(", "index_text(", "sort_key("):
            assert name not in statement
