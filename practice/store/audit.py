"""The tamper-evident audit trail: an HMAC chain over append-only rows, anchored outside the DB.

SQLCipher's per-page HMACs catch a flipped byte but not a rollback of the whole file (or of
some pages) to an older, equally valid copy. Each entry's MAC covers the previous MAC, and the
newest (seq, MAC) is also kept in the key file and every backup, so a rolled-back database
ends its chain before the anchor and is reported as damaged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from practice.errors import StoreDamaged

if TYPE_CHECKING:
    # SQLAlchemy, the ORM and the models are loaded by the first session, not by opening
    # the store: the chain works on the driver's connection, so the window paints before
    # they are needed (bench/bench_app.py).
    from sqlalchemy.orm import Session, sessionmaker

GENESIS_MAC = bytes(32)
_CHAIN_INFO_KEY = "audit_chain"
_PENDING_HEAD_KEY = "audit_pending_head"
DetailValue = str | int | bool | None


@dataclass(frozen=True)
class AuditAnchor:
    """The newest link of the chain, as remembered outside the database."""

    seq: int
    mac: bytes

    def to_json(self) -> dict[str, int | str]:
        """Return the anchor as plain JSON values."""
        return {"seq": self.seq, "mac": self.mac.hex()}

    @classmethod
    def from_json(cls, raw: dict[str, int | str]) -> AuditAnchor:
        """Read an anchor written by ``to_json``."""
        return cls(seq=int(raw["seq"]), mac=bytes.fromhex(str(raw["mac"])))


GENESIS = AuditAnchor(seq=0, mac=GENESIS_MAC)


def derive_audit_key(data_key: bytes) -> bytes:
    """Derive the chain's HMAC key from the data key (HKDF-SHA256), never reusing the key itself."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"practice audit chain v1")
    return hkdf.derive(data_key)


def canonical_bytes(
    seq: int, at: int, action: str, entity: str | None, entity_id: int | None, detail: str
) -> bytes:
    """Serialise one entry the same way every time, for its MAC.

    Fields are joined by the unit separator (0x1F), which none can hold: actions and
    entities are identifiers chosen in code, and ``detail`` is ASCII JSON, which escapes
    control characters. An absent entity or id is the empty field.
    """
    text = "\x1f".join((str(seq), str(at), action, entity or "",
                        "" if entity_id is None else str(entity_id), detail))
    return text.encode("ascii")


def chain_mac(key: bytes, previous_mac: bytes, canonical: bytes) -> bytes:
    """MAC of one entry, bound to the entry before it."""
    return hmac.new(key, previous_mac + canonical, hashlib.sha256).digest()


class AuditChain:
    """Appends entries to the chain and tells the store the new head after each commit.

    Args:
        key: The HMAC key (see ``derive_audit_key``).
        anchor_sink: Called after a commit that added entries, with the new head, so the
            store can keep it outside the database.
    """

    def __init__(self, key: bytes, anchor_sink: Callable[[AuditAnchor], None]) -> None:
        self._key = key
        self._anchor_sink = anchor_sink

    def attach(self, sessions: sessionmaker[Session]) -> None:
        """Make every session of ``sessions`` carry this chain and report its commits."""
        # Imported here: the key file reads the chain's anchor type at the unlock screen,
        # which should not wait for SQLAlchemy.
        from sqlalchemy import event

        sessions.kw.setdefault("info", {})[_CHAIN_INFO_KEY] = self
        event.listen(sessions, "after_commit", _publish_head)
        event.listen(sessions, "after_rollback", _forget_head)

    def append(
        self,
        session: Session,
        action: str,
        entity: str | None,
        entity_id: int | None,
        detail: dict[str, DetailValue],
    ) -> AuditAnchor:
        """Add one entry in the caller's transaction; its head is published on commit."""
        driver = session.connection().connection.dbapi_connection
        head = self.write(driver, action, entity, entity_id, detail)
        session.info[_PENDING_HEAD_KEY] = (head, self)
        return head

    def write(
        self,
        connection: Any,
        action: str,
        entity: str | None,
        entity_id: int | None,
        detail: dict[str, DetailValue],
    ) -> AuditAnchor:
        """Add one entry on the driver's connection, in its open transaction.

        Opening the store writes its entry this way, before any engine or session exists
        (and so before SQLAlchemy is loaded); a session's entries go through the same
        call on the session's own connection. The caller publishes the returned head once
        the transaction commits.

        Args:
            connection: A DB-API (``sqlcipher3``) connection inside a write transaction.
            action: A category such as ``"note.sign"``.
            entity: The kind of record touched, if any.
            entity_id: The record's id, if any.
            detail: Identifiers and categories only.
        """
        try:
            return self._write(connection, action, entity, entity_id, detail)
        except Exception as error:
            # What the engine does for its own statements: damage is told as damage. The
            # driver is imported only here: the key file reads this module's anchor at
            # the unlock screen, which paints before SQLCipher loads.
            from practice.store.connection import DAMAGED_DATABASE, is_damage

            if is_damage(error):
                raise StoreDamaged(DAMAGED_DATABASE) from error
            raise

    def _write(self, connection: Any, action: str, entity: str | None,
               entity_id: int | None, detail: dict[str, DetailValue]) -> AuditAnchor:
        last = connection.execute(
            "SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        previous = GENESIS if last is None else AuditAnchor(seq=last[0], mac=last[1])
        at = int(datetime.now(UTC).timestamp())
        detail_json = json.dumps(detail, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        seq = previous.seq + 1
        canonical = canonical_bytes(seq, at, action, entity, entity_id, detail_json)
        mac = chain_mac(self._key, previous.mac, canonical)
        connection.execute(
            "INSERT INTO audit_log (seq, at, action, entity, entity_id, detail, mac) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (seq, at, action, entity, entity_id, detail_json, mac))
        return AuditAnchor(seq=seq, mac=mac)

    def publish(self, anchor: AuditAnchor) -> None:
        """Hand a committed head to the store."""
        self._anchor_sink(anchor)

    def verify(self, connection: Any, anchor: AuditAnchor) -> AuditAnchor:
        """Check every MAC and that the chain reaches at least the anchor.

        A chain longer than the anchor is accepted when the anchor's entry matches: the
        process may have died between committing entries and writing the anchor.

        Args:
            connection: A DB-API (``sqlcipher3``) connection to the store.
            anchor: The head remembered outside the database.

        Returns:
            The chain's real head.

        Raises:
            StoreDamaged: A MAC does not match, the chain has a gap, or it stops short of,
                or disagrees with, the anchor (the database was rolled back or edited).
        """
        head = GENESIS
        anchor_seen = anchor.seq == 0
        key = self._key
        for seq, at, action, entity, entity_id, detail, mac in _entries_in_order(connection):
            canonical = canonical_bytes(seq, at, action, entity, entity_id, detail)
            expected = hmac.new(key, head.mac + canonical, hashlib.sha256).digest()
            if seq != head.seq + 1 or not hmac.compare_digest(expected, mac):
                raise StoreDamaged(_DAMAGED_CHAIN)
            head = AuditAnchor(seq=seq, mac=mac)
            if seq == anchor.seq:
                anchor_seen = hmac.compare_digest(mac, anchor.mac)
                if not anchor_seen:
                    raise StoreDamaged(_DAMAGED_CHAIN)
        if not anchor_seen:
            raise StoreDamaged(_ROLLED_BACK)
        return head


_DAMAGED_CHAIN = (
    "The store's audit trail does not check out: records were changed outside Practice or the "
    "file is damaged. Restore your most recent backup."
)
_ROLLED_BACK = (
    "The store is older than its key file says it should be: the database was replaced by an "
    "earlier copy or partly rolled back. Restore your most recent backup."
)


def _entries_in_order(connection: Any) -> Iterator[Any]:
    # Raw driver rows, streamed: building ORM objects or processing result types for a long
    # chain costs several times what the MACs themselves do.
    result = connection.execute(
        "SELECT seq, at, action, entity, entity_id, detail, mac FROM audit_log ORDER BY seq"
    )
    while batch := result.fetchmany(5000):
        yield from batch


def _publish_head(session: Session) -> None:
    pending = session.info.pop(_PENDING_HEAD_KEY, None)
    if pending is not None:
        anchor, chain = pending
        chain.publish(anchor)


def _forget_head(session: Session) -> None:
    session.info.pop(_PENDING_HEAD_KEY, None)


def record(
    session: Session, action: str, *, entity: str | None = None, entity_id: int | None = None,
    **detail: DetailValue,
) -> None:
    """Write one audit entry in the caller's transaction.

    Args:
        session: A session from the store's sessionmaker (it carries the chain).
        action: A category such as ``"note.sign"`` or ``"release.revoke"``.
        entity: The kind of record touched, such as ``"note"``.
        entity_id: The record's id.
        **detail: Identifiers and categories only; never names, dates of birth or note text.
    """
    chain = session.info.get(_CHAIN_INFO_KEY)
    if not isinstance(chain, AuditChain):
        raise RuntimeError("this session was not made by the store; it has no audit chain")
    chain.append(session, action, entity, entity_id, detail)
