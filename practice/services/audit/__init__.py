"""The audit domain: every change is recorded in a keyed hash chain the store keeps.

The chain itself lives in ``practice.store.audit`` (the store attaches it to every
session); services record their entries through ``record``.
"""

from __future__ import annotations

from practice.store.audit import (
    GENESIS,
    GENESIS_MAC,
    AuditAnchor,
    AuditChain,
    DetailValue,
    canonical_bytes,
    chain_mac,
    derive_audit_key,
    record,
)

__all__ = [
    "GENESIS",
    "GENESIS_MAC",
    "AuditAnchor",
    "AuditChain",
    "DetailValue",
    "canonical_bytes",
    "chain_mac",
    "derive_audit_key",
    "record",
]
