"""Canonical serialisations of signed content, and their SHA-256.

The same bytes come out for the same content on every machine and every version: JSON with
sorted keys, no insignificant whitespace, UTF-8, dates in ISO form, datetimes in UTC, lists in
a fixed order. The version field lets a future format coexist with hashes already stored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

CANONICAL_VERSION = 1


def sha256_hex(data: bytes) -> str:
    """Return the SHA-256 of ``data`` as 64 lower-case hex digits."""
    return hashlib.sha256(data).hexdigest()


def _dump(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def canonical_note(
    *, note_id: int, unit_id: int, session_date: date, appointment_id: int | None,
    note_format: str, risk_level: str | None, sections: Mapping[str, str],
    attendee_ids: Iterable[int], diagnoses: Iterable[tuple[Any, ...]],
    procedures: Iterable[tuple[Any, ...]], signed_by: str, signed_at: datetime,
) -> bytes:
    """Serialise a progress note's signed content.

    Args:
        note_id: The note's id.
        unit_id: Its unit.
        session_date: The session's date.
        appointment_id: The linked appointment, if any.
        note_format: "soap", "dap", "birp" or "free".
        risk_level: The recorded risk level, if any.
        sections: Section key to text, exactly as stored.
        attendee_ids: Who attended.
        diagnoses: (client id, code, position) triples.
        procedures: (code, position) pairs.
        signed_by: The signer.
        signed_at: The signing time.

    Returns:
        The canonical bytes.
    """
    return _dump({
        "v": CANONICAL_VERSION, "kind": "progress_note", "id": note_id, "unit_id": unit_id,
        "session_date": session_date.isoformat(), "appointment_id": appointment_id,
        "format": note_format, "risk_level": risk_level,
        "sections": sorted([k, v] for k, v in sections.items()),
        "attendees": sorted(attendee_ids),
        "diagnoses": sorted([int(c), str(code), int(pos)] for c, code, pos in diagnoses),
        "procedures": sorted([str(code), int(pos)] for code, pos in procedures),
        "signed_by": signed_by, "signed_at": _utc(signed_at),
    })


def canonical_addendum(
    *, addendum_id: int, note_id: int, note_hash: str, body: str, signed_by: str,
    signed_at: datetime,
) -> bytes:
    """Serialise an addendum's signed content, bound to its note's hash."""
    return _dump({
        "v": CANONICAL_VERSION, "kind": "addendum", "id": addendum_id, "note_id": note_id,
        "note_hash": note_hash, "body": body, "signed_by": signed_by,
        "signed_at": _utc(signed_at),
    })
