"""Audit-chain benchmark: verifying 100,000 entries, beside plainly reading them (same run).

Target (issue: the clinical core): verifying an audit chain of 100,000 entries under 2 s.

Run: python bench/bench_audit.py [--entries 100000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from practice.models.audit import AuditEntry
from practice.store.audit import AuditChain, canonical_bytes, chain_mac
from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.store import Store


def fill(store: Store, entries: int) -> None:
    """Append entries quickly: computed MACs, bulk-inserted in large transactions."""
    chain: AuditChain = store.sessions.kw["info"]["audit_chain"]
    key = chain._key
    with store.sessions.begin() as session:
        last = session.execute(
            select(AuditEntry.seq, AuditEntry.mac).order_by(AuditEntry.seq.desc()).limit(1)
        ).one()
        seq, mac = last[0], last[1]
        batch: list[AuditEntry] = []
        at = int(time.time())
        for _ in range(entries):
            seq += 1
            detail = '{"note":12345}'
            mac = chain_mac(key, mac, canonical_bytes(seq, at, "note.viewed", "note", seq, detail))
            batch.append(AuditEntry(seq=seq, at=at, action="note.viewed", entity="note",
                                    entity_id=seq, detail=detail, mac=mac))
        session.add_all(batch)
    chain.publish(type(store.keyfile.anchor)(seq=seq, mac=mac))


def main() -> None:
    """Build the chain, then time a plain read and a full verification."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="practice-bench-audit-")) / "store"
    store, _ = Store.create(root, "bench passphrase", kdf=FAST_INSECURE_PARAMS)
    fill(store, args.entries)
    with store.sessions() as session:
        started = time.perf_counter()
        rows = session.execute(select(AuditEntry.seq, AuditEntry.mac)).all()
        plain_read = time.perf_counter() - started
    started = time.perf_counter()
    store._verify_chain()
    verify = time.perf_counter() - started
    store.close()
    verdict = "OK" if verify < 2.0 else "OVER TARGET"
    print(f"audit chain of {len(rows)} entries: verify {verify * 1000:.0f} ms "
          f"(target < 2000 ms): {verdict}; reading the rows alone {plain_read * 1000:.0f} ms "
          f"(ratio {verify / plain_read:.1f}x)")


if __name__ == "__main__":
    main()
