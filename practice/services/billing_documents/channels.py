"""Which way a money document may reach the client: only by a channel they marked safe.

A superbill, an estimate, a receipt or a statement is a copy of the client's own
information sent to them, like the client's copy (cc) of a letter: by post or by email,
and only where the client has said that channel is safe (a statement opened by a
partner can out a client's therapy). The rule is the one letters use,
``practice.services.clients.name_on_channel``; this module only words the refusal for a
money document and picks the channel when the therapist did not name one.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.services.clients import ChannelName, get_client, name_on_channel
from practice.services.letters.compose import CopyChannel

#: The channels a document can be sent by, in the order one is picked.
DOCUMENT_CHANNELS: tuple[CopyChannel, ...] = ("post", "email")

NOT_SAFE = ("The client has not marked {channel} as safe, so no {document} can be sent by "
            "{channel}. Nothing was issued.")
NO_SAFE_CHANNEL = ("The client has marked neither post nor email as safe for receiving "
                   "documents, so no {document} can be sent. Ask the client, mark a channel "
                   "safe on their chart, and try again. Nothing was issued.")
NOT_A_CHANNEL = "A {document} is sent by post or by email."


def safe_channel(sessions: sessionmaker[Session], client_id: int, document: str,
                 channel: str | None = None) -> ChannelName:
    """The channel a document goes to the client by, refused unless marked safe.

    Args:
        sessions: The store's sessionmaker.
        client_id: The client receiving it.
        document: "receipt", "statement", "superbill", ..., for the message.
        channel: ``post`` or ``email``; the first of them marked safe when omitted.

    Returns:
        The channel, with the name it may carry.

    Raises:
        ValidationError: The channel named is not post or email or is not marked safe,
            or (none named) neither is marked safe.
        NotFound: No such client.
    """
    if channel is not None and channel not in DOCUMENT_CHANNELS:
        raise ValidationError(NOT_A_CHANNEL.format(document=document))
    client = get_client(sessions, client_id)
    if channel is not None:
        decision = name_on_channel(client, channel)
        if not decision.allowed:
            raise ValidationError(NOT_SAFE.format(channel=channel, document=document))
        return decision
    for candidate in DOCUMENT_CHANNELS:
        decision = name_on_channel(client, candidate)
        if decision.allowed:
            return decision
    raise ValidationError(NO_SAFE_CHANNEL.format(document=document))
