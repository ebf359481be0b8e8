"""The export file's envelope: a passphrase of its own (Argon2id) sealing the document (AES-GCM).

The header (format, Argon2id parameters, salt, nonce) is authenticated as associated data, so
a changed header fails exactly as a changed body does.
"""

from __future__ import annotations

import base64
import json
import os
import zlib

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from practice.errors import ValidationError
from practice.store.kdf import KdfParams, stretch

MAGIC = b"PRACTICE-EXPORT-ENCRYPTED\n"
CIPHER = "AES-256-GCM"
# A practice of thousands of clients with scans is some hundreds of megabytes; a file
# larger than this is not an export and would only exhaust memory.
MAX_BYTES = 1536 * 1024 * 1024
WRONG_PASSPHRASE = ("That passphrase does not open this export, or the file was changed "
                    "after it was written. Nothing was imported.")
NOT_AN_EXPORT = "This is not a Practice export file. Nothing was imported."
DAMAGED = "The export file is damaged or incomplete. Nothing was imported."
_MAX_HEADER = 4096


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def seal(document: bytes, passphrase: str, params: KdfParams) -> bytes:
    """Compress and encrypt a document under a passphrase.

    Args:
        document: The export document (JSON, UTF-8).
        passphrase: The export's own passphrase.
        params: Argon2id costs for stretching it.

    Returns:
        The file's bytes.
    """
    salt, nonce = os.urandom(16), os.urandom(12)
    header = json.dumps({"cipher": CIPHER, "compression": "zlib", "kdf": params.to_json(),
                         "salt": _b64(salt), "nonce": _b64(nonce)},
                        sort_keys=True).encode("ascii") + b"\n"
    key = stretch(passphrase, salt, params)
    body = AESGCM(key).encrypt(nonce, zlib.compress(document, 6), MAGIC + header)
    return MAGIC + header + body


def is_sealed(head: bytes) -> bool:
    """Whether a file beginning with ``head`` is an encrypted export."""
    return head.startswith(MAGIC)


def unseal(data: bytes, passphrase: str) -> bytes:
    """Open an encrypted export.

    Raises:
        ValidationError: Wrong passphrase, a changed or truncated file, or not an export.
    """
    if not data.startswith(MAGIC):
        raise ValidationError(NOT_AN_EXPORT)
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + _MAX_HEADER)
    if end < 0:
        raise ValidationError(DAMAGED)
    header_line = data[len(MAGIC):end + 1]
    try:
        header = json.loads(header_line)
        if not isinstance(header, dict) or header.get("cipher") != CIPHER:
            raise ValueError("unknown cipher")
        params = KdfParams.from_json(header.get("kdf"))
        salt = base64.b64decode(header["salt"], validate=True)
        nonce = base64.b64decode(header["nonce"], validate=True)
        if len(salt) != 16 or len(nonce) != 12:
            raise ValueError("salt or nonce length")
    except (ValueError, KeyError, TypeError):
        raise ValidationError(DAMAGED) from None
    key = stretch(passphrase, salt, params)
    try:
        compressed = AESGCM(key).decrypt(nonce, data[end + 1:], MAGIC + header_line)
    except InvalidTag:
        raise ValidationError(WRONG_PASSPHRASE) from None
    # Whoever made the file knows its passphrase, so a valid tag proves nothing about its
    # size: a few megabytes of zlib can claim gigabytes. Never inflate past what a plain
    # export of that size could be.
    inflater = zlib.decompressobj()
    try:
        document = inflater.decompress(compressed, MAX_BYTES + 1)
    except zlib.error:
        raise ValidationError(DAMAGED) from None
    if len(document) > MAX_BYTES or inflater.unconsumed_tail or not inflater.eof:
        raise ValidationError(DAMAGED)
    return document
