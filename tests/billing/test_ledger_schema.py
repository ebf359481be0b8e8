"""The store holds the ledger's guards exactly as the models write them."""

from __future__ import annotations

from sqlalchemy import text

from practice.models.billing import BILLING_DDL, SUM_TRIGGERS
from practice.store.store import Store


def test_the_migrated_store_has_every_ledger_guard_word_for_word(store: Store) -> None:
    with store.engine.connect() as conn:
        found = set(conn.execute(text(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ("
            "'fee_schedule', 'sliding_fees', 'charges', 'charge_adjustments', 'payments', "
            "'payment_allocations', 'refunds', 'write_offs', 'billing_documents')")).scalars())
    assert found == set(BILLING_DDL)
    assert all(any(name in statement for statement in BILLING_DDL) for name in SUM_TRIGGERS)


LEDGER_TABLES = ("fee_schedule", "sliding_fees", "unit_payers", "charges", "charge_adjustments",
                 "payments", "refunds", "write_offs", "billing_documents")


def test_checking_a_ledger_row_builds_no_lookup_table(store: Store) -> None:
    # Enumerated CHECKs are ORs, not IN lists: SQLite would build a table per row checked
    # for a list of three or more values (see revision 0007), and an import checks many.
    with store.engine.connect() as conn:
        for table in LEDGER_TABLES:
            program = conn.exec_driver_sql(f"EXPLAIN INSERT INTO {table} DEFAULT VALUES").all()
            assert all(row[1] != "OpenEphemeral" for row in program), table
