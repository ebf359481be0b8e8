"""The demo practice keeps books: fees, charges of every kind, payments; and they travel."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from practice.demo import build_demo
from practice.errors import ValidationError
from practice.services import billing
from practice.services.practice_export import export_practice, import_practice, read_export
from practice.store.credentials import Passphrase
from practice.store.kdf import FAST_INSECURE_PARAMS
from practice.store.store import Store
from tests.conftest import TEST_PASSPHRASE

TODAY = date(2026, 11, 27)


def test_the_demo_has_fees_charges_of_each_kind_payments_and_who_owes(store_path: Path,
                                                                      tmp_path: Path) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        build_demo(store.sessions, seed=2, today=TODAY)
        fees = billing.fee_schedule(store.sessions)
        charges = billing.charges_for(store.sessions)
        balances = billing.balances(store.sessions)
        owing = billing.outstanding(store.sessions)
        export = tmp_path / "demo.json"
        export_practice(store, export, passphrase=None)
    assert {row.service for row in fees} >= {"90834", "90847", "no_show"}
    codes = Counter(charge.code for charge in charges)
    assert codes["90834"] and codes["90847"] and codes["no_show"] == 1
    assert {charge.place_of_service for charge in charges} >= {"11", "10"}
    assert {"80.00", "90.00"} & {str(c.fee) for c in charges}  # the sliding scale
    # The first couple splits 60/40: two payers for each of its sessions.
    assert any(str(c.amount) == "108.00" and str(c.fee) == "180.00" for c in charges)
    assert sum(row.paid.cents for row in balances) == 86600
    assert owing and all(row.balance.cents > 0 for row in owing)
    # The whole-practice export carries the ledger, and an import keeps its rules.
    copy, _recovery, _summary = import_practice(export, tmp_path / "copy", passphrase=None,
                                                store_passphrase=TEST_PASSPHRASE,
                                                kdf=FAST_INSECURE_PARAMS)
    with copy:
        assert billing.balances(copy.sessions) == balances
        again = tmp_path / "again.json"
        export_practice(copy, again, passphrase=None)
    _rev, before = read_export(export, None)
    _rev, after = read_export(again, None)
    assert before == after
    for table in ("fee_schedule", "sliding_fees", "unit_payers", "unit_payer_shares", "charges",
                  "payments", "payment_allocations"):
        assert before[table]["rows"], table  # type: ignore[index]


def test_an_import_whose_payments_do_not_cover_their_allocations_is_refused(
        store_path: Path, tmp_path: Path) -> None:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        build_demo(store.sessions, seed=3, today=TODAY)
        export = tmp_path / "demo.json"
        export_practice(store, export, passphrase=None)
    document = json.loads(export.read_text(encoding="utf-8"))
    payments = document["tables"]["payments"]
    amount = payments["columns"].index("amount_cents")
    payments["rows"][0][amount] = 1  # a payment of 0.01 that paid a whole session
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationError, match="do not fit together"):
        import_practice(edited, tmp_path / "copy", passphrase=None,
                        store_passphrase=TEST_PASSPHRASE, kdf=FAST_INSECURE_PARAMS)
    assert not (tmp_path / "copy").exists() or not any((tmp_path / "copy").iterdir())
