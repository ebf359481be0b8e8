"""``practice receipt``, ``practice statement`` and ``practice income`` on a real store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from practice.services import billing
from practice.services.billing_documents import documents_for
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.billing.conftest import FEES, Practice
from tests.billing.documents_helpers import CHOSEN, LEGAL, pdf_text
from tests.billing.test_receipts_statements import _a_month_of_therapy
from tests.conftest import TEST_PASSPHRASE
from tests.store.test_cli import practice as run

ENV = {"PRACTICE_PASSPHRASE": TEST_PASSPHRASE}


def _books(store_path: Path) -> tuple[int, int]:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        for service, fee in FEES.items():
            billing.set_fee(store.sessions, service, fee, date(2026, 1, 1))
        client, march, _ = _a_month_of_therapy(Practice(store.sessions))
    return client, march


def _kinds(store_path: Path, client: int) -> list[str]:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        return [d.kind for d in documents_for(store.sessions, client)]


def test_a_receipt_and_a_statement_are_written_logged_and_name_the_client_by_id_only(
        store_path: Path, tmp_path: Path) -> None:
    client, march = _books(store_path)
    receipt, statement = tmp_path / "receipt.pdf", tmp_path / "statement.pdf"
    done = run("receipt", "--store", str(store_path), "--payment", str(march), "--date",
               "2026-04-10", "--out", str(receipt), env=ENV)
    assert done.returncode == 0, done.stderr
    assert f"Receipt for client {client} written to {receipt}" in done.stdout
    assert "total 200.00" in done.stdout and "Logged as disclosure" in done.stdout
    done = run("statement", "--store", str(store_path), "--client", CHOSEN, "--from",
               "2026-03-01", "--to", "2026-04-30", "--date", "2026-04-10", "--by", "post",
               "--out", str(statement), env=ENV)
    assert done.returncode == 0, done.stderr
    assert f"Statement for client {client}" in done.stdout and "90.00 due" in done.stdout
    for out in (done.stdout, done.stderr):
        assert CHOSEN not in out and LEGAL not in out
    printed = pdf_text(statement.read_bytes())
    assert LEGAL in printed and CHOSEN not in printed and "Amount due: $90.00" in printed
    assert _kinds(store_path, client) == ["receipt", "statement"]


def test_the_income_summary_is_written_as_csv_without_a_name(store_path: Path,
                                                            tmp_path: Path) -> None:
    _books(store_path)
    out = tmp_path / "income.csv"
    done = run("income", "--store", str(store_path), "--year", "2026", "--out", str(out),
               env=ENV)
    assert done.returncode == 0, done.stderr
    assert "charged 420.00, received 300.00" in done.stdout
    sheet = out.read_text(encoding="utf-8")
    assert "2026-03,420.00,200.00,0.00,30.00,200.00" in sheet
    assert "Whitfield" not in sheet and CHOSEN not in sheet


def test_bad_requests_are_refused_in_words(store_path: Path, tmp_path: Path) -> None:
    client, _ = _books(store_path)
    out = tmp_path / "x.pdf"
    unknown = run("receipt", "--store", str(store_path), "--payment", "9999", "--out",
                  str(out), env=ENV)
    assert unknown.returncode == 1 and "No payment with number 9999" in unknown.stderr
    # No passphrase: the dates and the year are refused before the store is opened.
    backwards = run("statement", "--store", str(store_path), "--client", "1", "--from",
                    "2026-03-31", "--to", "2026-03-01", "--out", str(out))
    assert backwards.returncode == 1
    assert "ends (2026-03-01) before it starts (2026-03-31)" in backwards.stderr
    empty = run("income", "--store", str(store_path), "--year", "2024", "--out",
                str(tmp_path / "income.csv"), env=ENV)
    assert empty.returncode == 1 and "in 2024" in empty.stderr
    wrong = run("income", "--store", str(store_path), "--year", "2026", "--out",
                str(tmp_path / "income.xlsx"))
    assert wrong.returncode == 1 and "FILE.csv or FILE.pdf" in wrong.stderr
    assert not out.exists() and not (tmp_path / "income.csv").exists()
    assert _kinds(store_path, client) == []
