"""Series with exceptions: moving, cancelling, ending and changing "this and following"."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from practice.errors import ValidationError
from practice.schedule.edits import (
    cancel_occurrence,
    carry_over_rows,
    end_series,
    materialise,
    move_occurrence,
    orphaned_rows,
    restore_occurrence,
    set_occurrence_status,
    split_series,
)
from practice.schedule.errors import HistoryKept, NotAnOccurrence
from practice.schedule.model import Appointment, LocationKind, Series, SessionStatus
from practice.schedule.recurrence import is_occurrence, occurrence, sessions_between
from practice.schedule.timezones import in_zone
from tests.schedule.builders import CHICAGO, LINK, utc, weekly

TUESDAYS = weekly(datetime(2026, 3, 3, 10), CHICAGO, series_id=1)
BEFORE_IT_ALL = utc(2026, 2, 1)
MID_MARCH = utc(2026, 3, 20, 12)  # a Friday: 3, 10 and 17 March are past


def _local(sessions: list[Appointment]) -> list[str]:
    return [f"{in_zone(s.start_utc, CHICAGO):%m-%d %H:%M}" for s in sessions]


def _march(series: list[Series], rows: list[Appointment]) -> list[str]:
    return _local(sessions_between(series, rows, utc(2026, 3, 1), utc(2026, 4, 1)))


def _row(appointment: Appointment, row_id: int) -> Appointment:
    return replace(appointment, id=row_id)


def test_moving_one_session_leaves_the_others_in_place() -> None:
    moved = move_occurrence(TUESDAYS, datetime(2026, 3, 17, 10), utc(2026, 3, 18, 20))
    assert moved.recurrence_id == datetime(2026, 3, 17, 10)
    assert _march([TUESDAYS], [_row(moved, 50)]) == [
        "03-03 10:00", "03-10 10:00", "03-18 15:00", "03-24 10:00", "03-31 10:00",
    ]  # fmt: skip


def test_a_session_moved_out_of_the_week_leaves_no_copy_behind() -> None:
    moved = _row(move_occurrence(TUESDAYS, datetime(2026, 3, 17, 10), utc(2026, 3, 26, 15)), 50)
    week = sessions_between([TUESDAYS], [moved], utc(2026, 3, 16), utc(2026, 3, 23))
    assert week == []


def test_a_session_moved_into_the_week_from_another_shows_there() -> None:
    moved = _row(move_occurrence(TUESDAYS, datetime(2026, 3, 24, 10), utc(2026, 3, 19, 15)), 50)
    week = sessions_between([TUESDAYS], [moved], utc(2026, 3, 16), utc(2026, 3, 23))
    assert _local(week) == ["03-17 10:00", "03-19 10:00"]
    assert week[1].id == 50


def test_cancelling_one_session_takes_it_out_of_the_series() -> None:
    skipped = cancel_occurrence(TUESDAYS, datetime(2026, 3, 17, 10), now_utc=BEFORE_IT_ALL)
    assert skipped.exdates_local == {datetime(2026, 3, 17, 10)}
    assert "03-17 10:00" not in _march([skipped], [])
    assert not is_occurrence(skipped, datetime(2026, 3, 17, 10))
    restored = restore_occurrence(skipped, datetime(2026, 3, 17, 10))
    assert "03-17 10:00" in _march([restored], [])


def test_a_session_that_has_started_cannot_be_taken_out_of_the_series() -> None:
    with pytest.raises(HistoryKept, match="keep their history"):
        cancel_occurrence(TUESDAYS, datetime(2026, 3, 17, 10), now_utc=MID_MARCH)


def test_a_time_the_series_does_not_hold_cannot_be_cancelled() -> None:
    with pytest.raises(NotAnOccurrence):
        cancel_occurrence(TUESDAYS, datetime(2026, 3, 18, 10), now_utc=BEFORE_IT_ALL)
    with pytest.raises(NotAnOccurrence):
        occurrence(TUESDAYS, datetime(2026, 3, 17, 11))


def test_a_late_cancellation_is_kept_as_a_row_with_its_reason() -> None:
    row = set_occurrence_status(
        TUESDAYS, datetime(2026, 3, 10, 10), SessionStatus.LATE_CANCEL, "called at 9:40"
    )
    shown = sessions_between([TUESDAYS], [_row(row, 51)], utc(2026, 3, 9), utc(2026, 3, 11))
    assert [(s.id, s.status, s.status_reason) for s in shown] == [
        (51, SessionStatus.LATE_CANCEL, "called at 9:40")
    ]


def test_a_stored_row_is_changed_not_replaced() -> None:
    row = _row(occurrence(TUESDAYS, datetime(2026, 3, 10, 10)), 51)
    done = set_occurrence_status(
        TUESDAYS, datetime(2026, 3, 10, 10), SessionStatus.COMPLETED, row=row
    )
    assert done.id == 51
    assert done.status is SessionStatus.COMPLETED
    with pytest.raises(ValueError, match="not this occurrence's row"):
        materialise(TUESDAYS, datetime(2026, 3, 17, 10), row)


def test_ending_a_series_keeps_its_past_sessions_and_their_rows() -> None:
    completed = _row(
        set_occurrence_status(TUESDAYS, datetime(2026, 3, 10, 10), SessionStatus.COMPLETED), 52
    )
    ended = end_series(TUESDAYS, now_utc=MID_MARCH)
    assert ended.ends_before_local == datetime(2026, 3, 24, 10)
    assert _march([ended], [completed]) == ["03-03 10:00", "03-10 10:00", "03-17 10:00"]
    assert sessions_between([ended], [completed], utc(2026, 3, 9), utc(2026, 3, 11))[0].id == 52


def test_a_series_cannot_be_ended_from_a_date_already_past() -> None:
    with pytest.raises(HistoryKept):
        end_series(TUESDAYS, now_utc=MID_MARCH, from_local=datetime(2026, 3, 11))


def test_ending_from_a_later_date_never_lengthens_a_series() -> None:
    ended = end_series(TUESDAYS, now_utc=MID_MARCH, from_local=datetime(2026, 4, 1))
    assert ended.ends_before_local == datetime(2026, 4, 1)
    again = end_series(ended, now_utc=MID_MARCH, from_local=datetime(2026, 6, 1))
    assert again.ends_before_local == datetime(2026, 4, 1)


def test_ending_a_series_that_is_already_over_changes_nothing() -> None:
    short = weekly(datetime(2026, 3, 3, 10), rule="FREQ=WEEKLY;COUNT=2")
    assert end_series(short, now_utc=MID_MARCH) == short


def test_a_future_row_left_after_the_end_is_handed_back_to_decide() -> None:
    future = _row(move_occurrence(TUESDAYS, datetime(2026, 3, 31, 10), utc(2026, 4, 1, 15)), 53)
    past = _row(occurrence(TUESDAYS, datetime(2026, 3, 10, 10)), 54)
    ended = end_series(TUESDAYS, now_utc=MID_MARCH)
    assert orphaned_rows(ended, [future, past], now_utc=MID_MARCH) == [future]


def test_changing_this_and_following_splits_the_series_at_that_session() -> None:
    split = split_series(
        TUESDAYS,
        datetime(2026, 3, 24, 10),
        now_utc=MID_MARCH,
        new_first_start_local=datetime(2026, 3, 24, 14),
    )
    assert split.ended is not None
    assert split.ended.ends_before_local == datetime(2026, 3, 24, 10)
    assert split.following.id is None
    assert split.following.dtstart_local == datetime(2026, 3, 24, 14)
    assert split.shift == timedelta(hours=4)
    assert _march([split.ended, split.following], []) == [
        "03-03 10:00", "03-10 10:00", "03-17 10:00", "03-24 14:00", "03-31 14:00",
    ]  # fmt: skip


def test_the_following_part_of_a_counted_series_has_the_sessions_left() -> None:
    counted = weekly(datetime(2026, 3, 3, 10), rule="FREQ=WEEKLY;COUNT=10")
    split = split_series(counted, datetime(2026, 3, 31, 10), now_utc=MID_MARCH)
    assert split.following.rule == "FREQ=WEEKLY;COUNT=6"
    assert split.ended is not None
    whole = sessions_between([split.ended, split.following], [], utc(2026, 3, 1), utc(2027, 1, 1))
    assert len(whole) == 10


def test_skipped_sessions_after_the_split_move_with_the_series() -> None:
    skipped = cancel_occurrence(TUESDAYS, datetime(2026, 4, 7, 10), now_utc=MID_MARCH)
    skipped = replace(skipped, exdates_local=skipped.exdates_local | {datetime(2026, 3, 3, 10)})
    split = split_series(
        skipped, datetime(2026, 3, 24, 10), now_utc=MID_MARCH,
        new_first_start_local=datetime(2026, 3, 24, 14),
    )  # fmt: skip
    assert split.following.exdates_local == {datetime(2026, 4, 7, 14)}
    assert split.ended is not None
    assert split.ended.exdates_local == {datetime(2026, 3, 3, 10)}


def test_changing_from_the_first_session_changes_the_whole_series_in_place() -> None:
    split = split_series(
        TUESDAYS, datetime(2026, 3, 3, 10), now_utc=BEFORE_IT_ALL,
        new_first_start_local=datetime(2026, 3, 3, 9),
    )  # fmt: skip
    assert split.ended is None
    assert split.following.id == TUESDAYS.id


def test_this_and_following_cannot_start_from_a_past_session() -> None:
    with pytest.raises(HistoryKept):
        split_series(TUESDAYS, datetime(2026, 3, 17, 10), now_utc=MID_MARCH)


def test_a_new_first_session_off_the_rule_is_refused() -> None:
    by_day = weekly(datetime(2026, 3, 3, 10), rule="FREQ=WEEKLY;BYDAY=TU")
    with pytest.raises(ValidationError, match="repeat pattern"):
        split_series(
            by_day, datetime(2026, 3, 24, 10), now_utc=MID_MARCH,
            new_first_start_local=datetime(2026, 3, 26, 10),
        )  # fmt: skip


def test_rows_after_the_split_follow_the_new_series_but_keep_their_own_changes() -> None:
    moved = _row(move_occurrence(TUESDAYS, datetime(2026, 3, 31, 10), utc(2026, 4, 1, 15)), 60)
    alone = _row(
        replace(occurrence(TUESDAYS, datetime(2026, 4, 14, 10)), expected_client_ids=frozenset()),
        61,
    )
    past = _row(occurrence(TUESDAYS, datetime(2026, 3, 10, 10)), 62)
    split = split_series(
        TUESDAYS, datetime(2026, 3, 24, 10), now_utc=MID_MARCH,
        new_first_start_local=datetime(2026, 3, 24, 14),
    )  # fmt: skip
    split = replace(
        split,
        following=replace(split.following, location=LocationKind.TELEHEALTH, video_link=LINK),
    )
    carried = {row.id: row for row in carry_over_rows(split, 2, [moved, alone, past])}
    assert set(carried) == {60, 61}
    assert carried[60].series_id == 2
    assert carried[60].recurrence_id == datetime(2026, 3, 31, 14)
    assert carried[60].start_utc == utc(2026, 4, 1, 15)  # its own move stands
    assert carried[61].start_utc == utc(2026, 4, 14, 19)  # 14:00 CDT, with the series
    assert carried[61].expected_client_ids == frozenset()  # its own change stands
    assert carried[61].location is LocationKind.TELEHEALTH  # unchanged field follows
    following = replace(split.following, id=2)
    assert split.ended is not None
    april = sessions_between(
        [split.ended, following], list(carried.values()), utc(2026, 3, 30), utc(2026, 4, 21)
    )
    assert [(s.id, f"{in_zone(s.start_utc, CHICAGO):%m-%d %H:%M}") for s in april] == [
        (60, "04-01 10:00"), (None, "04-07 14:00"), (61, "04-14 14:00"),
    ]  # fmt: skip


def test_a_row_whose_session_the_new_rule_drops_stands_alone() -> None:
    row = _row(occurrence(TUESDAYS, datetime(2026, 3, 31, 10)), 63)
    split = split_series(
        TUESDAYS, datetime(2026, 3, 24, 10), now_utc=MID_MARCH, rule="FREQ=WEEKLY;INTERVAL=2"
    )
    [detached] = carry_over_rows(split, 2, [row])
    assert (detached.series_id, detached.recurrence_id) == (None, None)
    assert detached.start_utc == row.start_utc


def test_a_telehealth_series_without_a_link_is_refused() -> None:
    with pytest.raises(ValidationError, match="video link"):
        replace(TUESDAYS, location=LocationKind.TELEHEALTH)


def test_an_implausible_session_length_is_refused() -> None:
    with pytest.raises(ValidationError, match="session length"):
        replace(TUESDAYS, duration_minutes=0)
