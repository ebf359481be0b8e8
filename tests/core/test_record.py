"""What a letter may use about one client: their share of the record, nothing more."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from practice.services import notes, psychotherapy, releases
from practice.services.letters.disclosable import disclosable_record
from practice.services.releases import DisclosureRefused, ReleaseDetails, Scope
from tests.core import factories as f

TODAY = date(2025, 3, 14)
EVERYTHING: frozenset[Scope] = frozenset(releases.SCOPES)


@pytest.fixture
def practice(sessions: sessionmaker[Session]) -> dict[str, int]:
    ana, ben = f.client(sessions, "Ana Ruiz"), f.client(sessions, "Ben Cole")
    urologist = f.provider(sessions)
    solo, couple = f.unit(sessions, "individual", ana), f.unit(sessions, "couple", ana, ben)
    alone = f.draft(sessions, solo, fmt="soap", text="Ana reports pain.", day=date(2025, 2, 3))
    notes.save_draft(sessions, alone.id, {"risk": "No risk indicators.", "plan": "Dilators."})
    notes.set_codes(sessions, alone.id, diagnoses=[(ana, "F52.6")], procedures=["90834"])
    notes.sign_note(sessions, alone.id, signed_by="Dr. R")
    joint = f.draft(sessions, couple, text="Ben spoke of his own history.", day=date(2025, 2, 10))
    notes.set_codes(sessions, joint.id, diagnoses=[(ana, "Z63.0"), (ben, "F52.21")])
    notes.sign_note(sessions, joint.id, signed_by="Dr. R")
    f.draft(sessions, solo, text="Unsigned thoughts", day=date(2025, 2, 17))
    psychotherapy.create_psychotherapy_note(sessions, solo, date(2025, 2, 3), "Private hunch")
    releases.record_release(sessions, ReleaseDetails(
        ana, "Coordinate care", date(2025, 1, 2), date(2026, 1, 2), EVERYTHING,
        provider_id=urologist), today=TODAY)
    return {"ana": ana, "ben": ben, "urologist": urologist, "joint": joint.id}


def test_no_release_no_record(sessions: sessionmaker[Session], practice: dict[str, int]) -> None:
    with sessions.begin() as s, pytest.raises(DisclosureRefused):
        disclosable_record(s, practice["ben"], practice["urologist"], TODAY, {"attendance"})


def test_joint_sessions_are_left_out_unless_asked_for(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    with sessions.begin() as s:
        record = disclosable_record(s, practice["ana"], practice["urologist"], TODAY, EVERYTHING)
    assert [n.session_date for n in record.notes] == [date(2025, 2, 3)]
    assert "Ben" not in repr(record)


def test_a_joint_session_needs_the_other_members_release_too(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    with sessions.begin() as s, pytest.raises(DisclosureRefused) as caught:
        disclosable_record(s, practice["ana"], practice["urologist"], TODAY, EVERYTHING,
                           include_joint=True)
    assert caught.value.decision.members_without_release == (practice["ben"],)


def test_a_joint_note_carries_only_the_clients_own_diagnoses_and_no_other_name(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    releases.record_release(sessions, ReleaseDetails(
        practice["ben"], "Coordinate care", date(2025, 1, 2), date(2026, 1, 2), EVERYTHING,
        provider_id=practice["urologist"]), today=TODAY)
    with sessions.begin() as s:
        record = disclosable_record(s, practice["ana"], practice["urologist"], TODAY,
                                    {"diagnosis"}, include_joint=True)
    assert {d.code for d in record.diagnoses} == {"F52.6", "Z63.0"}
    joint = next(n for n in record.notes if n.joint)
    assert joint.other_attendees == 1 and joint.sections == ()
    assert "Cole" not in repr(record)


def test_drafts_and_psychotherapy_notes_never_reach_a_letter(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    with sessions.begin() as s:
        record = disclosable_record(s, practice["ana"], practice["urologist"], TODAY, EVERYTHING)
    assert "Unsigned thoughts" not in repr(record)
    assert "Private hunch" not in repr(record)


def test_the_risk_section_needs_the_risk_scope(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    with sessions.begin() as s:
        record = disclosable_record(s, practice["ana"], practice["urologist"], TODAY,
                                    {"progress"})
    assert [sec.key for sec in record.notes[0].sections] == ["subjective", "plan"]
    assert record.diagnoses == () and record.sessions_attended == ()
