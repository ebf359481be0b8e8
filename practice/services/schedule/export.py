"""Calendar export from the store: an .ics of a date range, private by default.

What a title may say about a unit is capped by its members' contact safety, read from
their contact channels with ``clients.name_on_channel``. A calendar entry is read where
the therapist's calendar shows up (a phone's lock screen, a shared laptop, a cloud
account), the way a text message or an email is, so each member's ceiling is the most
restrictive of their choices for the ``text`` and ``email`` channels:

* a name style of ``none`` on either: nothing about them (the title is just "Session");
* ``initials`` on either, or either channel not (yet) marked safe: initials, Practice's
  default ("Session — A.B.");
* the same name allowed on both: that name, if the therapist opts in (the legal name where
  the client chose it for these channels, or a custom one such as "J. from the book club");
  two different names: initials.

The unit's ceiling is its most restrictive member's. A label (the therapist's own title for
every session, or the profile's calendar label once changed from "Session") replaces the
whole title of each session it may title: one that names any client outside the session's
unit, or a member who may not be named there, gives way to initials on that session (names
are compared as a reader sees them, see ``practice.text.lookalike``). A video link is written
only if the therapist opts in and every member's ``email`` channel (where links travel) is
safe. Nothing clinical is ever exported (see ``practice.schedule.ics``).

Event UIDs are made under a random namespace kept once in ``store_meta``
(``calendar_uid_namespace``): stable across exports, meaningless outside the store.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.models.clients import Client, ContactChannel
from practice.models.meta import StoreMeta
from practice.schedule.ics import (
    CALENDAR_NAME_WORD,
    ExportOptions,
    Identity,
    UnitCalendarInfo,
    export_ics,
)
from practice.schedule.model import Appointment, Series
from practice.schedule.recurrence import sessions_between
from practice.schedule.timezones import require_utc
from practice.services.clients import (
    CHANNELS,
    Channel,
    ChannelSafety,
    ClientDetails,
    ClientView,
    name_on_channel,
)
from practice.services.schedule import rows
from practice.services.settings import load_profile
from practice.services.units import unit_view
from practice.store.atomic import write_atomically
from practice.store.audit import record
from practice.text.keys import clean_line
from practice.text.lookalike import NameMatcher, words

UID_NAMESPACE_KEY = "calendar_uid_namespace"
CALENDAR_CHANNELS: tuple[Channel, ...] = ("text", "email")
LINK_CHANNEL: Channel = "email"
DEFAULT_TITLE_WORD = "Session"


@dataclass(frozen=True)
class CalendarChoices:
    """What the therapist chose to let into the calendar (the defaults let in least).

    Attributes:
        label: A title for every session instead of "Session — A.B.".
        include_names: Full names where every member's contact safety allows them.
        include_links: Video links where every member's contact safety allows them.
    """

    label: str | None = None
    include_names: bool = False
    include_links: bool = False


@dataclass(frozen=True)
class CalendarExport:
    """An exported calendar.

    Attributes:
        data: The .ics file's bytes.
        sessions: How many sessions it holds.
    """

    data: bytes
    sessions: int


@dataclass(frozen=True)
class MemberCeiling:
    """How much of one client a calendar may show, from their contact safety."""

    shown: Identity
    name: str
    link_allowed: bool


def uid_namespace(session: Session) -> uuid.UUID:
    """The store's secret namespace for event UIDs, made on first use."""
    stored = session.scalar(select(StoreMeta.value).where(StoreMeta.key == UID_NAMESPACE_KEY))
    if stored is not None:
        return uuid.UUID(stored)
    made = uuid.uuid4()
    session.add(StoreMeta(key=UID_NAMESPACE_KEY, value=str(made)))
    session.flush()
    return made


def member_ceiling(client: ClientView) -> MemberCeiling:
    """How much of a client the calendar may show (see the module's rules).

    Args:
        client: The client with their contact channels.

    Returns:
        The identity ceiling, the name to use at the ``NAME`` level, and whether a video
        link may be written.
    """
    levels, names = [], set()
    for channel in CALENDAR_CHANNELS:
        decision = name_on_channel(client, channel)
        if not decision.allowed or client.channel(channel).name_style == "initials":
            levels.append(Identity.INITIALS)
        elif decision.name is None:
            levels.append(Identity.NOTHING)
        else:
            levels.append(Identity.NAME)
            names.add(decision.name)
    shown = min(levels)
    if shown is Identity.NAME and len(names) != 1:
        # Two channels allow two different names (say, the legal one where the chosen one
        # would out the client): no single name is safe everywhere, so initials.
        shown = Identity.INITIALS
    name = names.pop() if shown is Identity.NAME else client.display_name
    return MemberCeiling(shown, name, name_on_channel(client, LINK_CHANNEL).allowed)


def _client_views(session: Session, client_ids: Iterable[int]) -> dict[int, ClientView]:
    wanted = sorted(set(client_ids))
    channels: dict[int, dict[str, ChannelSafety]] = {}
    for c in session.scalars(select(ContactChannel).where(ContactChannel.client_id.in_(wanted))):
        channels.setdefault(c.client_id, {})[c.channel] = ChannelSafety(
            c.channel, c.safe, c.name_style, c.custom_name)  # type: ignore[arg-type]
    views = {}
    for row in session.scalars(select(Client).where(Client.id.in_(wanted))):
        details = ClientDetails(**{f.name: getattr(row, f.name) for f in fields(ClientDetails)})
        # A channel never asked about is not safe (as the clients service reads it).
        own = channels.get(row.id, {})
        views[row.id] = ClientView(
            id=row.id, details=details, status=row.status,  # type: ignore[arg-type]
            status_since=row.status_since,
            channels=tuple(own.get(ch, ChannelSafety(ch, False, "none")) for ch in CHANNELS),
        )
    return views


def _unit_info(session: Session, unit_id: int, label: str | None,
               today: date) -> tuple[UnitCalendarInfo, list[int]]:
    unit = unit_view(session, unit_id)
    members = unit.members_on(today) or unit.members
    info = UnitCalendarInfo(unit_id=unit_id, label=label)
    return info, [m.client_id for m in members]


def calendar_units(session: Session, unit_ids: Iterable[int], label: str | None,
                   today: date, *, names_allowed: bool = False) -> dict[int, UnitCalendarInfo]:
    """What the export may know about each unit, capped by its members' contact safety.

    The label titles every unit's sessions, so each unit gets it only where it names no
    one else: no client outside the unit's current members, and none of its members
    except by the name their contact safety allows when the therapist opted in to names.
    Elsewhere the title falls back to initials.
    """
    drafts = {uid: _unit_info(session, uid, label, today) for uid in sorted(set(unit_ids))}
    views = _client_views(session, (c for _, ids in drafts.values() for c in ids))
    named = _people_named(session, label) if label else set()
    units = {}
    for unit_id, (info, member_ids) in drafts.items():
        ceilings = [member_ceiling(views[c]) for c in member_ids if c in views]
        most_shown = min((c.shown for c in ceilings), default=Identity.NOTHING)
        by_name = names_allowed and most_shown is Identity.NAME
        fits = label is not None and named <= set(member_ids) and not any(
            _named_otherwise(label, views[c], by_name) for c in member_ids if c in views)
        units[unit_id] = UnitCalendarInfo(
            unit_id=unit_id,
            member_names=tuple(c.name for c in ceilings),
            label=info.label if fits else None,
            most_shown=most_shown,
            video_link_allowed=bool(ceilings) and all(c.link_allowed for c in ceilings),
        )
    return units


def _people_named(session: Session, label: str) -> set[int]:
    """Every client, current or past, whose legal or chosen name the label carries."""
    seen = words(label)
    return {
        pid for pid, legal, chosen in session.execute(
            select(Client.id, Client.legal_name, Client.chosen_name))
        if NameMatcher.of((n for n in (legal, chosen) if n),
                          min_word=CALENDAR_NAME_WORD).found_in(seen)
    }


def _named_otherwise(label: str, client: ClientView, by_name: bool) -> bool:
    """Whether the label names a member other than by the one name the calendar may show."""
    shown = member_ceiling(client).name if by_name else None
    names = {client.details.legal_name, client.details.chosen_name, client.display_name}
    hidden = [n for n in names if n and n != shown]
    return NameMatcher.of(hidden, [shown] if shown else [],
                          min_word=CALENDAR_NAME_WORD).found_in(label)


def _count(series: list[Series], stored: list[Appointment], start: datetime,
           end: datetime) -> int:
    return sum(
        1 for s in sessions_between(series, stored, start, end)
        if start <= s.start_utc < end and not s.status.is_cancellation
    )


def _label(choices: CalendarChoices, profile_label: str) -> str | None:
    chosen = clean_line(choices.label, "Label", max_len=200)
    if chosen is not None:
        return chosen
    # The profile's calendar label is a title for every session once changed from "Session".
    own = clean_line(profile_label, "Calendar label", max_len=200)
    return own if own and own != DEFAULT_TITLE_WORD else None


def export_calendar(
    sessions: sessionmaker[Session], start_utc: datetime, end_utc: datetime,
    choices: CalendarChoices | None = None, *, stamp: datetime | None = None,
) -> CalendarExport:
    """The sessions starting in a range as an .ics calendar (the export is audit-logged).

    Args:
        sessions: The store's sessionmaker.
        start_utc: Range start (aware UTC).
        end_utc: Range end (aware UTC, excluded).
        choices: What the therapist lets in; by default titles carry initials only.
        stamp: The DTSTAMP to write (for tests).

    Returns:
        The calendar's bytes and how many sessions it holds.
    """
    require_utc(start_utc)
    require_utc(end_utc)
    choices = choices or CalendarChoices()
    label = _label(choices, load_profile(sessions).calendar_label)
    with sessions.begin() as s:
        series = rows.series_in_window(s, start_utc, end_utc)
        stored = rows.rows_in_window(s, start_utc, end_utc)
        unit_ids = {x.unit_id for x in series} | {x.unit_id for x in stored}
        units = calendar_units(s, unit_ids, label, start_utc.date(),
                               names_allowed=choices.include_names)
        options = ExportOptions(
            uid_namespace(s),
            identity=Identity.NAME if choices.include_names else Identity.INITIALS,
            include_video_links=choices.include_links,
        )
        data = export_ics(start_utc, end_utc, series, stored, units, options, stamp=stamp)
        count = _count(series, stored, start_utc, end_utc)
        record(s, "schedule.export_ics", sessions=count, names=choices.include_names,
               links=choices.include_links, labelled=label is not None)
    return CalendarExport(data, count)


def write_calendar(
    sessions: sessionmaker[Session], target: Path, start_utc: datetime, end_utc: datetime,
    choices: CalendarChoices | None = None,
) -> CalendarExport:
    """Export a range and write it where the therapist chose, readable by them only (0600).

    Returns:
        What was written.
    """
    export = export_calendar(sessions, start_utc, end_utc, choices)
    write_atomically(target, export.data)
    return export
