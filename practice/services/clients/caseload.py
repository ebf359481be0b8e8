"""Clients: create, edit, status over time, contact safety, and the name allowed on a channel."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Literal, get_args

from sqlalchemy import Row, Select, delete, exists, or_, select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.clients import Client, ClientStatusChange, ContactChannel
from practice.services.common import (
    Shared,
    check_birth_date,
    clean_email,
    clean_phone,
    clean_state,
    clean_time_zone,
    id_chunks,
    load,
    utcnow,
)
from practice.store.audit import record
from practice.text.keys import clean_line, index_text, initials, sort_key

ClientStatus = Literal["active", "inactive", "discharged"]
Channel = Literal["phone", "voicemail", "text", "email", "post"]
NameStyle = Literal["chosen", "legal", "initials", "none", "custom"]
CHANNELS: tuple[Channel, ...] = get_args(Channel)
CLIENT_STATUSES: tuple[ClientStatus, ...] = get_args(ClientStatus)
NAME_STYLES: tuple[NameStyle, ...] = get_args(NameStyle)


@dataclass(frozen=True)
class ClientDetails:
    """Everything about a client the therapist edits in one form."""

    legal_name: str
    chosen_name: str | None = None
    pronouns: str | None = None
    gender_identity: str | None = None
    date_of_birth: date | None = None
    state: str | None = None
    time_zone: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    emergency_name: str | None = None
    emergency_phone: str | None = None
    emergency_relationship: str | None = None


@dataclass(frozen=True)
class ChannelSafety:
    """Whether a channel may be used, and how the client may be named on it."""

    channel: Channel
    safe: bool
    name_style: NameStyle = "none"
    custom_name: str | None = None


@dataclass(frozen=True)
class ClientView:
    """A client as read from the store."""

    id: int
    details: ClientDetails
    status: ClientStatus
    status_since: date
    channels: tuple[ChannelSafety, ...]

    @property
    def display_name(self) -> str:
        """The name used everywhere the law does not need the legal one."""
        return self.details.chosen_name or self.details.legal_name

    def channel(self, channel: Channel) -> ChannelSafety:
        """Return the safety settings for one channel."""
        return next(c for c in self.channels if c.channel == channel)


@dataclass(frozen=True, slots=True)
class ClientSummary:
    """A row of the client list."""

    id: int
    display_name: str
    pronouns: str | None
    status: ClientStatus


@dataclass(frozen=True)
class StatusChange:
    """One entry of a client's status history."""

    status: ClientStatus
    effective_on: date


@dataclass(frozen=True)
class ChannelName:
    """What may be used on a channel: ``allowed`` false means do not use the channel at all."""

    channel: Channel
    allowed: bool
    name: str | None
    reason: str


def _unasked(channel: Channel) -> ChannelSafety:
    # Until the therapist has asked, no channel is assumed safe: a letter or a voicemail can
    # out a client to their household.
    return ChannelSafety(channel=channel, safe=False, name_style="none")


def name_on_channel(client: ClientView, channel: Channel) -> ChannelName:
    """Say whether a channel may be used for a client and which name may appear on it.

    Letters, envelopes, voicemail scripts and calendar exports call this; none of them
    picks a name on its own.

    Args:
        client: The client, as returned by ``get_client``.
        channel: "phone", "voicemail", "text", "email" or "post".

    Returns:
        The decision; ``name`` is ``None`` when no name may appear.
    """
    setting = client.channel(channel)
    if not setting.safe:
        return ChannelName(channel, False, None, f"The {channel} channel is not marked safe.")
    names: dict[NameStyle, str | None] = {
        "chosen": client.display_name,
        "legal": client.details.legal_name,
        "initials": initials(client.display_name),
        "none": None,
        "custom": setting.custom_name,
    }
    return ChannelName(channel, True, names[setting.name_style], "Marked safe by the client.")


def _clean_details(details: ClientDetails, today: date) -> ClientDetails:
    return ClientDetails(
        legal_name=clean_line(details.legal_name, "Legal name", max_len=200, required=True)
        or "",
        chosen_name=clean_line(details.chosen_name, "Chosen name", max_len=200),
        pronouns=clean_line(details.pronouns, "Pronouns", max_len=60),
        gender_identity=clean_line(details.gender_identity, "Gender identity", max_len=200),
        date_of_birth=check_birth_date(details.date_of_birth, today),
        state=clean_state(details.state),
        time_zone=clean_time_zone(details.time_zone),
        phone=clean_phone(details.phone, "Phone"),
        email=clean_email(details.email, "Email"),
        address=clean_line(details.address, "Address", max_len=500),
        emergency_name=clean_line(details.emergency_name, "Emergency contact", max_len=200),
        emergency_phone=clean_phone(details.emergency_phone, "Emergency contact phone"),
        emergency_relationship=clean_line(
            details.emergency_relationship, "Emergency contact relationship", max_len=100
        ),
    )


def check_details(details: ClientDetails, today: date | None = None) -> ClientDetails:
    """Check a client's details as ``create_client`` would, without storing anything.

    Raises:
        ValidationError: A field is missing or malformed (the message names the field).
    """
    return _clean_details(details, today or date.today())


def _clean_channel(safety: ChannelSafety) -> ChannelSafety:
    if safety.channel not in CHANNELS:
        raise ValidationError("Channel must be phone, voicemail, text, email or post.")
    if safety.name_style not in NAME_STYLES:
        raise ValidationError("Name shown must be chosen, legal, initials, none or custom.")
    custom = clean_line(safety.custom_name, "Name shown", max_len=200)
    if safety.name_style == "custom" and custom is None:
        raise ValidationError("Name shown is required when it is custom.")
    return replace(safety, custom_name=custom if safety.name_style == "custom" else None)


def check_channel(safety: ChannelSafety) -> ChannelSafety:
    """Return one channel's setting as it would be stored (forms check each channel first).

    Raises:
        ValidationError: Unknown channel or name style, or a custom name missing.
    """
    return _clean_channel(safety)


def _apply(row: Client, details: ClientDetails) -> None:
    for field in fields(ClientDetails):
        setattr(row, field.name, getattr(details, field.name))
    row.sort_key = sort_key(details.chosen_name or details.legal_name)
    row.search_text = index_text(details.chosen_name, details.legal_name)


def _view(session: Session, row: Client) -> ClientView:
    stored = {
        c.channel: ChannelSafety(c.channel, c.safe, c.name_style, c.custom_name)  # type: ignore[arg-type]
        for c in session.scalars(select(ContactChannel).where(ContactChannel.client_id == row.id))
    }
    details = ClientDetails(**{f.name: getattr(row, f.name) for f in fields(ClientDetails)})
    return ClientView(
        id=row.id, details=details, status=row.status,  # type: ignore[arg-type]
        status_since=row.status_since,
        channels=tuple(stored.get(ch, _unasked(ch)) for ch in CHANNELS),
    )


def create_client(
    sessions: sessionmaker[Session], details: ClientDetails, *, on: date | None = None,
    channels: tuple[ChannelSafety, ...] = (),
) -> ClientView:
    """Record a new client, active from ``on``.

    Args:
        sessions: The store's sessionmaker.
        details: The client's details.
        on: The date the client became active (today by default).
        channels: Contact safety already known; unlisted channels count as not safe.

    Returns:
        The stored client.

    Raises:
        ValidationError: A field is missing or malformed (the message names the field).
    """
    today = date.today()
    clean = _clean_details(details, today)
    cleaned_channels = [_clean_channel(c) for c in channels]
    with sessions.begin() as s:
        row = _insert(s, clean, on or today, cleaned_channels)
        return _view(s, row)


def create_clients(
    sessions: sessionmaker[Session], many: Iterable[ClientDetails], *, on: date | None = None,
) -> tuple[int, ...]:
    """Record several new clients in one transaction: all of them, or none.

    Args:
        sessions: The store's sessionmaker.
        many: The clients' details (a caseload brought in from a spreadsheet, say).
        on: The date they became active (today by default).

    Returns:
        The new clients' ids, in the order given.

    Raises:
        ValidationError: A client's field is missing or malformed; nothing was stored.
    """
    today = date.today()
    cleaned = [_clean_details(details, today) for details in many]
    with sessions.begin() as s:
        return tuple(_insert(s, clean, on or today, []).id for clean in cleaned)


def _insert(s: Session, clean: ClientDetails, on: date,
            channels: Iterable[ChannelSafety]) -> Client:
    now = utcnow()
    row = Client(status="active", status_since=on, created_at=now, updated_at=now)
    _apply(row, clean)
    s.add(row)
    s.flush()
    s.add(ClientStatusChange(client_id=row.id, status="active", effective_on=on,
                             recorded_at=now))
    for c in channels:
        s.merge(ContactChannel(client_id=row.id, channel=c.channel, safe=c.safe,
                               name_style=c.name_style, custom_name=c.custom_name))
    record(s, "client.create", entity="client", entity_id=row.id)
    return row


def update_client(
    sessions: sessionmaker[Session], client_id: int, details: ClientDetails, *,
    channels: tuple[ChannelSafety, ...] = (),
) -> ClientView:
    """Replace a client's editable details, and any channels given, in one transaction.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client.
        details: The client's details.
        channels: Contact safety to record with them (a channel left out keeps its setting).

    Returns:
        The stored client.

    Raises:
        NotFound: No such client.
        ValidationError: A field is missing or malformed.
    """
    clean = _clean_details(details, date.today())
    cleaned_channels = [_clean_channel(c) for c in channels]
    with sessions.begin() as s:
        row = load(s, Client, client_id, "client")
        _apply(row, clean)
        row.updated_at = utcnow()
        before = _view(s, row)
        for c in cleaned_channels:
            if before.channel(c.channel) == c:
                continue  # unchanged: no write, no audit entry
            s.merge(ContactChannel(client_id=client_id, channel=c.channel, safe=c.safe,
                                   name_style=c.name_style, custom_name=c.custom_name))
            record(s, "client.channel", entity="client", entity_id=client_id,
                   channel=c.channel, safe=c.safe)
        s.flush()
        record(s, "client.update", entity="client", entity_id=client_id)
        return _view(s, row)


def get_client(sessions: sessionmaker[Session], client_id: int) -> ClientView:
    """Open one client's record (the opening is audited).

    Raises:
        NotFound: No such client.
    """
    with sessions.begin() as s:
        view = _view(s, load(s, Client, client_id, "client"))
        record(s, "client.view", entity="client", entity_id=client_id)
        return view


def list_clients(
    sessions: sessionmaker[Session], *, status: ClientStatus | None = None,
    limit: int | None = None,
) -> tuple[ClientSummary, ...]:
    """List clients in name order (any script), optionally only those with one status.

    Args:
        sessions: The store's sessionmaker.
        status: Only clients with this status; None for every client.
        limit: At most this many, the first in name order (read through the index on the
            sort key, so a first screenful costs no more with ten thousand clients than
            with ten); None for all of them.

    Returns:
        The clients' list entries.
    """
    stmt = _summaries().order_by(Client.sort_key, Client.id).limit(limit)
    if status is not None:
        stmt = stmt.where(Client.status == status)
    shared = Shared()
    with sessions.begin() as s:
        # Core rows, one at a time: no ORM loading, no list of every raw row at once.
        return tuple(_summary(r, shared) for r in s.connection().execute(stmt))


def clients_by_id(sessions: sessionmaker[Session], client_ids: Iterable[int]
                  ) -> tuple[ClientSummary, ...]:
    """The list entries of the named clients, in name order (unknown ids are skipped).

    Args:
        sessions: The store's sessionmaker.
        client_ids: The clients wanted.

    Returns:
        Their list entries, a query per few hundred ids.
    """
    shared = Shared()
    keyed: list[tuple[str, int, ClientSummary]] = []
    with sessions.begin() as s:
        for chunk in id_chunks(client_ids):
            stmt = _summaries().add_columns(Client.sort_key).where(Client.id.in_(chunk))
            keyed += ((r.sort_key, r.id, _summary(r, shared))
                      for r in s.connection().execute(stmt))
    # Chunks come back one after another: the name order is the list's, across them all.
    return tuple(summary for _key, _id, summary in sorted(keyed))


def _summaries() -> Select[int, str | None, str, str | None, str]:
    return select(Client.id, Client.chosen_name, Client.legal_name, Client.pronouns,
                  Client.status)


def _summary(row: Row[int, str | None, str, str | None, str], shared: Shared) -> ClientSummary:
    client_id, chosen, legal, pronouns, status = row[:5]  # by position: cheaper than names
    status = shared(status)
    return ClientSummary(client_id, chosen or legal, shared(pronouns), status)  # type: ignore[arg-type]


def set_status(
    sessions: sessionmaker[Session], client_id: int, status: ClientStatus, on: date
) -> ClientView:
    """Change a client's status from a date; the previous status stays in the history.

    Raises:
        NotFound: No such client.
        ValidationError: Unknown status, or a date before the current status began.
    """
    if status not in CLIENT_STATUSES:
        raise ValidationError("Status must be active, inactive or discharged.")
    with sessions.begin() as s:
        row = load(s, Client, client_id, "client")
        if on < row.status_since:
            raise ValidationError("Status date is before the current status began.")
        row.status, row.status_since, row.updated_at = status, on, utcnow()
        s.add(ClientStatusChange(client_id=client_id, status=status, effective_on=on,
                                 recorded_at=row.updated_at))
        record(s, "client.status", entity="client", entity_id=client_id, status=status)
        return _view(s, row)


def status_history(sessions: sessionmaker[Session], client_id: int) -> tuple[StatusChange, ...]:
    """Return every status a client has had, oldest first."""
    stmt = (
        select(ClientStatusChange.status, ClientStatusChange.effective_on)
        .where(ClientStatusChange.client_id == client_id)
        .order_by(ClientStatusChange.effective_on, ClientStatusChange.id)
    )
    with sessions.begin() as s:
        return tuple(StatusChange(r.status, r.effective_on) for r in s.execute(stmt))


# What a record already holds, by table, for the refusal. Any other table referring to a
# client counts as history too, so a table added later is never emptied by a deletion.
_HISTORY_WORDS = {
    "unit_members": "belongs to a care unit", "relationships": "has relationships recorded",
    "note_attendees": "attended a session with a note", "care_team": "has a care team",
    "appointment_clients": "has sessions on the schedule", "letters": "has letters",
    "appointment_series_clients": "has a series on the schedule",
    "releases": "has a release of information", "disclosures": "has disclosures recorded",
    "letter_drafts": "has a letter being drafted"}
# Rows that are part of the intake itself and go with a client entered by mistake.
_INTAKE_TABLES = (ContactChannel, ClientStatusChange)
KEPT_HINT = "To end their care, change their status to discharged."


def _history(session: Session, client_id: int) -> str | None:
    import practice.models  # every table that can refer to a client must be registered

    intake = {model.__tablename__ for model in _INTAKE_TABLES}
    for table in practice.models.Base.metadata.sorted_tables:
        columns = [fk.parent for fk in table.foreign_keys
                   if fk.column.table.name == Client.__tablename__]
        if table.name in intake or not columns:
            continue
        if session.scalar(select(exists().where(or_(*(c == client_id for c in columns))))):
            return _HISTORY_WORDS.get(table.name, "has other records")
    return None


def delete_client_entered_by_mistake(
    sessions: sessionmaker[Session], client_id: int, today: date
) -> None:
    """Delete a client entered by mistake today, who has nothing in their record yet.

    Any other client is kept: their care is ended by discharging them, never by deleting.
    The deletion is audited (by id only).

    Args:
        sessions: The store's sessionmaker.
        client_id: The client.
        today: Today, on this computer's calendar (the day the entry must have been made).

    Raises:
        NotFound: No such client.
        ValidationError: The client was entered on an earlier day, or already has a unit,
            notes, sessions, a care team, releases or letters (the message says which).
    """
    with sessions.begin() as s:
        row = load(s, Client, client_id, "client")
        if row.created_at.astimezone().date() != today:
            raise ValidationError("Only a client entered by mistake today can be deleted. "
                                  + KEPT_HINT)
        held = _history(s, client_id)
        if held is not None:
            raise ValidationError(f"This client already {held}, so their record is kept. "
                                  + KEPT_HINT)
        for model in _INTAKE_TABLES:
            s.execute(delete(model).where(model.client_id == client_id))
        s.delete(row)
        record(s, "client.delete_mistake", entity="client", entity_id=client_id)


def set_channel_safety(
    sessions: sessionmaker[Session], client_id: int, safety: ChannelSafety
) -> ClientView:
    """Record whether a channel is safe for a client and which name may appear on it.

    Raises:
        NotFound: No such client.
        ValidationError: Unknown channel or name style, or a custom name missing.
    """
    clean = _clean_channel(safety)
    with sessions.begin() as s:
        row = load(s, Client, client_id, "client")
        s.merge(ContactChannel(client_id=client_id, channel=clean.channel, safe=clean.safe,
                               name_style=clean.name_style, custom_name=clean.custom_name))
        s.flush()
        record(s, "client.channel", entity="client", entity_id=client_id,
               channel=clean.channel, safe=clean.safe)
        return _view(s, row)
