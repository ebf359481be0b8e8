"""Reading and writing scheduling rows as ``practice.schedule`` values, inside one transaction.

Everything here takes an open ``Session`` from a service; nothing opens its own. Writes go
through the ORM. Reads are plain SQL on the session's connection, parsed straight into the
frozen values, because the week view must take milliseconds on the encrypted store:

* this SQLCipher build has STAT4, so a bound parameter compared with an indexed column can
  make SQLite re-plan the statement on every execution; the rows-in-a-window query (two
  indexed ranges) measured fastest with its bounds as literals, formatted here from
  ``datetime`` values (never from text anyone typed);
* expected clients come in by LEFT JOIN, one result row per client, folded in Python
  (several times faster on SQLCipher than a ``group_concat`` per row);
* datetimes are read with ``datetime.fromisoformat``, in the form SQLAlchemy stores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from practice.errors import NotFound
from practice.models.notes import ProgressNote
from practice.models.schedule import (
    MAX_DURATION_MINUTES,
    AppointmentClient,
    AppointmentRecord,
    SeriesClient,
    SeriesExdate,
    SeriesRecord,
)
from practice.schedule.model import Appointment, LocationKind, Series, SessionKind, SessionStatus
from practice.services.common import utcnow

# Every zone's wall clock is within 14 hours of UTC (Kiribati, +14; Baker Island, -12), so
# a wall time this far outside a window cannot name a session that overlaps it.
_LOCAL_MARGIN = timedelta(hours=16)
_LONGEST = timedelta(minutes=MAX_DURATION_MINUTES)

_ROW_SELECT = (
    "SELECT a.id, a.unit_id, a.kind, a.start_utc, a.zone, a.duration_minutes, a.location, "
    "a.video_link, a.cpt_code, a.status, a.status_reason, a.series_id, a.recurrence_id, "
    "c.client_id FROM appointments AS a "
    "LEFT JOIN appointment_clients AS c ON c.appointment_id = a.id "
)
_SERIES_SELECT = (
    "SELECT s.id, s.unit_id, s.kind, s.rule, s.dtstart_local, s.zone, s.duration_minutes, "
    "s.location, s.video_link, s.cpt_code, s.ends_before_local, c.client_id "
    "FROM appointment_series AS s "
    "LEFT JOIN appointment_series_clients AS c ON c.series_id = s.id "
)
# The unary + drops the DATETIME column's NUMERIC affinity, which otherwise converts the
# text operand on every row (three times slower); both sides are ISO text, so results are
# the same. Only for unindexed columns: on an indexed one it would disable the index.
_SERIES_IN_WINDOW = _SERIES_SELECT + (
    "WHERE +s.dtstart_local < ? AND (s.ends_before_local IS NULL OR +s.ends_before_local > ?) "
    "ORDER BY s.id"
)
_EXDATES_IN_WINDOW = (
    "SELECT series_id, recurrence_id FROM appointment_series_exdates "
    "WHERE recurrence_id >= ? AND recurrence_id < ?"
)


def _stored(moment: datetime) -> str:
    """A naive datetime in the form SQLAlchemy stores it (and compares equal to it as text)."""
    return f"{moment:%Y-%m-%d %H:%M:%S.%f}"


def _sql_time(moment: datetime) -> str:
    """A naive datetime as an SQL literal: digits, dashes, colons and a dot, nothing else."""
    return f"'{_stored(moment)}'"


def _naive(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _folded(found: Iterable[Any]) -> list[tuple[Any, frozenset[int]]]:
    """Join rows with the same id (one per expected client) into (row, client ids)."""
    rows: dict[int, tuple[Any, set[int]]] = {}
    for row in found:
        kept = rows.setdefault(row[0], (row, set()))
        if row[-1] is not None:
            kept[1].add(row[-1])
    return [(row, frozenset(ids)) for row, ids in rows.values()]


def _read(session: Session, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
    return list(session.connection().exec_driver_sql(sql, params).all())


def _appointments(session: Session, where: str,
                  params: tuple[Any, ...] = ()) -> list[Appointment]:
    found = _read(session, _ROW_SELECT + where, params)
    return [_appointment(row, ids) for row, ids in _folded(found)]


class _Memo:
    """Values already built from identical stored data, so a week view re-validates none.

    The key is everything a value is built from, so an entry can never be stale; the memo
    is simply emptied when full.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: dict[Any, Any] = {}

    def get(self, key: Any, build: Any) -> Any:
        found = self._values.get(key)
        if found is None:
            if len(self._values) >= self._size:
                self._values.clear()
            found = self._values[key] = build()
        return found


_appointment_memo = _Memo(16384)
_series_memo = _Memo(4096)


def _appointment(row: Any, client_ids: frozenset[int]) -> Appointment:
    made: Appointment = _appointment_memo.get(
        (tuple(row[:-1]), client_ids), lambda: _build_appointment(row, client_ids))
    return made


def _build_appointment(row: Any, client_ids: frozenset[int]) -> Appointment:
    return Appointment(
        id=row[0], unit_id=row[1], kind=SessionKind(row[2]),
        start_utc=datetime.fromisoformat(row[3]).replace(tzinfo=UTC), zone=row[4],
        duration_minutes=row[5], location=LocationKind(row[6]), video_link=row[7],
        cpt_code=row[8], status=SessionStatus(row[9]), status_reason=row[10],
        series_id=row[11], recurrence_id=_naive(row[12]), expected_client_ids=client_ids,
    )


def _series(row: Any, client_ids: frozenset[int], exdates: Iterable[datetime]) -> Series:
    removed = frozenset(exdates)
    made: Series = _series_memo.get((tuple(row[:-1]), client_ids, removed),
                                    lambda: _build_series(row, client_ids, removed))
    return made


def _build_series(row: Any, client_ids: frozenset[int], exdates: frozenset[datetime]) -> Series:
    return Series(
        id=row[0], unit_id=row[1], kind=SessionKind(row[2]), rule=row[3],
        dtstart_local=datetime.fromisoformat(row[4]), zone=row[5], duration_minutes=row[6],
        location=LocationKind(row[7]), video_link=row[8], cpt_code=row[9],
        ends_before_local=_naive(row[10]), expected_client_ids=client_ids,
        exdates_local=exdates,
    )


def _local_bounds(start_utc: datetime, end_utc: datetime) -> tuple[datetime, datetime]:
    """Naive wall-time bounds that hold every zone's view of the window (and long sessions)."""
    low = (start_utc - _LONGEST).replace(tzinfo=None) - _LOCAL_MARGIN
    return low, end_utc.replace(tzinfo=None) + _LOCAL_MARGIN


# --- reading ---------------------------------------------------------------------------------


def rows_in_window(session: Session, start_utc: datetime, end_utc: datetime) -> list[Appointment]:
    """Stored sessions overlapping a window, and series rows whose recurrence id falls in it.

    Args:
        session: An open session.
        start_utc: Window start (aware UTC).
        end_utc: Window end (aware UTC, excluded).

    Returns:
        A superset of what ``recurrence.sessions_between`` needs (it filters by time).
    """
    low_local, high_local = map(_sql_time, _local_bounds(start_utc, end_utc))
    low_utc = _sql_time((start_utc - _LONGEST).replace(tzinfo=None))
    high_utc = _sql_time(end_utc.replace(tzinfo=None))
    return _appointments(
        session,
        f"WHERE (a.start_utc >= {low_utc} AND a.start_utc < {high_utc}) "
        f"OR (a.recurrence_id >= {low_local} AND a.recurrence_id < {high_local})",
    )


def series_in_window(session: Session, start_utc: datetime, end_utc: datetime) -> list[Series]:
    """Series that may hold sessions in a window, fit for expanding over that window only.

    Each value carries only the removed occurrences near the window, so it must not be
    stored or edited: load a series with ``load_series`` for that.

    Args:
        session: An open session.
        start_utc: Window start (aware UTC).
        end_utc: Window end (aware UTC, excluded).

    Returns:
        The series, ordered by id.
    """
    low, high = _local_bounds(start_utc, end_utc)
    # Bound values here measure no slower than literals (and the statement stays cached).
    found = _folded(_read(session, _SERIES_IN_WINDOW, (_stored(high), _stored(low))))
    if not found:
        return []
    removed: dict[int, list[datetime]] = {}
    exdates = _read(session, _EXDATES_IN_WINDOW, (_stored(low), _stored(high)))
    for series_id, recurrence_id in exdates:
        removed.setdefault(series_id, []).append(datetime.fromisoformat(recurrence_id))
    return [_series(row, ids, removed.get(row[0], ())) for row, ids in found]


def load_series(session: Session, series_id: int) -> Series:
    """One whole series, with every removed occurrence.

    Raises:
        NotFound: No such series.
    """
    found = _folded(_read(session, _SERIES_SELECT + "WHERE s.id = ?", (series_id,)))
    if not found:
        raise NotFound(f"No series with id {series_id} exists.")
    exdates = _read(session, "SELECT recurrence_id FROM appointment_series_exdates "
                    "WHERE series_id = ?", (series_id,))
    return _series(*found[0], (datetime.fromisoformat(e) for (e,) in exdates))


def load_row(session: Session, appointment_id: int) -> Appointment:
    """One stored session.

    Raises:
        NotFound: No such appointment.
    """
    found = _appointments(session, "WHERE a.id = ?", (appointment_id,))
    if not found:
        raise NotFound(f"No appointment with id {appointment_id} exists.")
    return found[0]


def occurrence_row(session: Session, series_id: int, recurrence_id: datetime) -> Appointment | None:
    """The stored row of one occurrence of a series, if it has one."""
    found = _appointments(session, "WHERE a.series_id = ? AND a.recurrence_id = ?",
                          (series_id, _stored(recurrence_id)))
    return found[0] if found else None


def rows_of_series(session: Session, series_id: int) -> list[Appointment]:
    """Every stored row of a series, past and future, in order of recurrence id."""
    return _appointments(session, "WHERE a.series_id = ? ORDER BY a.recurrence_id",
                         (series_id,))


def completed_without_signed_note(session: Session) -> list[tuple[Appointment, int | None]]:
    """Completed sessions with no signed progress note, oldest first, with any draft's id."""
    due = _appointments(
        session,
        "WHERE a.status = 'completed' AND NOT EXISTS (SELECT 1 FROM progress_notes AS n "
        "WHERE n.appointment_id = a.id AND n.status = 'signed') ORDER BY a.start_utc, a.id",
    )
    drafts = select(ProgressNote.appointment_id, func.min(ProgressNote.id)).where(
        ProgressNote.appointment_id.in_([a.id for a in due]), ProgressNote.status == "draft"
    ).group_by(ProgressNote.appointment_id)
    draft_of: dict[int, int] = {a: n for a, n in session.execute(drafts).all() if a is not None}
    return [(a, draft_of.get(a.id or 0)) for a in due]


def series_overlap_allowed(session: Session, series_id: int) -> bool:
    """Whether the series was booked over other sessions on purpose."""
    return bool(session.scalar(select(SeriesRecord.overlap_allowed)
                               .where(SeriesRecord.id == series_id)))


# --- writing ---------------------------------------------------------------------------------

_FIELDS = ("unit_id", "start_utc", "zone", "duration_minutes", "video_link", "cpt_code",
           "status_reason", "series_id", "recurrence_id")  # fmt: skip
_SERIES_FIELDS = ("unit_id", "rule", "dtstart_local", "zone", "duration_minutes", "video_link",
                  "cpt_code", "ends_before_local")  # fmt: skip


def _fill_row(record: AppointmentRecord, value: Appointment) -> None:
    for name in _FIELDS:
        setattr(record, name, getattr(value, name))
    record.kind, record.location = value.kind.value, value.location.value
    record.status = value.status.value


def _set_clients(session: Session, appointment_id: int, client_ids: frozenset[int]) -> None:
    session.execute(delete(AppointmentClient).where(AppointmentClient.appointment_id
                                                    == appointment_id))
    session.add_all(AppointmentClient(appointment_id=appointment_id, client_id=c)
                    for c in sorted(client_ids))


def insert_row(session: Session, value: Appointment, *, overlap_allowed: bool) -> Appointment:
    """Store a new session (standalone, or the first row of a series occurrence).

    Returns:
        The value with its new id.
    """
    now = utcnow()
    record = AppointmentRecord(overlap_allowed=overlap_allowed, created_at=now, updated_at=now)
    _fill_row(record, value)
    session.add(record)
    session.flush()
    _set_clients(session, record.id, value.expected_client_ids)
    session.flush()
    return replace(value, id=record.id)


def update_row(session: Session, value: Appointment, *, overlap_allowed: bool = False) -> None:
    """Write a changed session over its row (the row's id is ``value.id``).

    Args:
        session: An open session.
        value: The session as it is now.
        overlap_allowed: Mark the row as a deliberate overlap (never clears an earlier mark).
    """
    assert value.id is not None
    record = session.get(AppointmentRecord, value.id)
    if record is None:
        raise NotFound(f"No appointment with id {value.id} exists.")
    _fill_row(record, value)
    record.overlap_allowed = record.overlap_allowed or overlap_allowed
    record.updated_at = utcnow()
    session.flush()
    _set_clients(session, value.id, value.expected_client_ids)
    session.flush()


def save_row(session: Session, value: Appointment, *, overlap_allowed: bool) -> Appointment:
    """Insert a session without an id, or update the one with it; returns it with its id."""
    if value.id is None:
        return insert_row(session, value, overlap_allowed=overlap_allowed)
    update_row(session, value, overlap_allowed=overlap_allowed)
    return value


def delete_row(session: Session, appointment_id: int) -> None:
    """Remove a session that holds nothing (the store refuses completed ones and noted ones)."""
    session.execute(delete(AppointmentClient).where(AppointmentClient.appointment_id
                                                    == appointment_id))
    session.execute(delete(AppointmentRecord).where(AppointmentRecord.id == appointment_id))


def _fill_series(record: SeriesRecord, value: Series) -> None:
    for name in _SERIES_FIELDS:
        setattr(record, name, getattr(value, name))
    record.kind, record.location = value.kind.value, value.location.value


def _set_series_children(session: Session, series_id: int, value: Series) -> None:
    session.execute(delete(SeriesClient).where(SeriesClient.series_id == series_id))
    session.execute(delete(SeriesExdate).where(SeriesExdate.series_id == series_id))
    session.add_all(SeriesClient(series_id=series_id, client_id=c)
                    for c in sorted(value.expected_client_ids))
    session.add_all(SeriesExdate(series_id=series_id, recurrence_id=e)
                    for e in sorted(value.exdates_local))
    session.flush()


def insert_series(session: Session, value: Series, *, overlap_allowed: bool) -> Series:
    """Store a new series; returns it with its id."""
    now = utcnow()
    record = SeriesRecord(overlap_allowed=overlap_allowed, created_at=now, updated_at=now)
    _fill_series(record, value)
    session.add(record)
    session.flush()
    _set_series_children(session, record.id, value)
    return replace(value, id=record.id)


def update_series(session: Session, value: Series, *, overlap_allowed: bool = False) -> None:
    """Write a changed series (rule, end, removed occurrences, who is expected)."""
    assert value.id is not None
    record = session.get(SeriesRecord, value.id)
    if record is None:
        raise NotFound(f"No series with id {value.id} exists.")
    _fill_series(record, value)
    record.overlap_allowed = record.overlap_allowed or overlap_allowed
    record.updated_at = utcnow()
    session.flush()
    _set_series_children(session, value.id, value)


def save_rows(session: Session, values: Sequence[Appointment], *, overlap_allowed: bool) -> None:
    """Store several changed rows (those with ids are updated)."""
    for value in values:
        save_row(session, value, overlap_allowed=overlap_allowed)
