"""Recurring sessions in the real store: move one, cancel one, "this and following", end; notes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from practice.errors import ValidationError
from practice.schedule.conflicts import DoubleBooking
from practice.schedule.errors import HistoryKept
from practice.schedule.model import LocationKind, Series, SessionStatus
from practice.services import notes, schedule
from practice.services.notes import NoteHeader
from practice.services.schedule import SessionRef
from practice.services.schedule import series as schedule_series
from practice.services.schedule.series import SeriesChanges
from practice.store.store import Store
from tests.core.test_schedule_store import (
    LINK,
    Practice,
    local_times,
    session_at,
    set_up_practice,
    utc,
    weekly_from,
)

TUESDAYS = datetime(2027, 3, 2, 10)  # weekly on Tuesdays at 10:00 in Chicago
BEFORE = datetime(2027, 1, 4, 12, tzinfo=UTC)
MID_MARCH = datetime(2027, 3, 19, 12, tzinfo=UTC)  # 2, 9 and 16 March are past
SIGNER = "Dr. Ada Rivera, PhD, LMFT"


@pytest.fixture
def practice(store: Store) -> Practice:
    return set_up_practice(store)


@pytest.fixture
def tuesdays(practice: Practice) -> Series:
    made = schedule_series.create_series(practice.sessions, weekly_from(practice.ana_alone,
                                                                        TUESDAYS), now_utc=BEFORE)
    return made.series


def march(practice: Practice) -> list[str]:
    return local_times(schedule.week_view(practice.sessions, utc(2027, 3, 1), utc(2027, 4, 1)))


def test_moving_one_session_leaves_the_rest_of_the_series_in_place(
    practice: Practice, tuesdays: Series,
) -> None:
    assert tuesdays.id is not None
    moved = schedule_series.move_occurrence(practice.sessions, tuesdays.id,
                                            datetime(2027, 3, 16, 10), utc(2027, 3, 17, 20))
    assert moved.appointment.recurrence_id == datetime(2027, 3, 16, 10)
    assert march(practice) == ["03-02 10:00", "03-09 10:00", "03-17 15:00", "03-23 10:00",
                               "03-30 10:00"]
    # Moving it again moves the same row, not a second one.
    again = schedule.move_session(practice.sessions, moved.appointment, utc(2027, 3, 18, 20))
    assert again.appointment.id == moved.appointment.id
    assert march(practice)[2] == "03-18 15:00"


def test_a_session_cannot_be_moved_onto_another(practice: Practice, tuesdays: Series) -> None:
    assert tuesdays.id is not None
    schedule.book(practice.sessions, session_at(practice.cleo_alone, utc(2027, 3, 17, 20)))
    with pytest.raises(DoubleBooking, match="Wed 17 Mar 2027 15:00–15:50 CDT"):
        schedule_series.move_occurrence(practice.sessions, tuesdays.id,
                                        datetime(2027, 3, 16, 10), utc(2027, 3, 17, 20, 20))
    # Nor onto another session of its own series.
    with pytest.raises(DoubleBooking):
        schedule_series.move_occurrence(practice.sessions, tuesdays.id,
                                        datetime(2027, 3, 16, 10), utc(2027, 3, 23, 15, 30))
    assert march(practice)[2] == "03-16 10:00"


def test_this_and_following_moves_the_rest_of_the_series_and_keeps_the_past(
    practice: Practice, tuesdays: Series,
) -> None:
    assert tuesdays.id is not None
    done = schedule.complete_session(
        practice.sessions, SessionRef(None, tuesdays.id, datetime(2027, 3, 9, 10)),
        now_utc=MID_MARCH)
    moved = schedule_series.move_occurrence(practice.sessions, tuesdays.id,
                                            datetime(2027, 4, 13, 10), utc(2027, 4, 15, 20))
    split = schedule_series.change_following(
        practice.sessions, tuesdays.id, datetime(2027, 3, 23, 10),
        new_first_start_local=datetime(2027, 3, 23, 14),
        changes=SeriesChanges(location=LocationKind.TELEHEALTH, video_link=LINK),
        now_utc=MID_MARCH)
    following = split.series
    assert following.id not in (None, tuesdays.id)
    assert following.location is LocationKind.TELEHEALTH
    earlier = schedule_series.get_series(practice.sessions, tuesdays.id)
    assert earlier.ends_before_local == datetime(2027, 3, 23, 10)
    april = schedule.week_view(practice.sessions, utc(2027, 4, 1), utc(2027, 5, 1))
    assert local_times(april) == ["04-06 14:00", "04-15 15:00", "04-20 14:00", "04-27 14:00"]
    assert {s.series_id for s in april} == {following.id}
    # The moved row follows the new part, keeps its own time, and takes on the change.
    [row] = [s for s in april if s.id == moved.appointment.id]
    assert row.recurrence_id == datetime(2027, 4, 13, 14)
    assert row.location is LocationKind.TELEHEALTH
    # The past stays: the completed session is still at 10:00, with the old series.
    assert march(practice) == ["03-02 10:00", "03-09 10:00", "03-16 10:00", "03-23 14:00",
                               "03-30 14:00"]
    assert schedule.get_session(practice.sessions, done).series_id == tuesdays.id


def test_this_and_following_cannot_start_from_a_session_that_has_begun(
    practice: Practice, tuesdays: Series,
) -> None:
    assert tuesdays.id is not None
    with pytest.raises(HistoryKept):
        schedule_series.change_following(practice.sessions, tuesdays.id,
                                         datetime(2027, 3, 16, 10), now_utc=MID_MARCH)


def test_cancelling_one_session_takes_it_out_of_the_series(
    practice: Practice, tuesdays: Series,
) -> None:
    assert tuesdays.id is not None
    schedule_series.cancel_occurrence(practice.sessions, tuesdays.id, datetime(2027, 3, 23, 10),
                                      now_utc=MID_MARCH)
    assert march(practice) == ["03-02 10:00", "03-09 10:00", "03-16 10:00", "03-30 10:00"]
    stored = schedule_series.get_series(practice.sessions, tuesdays.id)
    assert stored.exdates_local == {datetime(2027, 3, 23, 10)}
    with pytest.raises(HistoryKept):
        schedule_series.cancel_occurrence(practice.sessions, tuesdays.id,
                                          datetime(2027, 3, 16, 10), now_utc=MID_MARCH)


def test_a_cancellation_with_a_reason_keeps_the_session_as_cancelled(
    practice: Practice, tuesdays: Series,
) -> None:
    assert tuesdays.id is not None
    ref = SessionRef(None, tuesdays.id, datetime(2027, 3, 23, 10))
    cancelled = schedule.set_session_status(practice.sessions, ref, SessionStatus.CANCELLED,
                                            "Client unwell")
    week = schedule.week_view(practice.sessions, utc(2027, 3, 22), utc(2027, 3, 29))
    assert [(s.id, s.status, s.status_reason) for s in week] == [
        (cancelled.id, SessionStatus.CANCELLED, "Client unwell")]
    # The freed hour can be booked; putting the session back is then refused.
    schedule.book(practice.sessions, session_at(practice.cleo_alone, utc(2027, 3, 23, 15)))
    with pytest.raises(DoubleBooking):
        schedule.set_session_status(practice.sessions, cancelled, SessionStatus.SCHEDULED)


def _signed_note_for(practice: Practice, appointment_id: int, day: date) -> int:
    note = notes.start_note(practice.sessions, practice.ana_alone,
                            NoteHeader(day, "free", appointment_id=appointment_id),
                            today=date(2030, 1, 1))
    notes.save_draft(practice.sessions, note.id, {"body": "Explored sensate focus."})
    return notes.sign_note(practice.sessions, note.id, signed_by=SIGNER).id


def test_ending_a_series_keeps_past_sessions_and_their_notes(
    practice: Practice, tuesdays: Series,
) -> None:
    assert tuesdays.id is not None
    done = schedule.complete_session(
        practice.sessions, SessionRef(None, tuesdays.id, datetime(2027, 3, 9, 10)),
        now_utc=MID_MARCH)
    assert done.id is not None
    note_id = _signed_note_for(practice, done.id, date(2027, 3, 9))
    coming = schedule_series.move_occurrence(practice.sessions, tuesdays.id,
                                             datetime(2027, 4, 6, 10), utc(2027, 4, 7, 15))
    ended = schedule_series.end_series(practice.sessions, tuesdays.id, now_utc=MID_MARCH)
    assert ended.ends_before_local == datetime(2027, 3, 23, 10)
    assert march(practice) == ["03-02 10:00", "03-09 10:00", "03-16 10:00"]
    assert schedule.week_view(practice.sessions, utc(2027, 4, 1), utc(2027, 6, 1)) == []
    kept = schedule.get_session(practice.sessions, done)
    assert (kept.id, kept.status) == (done.id, SessionStatus.COMPLETED)
    assert notes.get_note(practice.sessions, note_id).header.appointment_id == done.id
    with pytest.raises(Exception, match="No appointment"):
        schedule.get_session(practice.sessions, coming.appointment)


def test_completing_a_session_lists_it_as_due_until_its_note_is_signed(
    practice: Practice, tuesdays: Series,
) -> None:
    assert tuesdays.id is not None
    ref = SessionRef(None, tuesdays.id, datetime(2027, 3, 9, 10))
    done = schedule.complete_session(practice.sessions, ref, now_utc=MID_MARCH)
    assert done.id is not None and done.status is SessionStatus.COMPLETED
    [due] = schedule.notes_due(practice.sessions, today=date(2027, 3, 19))
    assert (due.appointment.id, due.draft_note_id) == (done.id, None)
    assert schedule.notes_due(practice.sessions, today=date(2027, 3, 8)) == []
    draft = notes.start_note(practice.sessions, practice.ana_alone,
                             NoteHeader(date(2027, 3, 9), "free", appointment_id=done.id),
                             today=date(2030, 1, 1))
    [due] = schedule.notes_due(practice.sessions, today=date(2027, 3, 19))
    assert due.draft_note_id == draft.id
    notes.save_draft(practice.sessions, draft.id, {"body": "Discussed the week."})
    notes.sign_note(practice.sessions, draft.id, signed_by=SIGNER)
    assert schedule.notes_due(practice.sessions, today=date(2027, 3, 19)) == []


def test_a_session_that_has_not_started_cannot_be_completed(
    practice: Practice, tuesdays: Series,
) -> None:
    assert tuesdays.id is not None
    ref = SessionRef(None, tuesdays.id, datetime(2027, 3, 23, 10))
    with pytest.raises(ValidationError, match="has not started"):
        schedule.complete_session(practice.sessions, ref, now_utc=MID_MARCH)
    late = MID_MARCH + timedelta(days=5)
    assert schedule.complete_session(practice.sessions, ref, now_utc=late).id is not None
