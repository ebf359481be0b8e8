"""The key file: the data key, only ever wrapped, in slots beside the encrypted database.

Slots (each AES-256-GCM, with the store id and slot name as associated data, so a slot
cannot be moved to another store or another slot):
- ``passphrase``: key-encryption key from Argon2id over the passphrase;
- ``recovery``: key-encryption key from HKDF over the 160-bit recovery key (already random,
  so no stretching is needed);
- ``device``: a random device key kept in the OS keychain.
The file also carries the audit chain's anchor (see ``practice.store.audit``).
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from practice.errors import StoreDamaged, WrongPassphrase
from practice.store.atomic import remove_leftovers, write_atomically
from practice.store.audit import GENESIS, AuditAnchor
from practice.store.kdf import KdfParams, stretch
from practice.store.layout import DEFAULT_PAGE_SIZE, LEGACY_PAGE_SIZE

FORMAT = "practice-keyfile/1"
DATA_KEY_BYTES = 32
_NONCE_BYTES, _SALT_BYTES, _TAG_BYTES = 12, 16, 16
_MAC_HEX = re.compile(r"[0-9a-f]{64}")
PASSPHRASE, RECOVERY, DEVICE = "passphrase", "recovery", "device"

WRONG_PASSPHRASE = "That passphrase does not open this store. Check Caps Lock and try again."
WRONG_RECOVERY_KEY = "That recovery key does not open this store. Check it against your printout."
DEVICE_KEY_STALE = "The key remembered on this device no longer opens this store."
_DAMAGED = (
    "The store's key file is damaged. Nothing has been changed; restore the key file "
    "from your most recent backup."
)


@dataclass(frozen=True)
class Slot:
    """One wrapped copy of the data key."""

    nonce: bytes
    wrapped: bytes
    salt: bytes = b""
    kdf: KdfParams | None = None
    backend: str = ""  # the keychain backend, for the device slot


@dataclass(frozen=True)
class KeyFile:
    """Everything in the key file; immutable, rewritten whole."""

    store_id: str
    slots: dict[str, Slot] = field(default_factory=dict)
    anchor: AuditAnchor = GENESIS
    page_size: int = DEFAULT_PAGE_SIZE  # SQLCipher's, fixed when the store is created

    def to_bytes(self) -> bytes:
        """Serialise as JSON."""
        doc: dict[str, Any] = {
            "format": FORMAT,
            "store_id": self.store_id,
            "slots": {name: _slot_to_json(slot) for name, slot in self.slots.items()},
            "audit_anchor": self.anchor.to_json(),
            "cipher_page_size": self.page_size,
        }
        return json.dumps(doc, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> KeyFile:
        """Parse a key file.

        Every field is checked (its type and its range) before any is used: a key file is
        read before the passphrase is stretched and the database is keyed, and Argon2 or
        SQLCipher handed a nonsensical number fail in ways no therapist can act on.

        Raises:
            StoreDamaged: It is not a key file this version can read.
        """
        try:
            doc = json.loads(data.decode("utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError("unknown key file format")
            slots = doc["slots"]
            if not isinstance(slots, dict) or PASSPHRASE not in slots:
                raise ValueError("no passphrase slot")  # every store is made with one
            return cls(
                store_id=str(uuid.UUID(hex=doc["store_id"]).hex),
                slots={str(n): _slot_from_json(str(n), s) for n, s in slots.items()},
                anchor=_anchor_from_json(doc["audit_anchor"]),
                page_size=_page_size(doc.get("cipher_page_size", LEGACY_PAGE_SIZE)),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise StoreDamaged(_DAMAGED) from error

    # --- wrapping -------------------------------------------------------------

    def with_passphrase(self, data_key: bytes, passphrase: str, params: KdfParams) -> KeyFile:
        """Return a copy whose passphrase slot wraps ``data_key`` under ``passphrase``."""
        salt = secrets.token_bytes(16)
        slot = self._wrap(PASSPHRASE, stretch(passphrase, salt, params), data_key)
        return self._with_slot(PASSPHRASE, replace(slot, salt=salt, kdf=params))

    def with_recovery(self, data_key: bytes, recovery_key: bytes) -> KeyFile:
        """Return a copy whose recovery slot wraps ``data_key`` under the recovery key."""
        salt = secrets.token_bytes(16)
        slot = self._wrap(RECOVERY, _recovery_kek(recovery_key, salt), data_key)
        return self._with_slot(RECOVERY, replace(slot, salt=salt))

    def with_device(self, data_key: bytes, device_key: bytes, backend: str) -> KeyFile:
        """Return a copy whose device slot wraps ``data_key`` under a keychain-held key."""
        slot = self._wrap(DEVICE, device_key, data_key)
        return self._with_slot(DEVICE, replace(slot, backend=backend))

    def without_device(self) -> KeyFile:
        """Return a copy with no device slot."""
        return replace(self, slots={k: v for k, v in self.slots.items() if k != DEVICE})

    def with_anchor(self, anchor: AuditAnchor) -> KeyFile:
        """Return a copy remembering a newer audit head."""
        return replace(self, anchor=anchor)

    def open_with_passphrase(self, passphrase: str) -> bytes:
        """Unwrap the data key with the passphrase.

        Raises:
            WrongPassphrase: The passphrase is not this store's.
        """
        slot = self._slot(PASSPHRASE)
        if slot.kdf is None:  # from_bytes refuses such a file; this guards one built in code
            raise StoreDamaged(_DAMAGED)
        return self._unwrap(PASSPHRASE, stretch(passphrase, slot.salt, slot.kdf), WRONG_PASSPHRASE)

    def open_with_recovery_key(self, recovery_key: bytes) -> bytes:
        """Unwrap the data key with the recovery key.

        Raises:
            WrongPassphrase: The recovery key is not this store's.
        """
        slot = self._slot(RECOVERY)
        return self._unwrap(RECOVERY, _recovery_kek(recovery_key, slot.salt), WRONG_RECOVERY_KEY)

    def open_with_device_key(self, device_key: bytes) -> bytes:
        """Unwrap the data key with the key remembered in the keychain.

        Raises:
            WrongPassphrase: The remembered key no longer matches.
        """
        return self._unwrap(DEVICE, device_key, DEVICE_KEY_STALE)

    def _aad(self, slot_name: str) -> bytes:
        return f"{FORMAT}|{self.store_id}|{slot_name}".encode("ascii")

    def _wrap(self, slot_name: str, kek: bytes, data_key: bytes) -> Slot:
        nonce = secrets.token_bytes(12)
        return Slot(nonce=nonce, wrapped=AESGCM(kek).encrypt(nonce, data_key, self._aad(slot_name)))

    def _unwrap(self, slot_name: str, kek: bytes, refusal: str) -> bytes:
        slot = self._slot(slot_name)
        try:
            return AESGCM(kek).decrypt(slot.nonce, slot.wrapped, self._aad(slot_name))
        except InvalidTag:
            raise WrongPassphrase(refusal) from None

    def _slot(self, name: str) -> Slot:
        try:
            return self.slots[name]
        except KeyError:
            raise WrongPassphrase(f"This store has no {name} slot.") from None

    def _with_slot(self, name: str, slot: Slot) -> KeyFile:
        return replace(self, slots={**self.slots, name: slot})


def new_data_key() -> bytes:
    """Return a fresh random 256-bit data key."""
    return secrets.token_bytes(DATA_KEY_BYTES)


def _recovery_kek(recovery_key: bytes, salt: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"practice recovery slot")
    return hkdf.derive(recovery_key)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _slot_to_json(slot: Slot) -> dict[str, Any]:
    doc: dict[str, Any] = {"nonce": _b64(slot.nonce), "wrapped": _b64(slot.wrapped)}
    if slot.salt:
        doc["salt"] = _b64(slot.salt)
    if slot.kdf is not None:
        doc["argon2id"] = slot.kdf.to_json()
    if slot.backend:
        doc["backend"] = slot.backend
    return doc


def _slot_from_json(name: str, doc: object) -> Slot:
    """Read one slot, refusing any field of the wrong type or length (ValueError)."""
    if not isinstance(doc, dict):
        raise ValueError("a slot is not a mapping")
    stretched = name == PASSPHRASE
    salted = stretched or name == RECOVERY or "salt" in doc
    backend = doc.get("backend", "")
    if not isinstance(backend, str):
        raise ValueError("a slot's backend is not text")
    return Slot(
        nonce=_decoded(doc["nonce"], _NONCE_BYTES),
        wrapped=_decoded(doc["wrapped"], DATA_KEY_BYTES + _TAG_BYTES),
        salt=_decoded(doc["salt"], _SALT_BYTES) if salted else b"",
        # The passphrase slot cannot be opened without its Argon2 parameters.
        kdf=KdfParams.from_json(doc["argon2id"]) if stretched or "argon2id" in doc else None,
        backend=backend,
    )


def _decoded(text: object, length: int) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    raw = base64.b64decode(text, validate=True)
    if len(raw) != length:
        raise ValueError("wrong length")
    return raw


def _anchor_from_json(doc: object) -> AuditAnchor:
    if not isinstance(doc, dict):
        raise ValueError("the audit anchor is not a mapping")
    seq, mac = doc.get("seq"), doc.get("mac")
    if type(seq) is not int or seq < 0 or not isinstance(mac, str) or not _MAC_HEX.fullmatch(mac):
        raise ValueError("the audit anchor is malformed")
    return AuditAnchor.from_json(doc)


def _page_size(value: object) -> int:
    # SQLCipher accepts powers of two from 512 to 65536, and says so on stderr otherwise.
    if type(value) is not int or not 512 <= value <= 65536 or value & (value - 1):
        raise ValueError("the page size is not one SQLCipher can use")
    return value


class KeyFileStore:
    """Reads and atomically rewrites one key file, keeping its previous version.

    Args:
        path: The key file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.previous_path = path.with_name(path.name + ".prev")
        self._lock = threading.Lock()

    def read(self) -> KeyFile:
        """Read the key file.

        Raises:
            StoreDamaged: The file cannot be parsed.
            FileNotFoundError: It is missing (the caller words this for the therapist).
        """
        return KeyFile.from_bytes(self.path.read_bytes())

    def remove_leftovers(self) -> int:
        """Remove temporary copies left by an update that was killed (hold the store's lock).

        Returns:
            How many were removed.
        """
        return remove_leftovers(self.path) + remove_leftovers(self.previous_path)

    def write(self, keyfile: KeyFile) -> None:
        """Replace the key file atomically, keeping the version it replaces."""
        with self._lock:
            write_atomically(self.path, keyfile.to_bytes(), keep_previous=self.previous_path)

    def update(self, change: Callable[[KeyFile], KeyFile]) -> KeyFile:
        """Read, change and write back under one lock, durably, keeping the previous version."""
        with self._lock:
            updated = change(self.read())
            write_atomically(self.path, updated.to_bytes(), keep_previous=self.previous_path)
            return updated

    def advance_anchor(self, anchor: AuditAnchor) -> None:
        """Remember a newer audit head, cheaply: this runs after every audited commit.

        Its bytes are fsynced, but not the folder, and the previous version is not rotated:
        if a power cut loses the rename, the old key file (same slots, older anchor) is
        still whole, and a chain longer than its anchor is accepted at open. The slots,
        which must never be lost, are only ever changed through ``update``.
        """
        with self._lock:
            current = self.read()
            if anchor.seq > current.anchor.seq:
                write_atomically(self.path, current.with_anchor(anchor).to_bytes(),
                                 sync_folder=False)
