"""The accountant's income summary: sums by month and for the year, and no one's name in it."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from practice.demo import build_demo
from practice.errors import ValidationError
from practice.models.clients import Client
from practice.services import billing
from practice.services.billing_documents import gather_income, income_csv, write_income
from practice.services.billing_documents.income import MONTHS
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.billing.conftest import Practice
from tests.billing.documents_helpers import CHOSEN, LEGAL, pdf_text, pdftotext
from tests.billing.test_receipts_statements import TODAY, _a_month_of_therapy
from tests.conftest import TEST_PASSPHRASE


def _with_a_refund(practice: Practice) -> int:
    """The month of therapy, then 150.00 on 5 April (60.00 of it credit) refunded on 4 May."""
    client, _, _ = _a_month_of_therapy(practice)
    extra = billing.record_payment(practice.sessions, client, "150.00", date(2026, 4, 5),
                                   "transfer", today=TODAY)
    billing.refund(practice.sessions, extra.id, "60.00", on=date(2026, 5, 4),
                   reason="Overpaid")
    return client


def test_each_entry_counts_in_the_month_of_its_own_date(practice: Practice) -> None:
    _with_a_refund(practice)
    summary = gather_income(practice.sessions, 2026)
    by_month = {m.month: (m.charged.cents, m.received.cents, m.refunded.cents,
                          m.written_off.cents) for m in summary.months}
    # March: three sessions at 150.00 less the 30.00 adjustment; the 30.00 write-off apart.
    assert by_month[3] == (42000, 20000, 0, 3000)
    assert by_month[4] == (0, 25000, 0, 0)
    assert by_month[5] == (0, 0, 6000, 0)
    assert all(by_month[m] == (0, 0, 0, 0) for m in (1, 2, 6, 7, 8, 9, 10, 11, 12))
    total = summary.total
    assert (total.charged.cents, total.received.cents, total.refunded.cents,
            total.written_off.cents, total.net_received.cents) == (42000, 45000, 6000, 3000,
                                                                   39000)


def test_the_csv_has_a_row_a_month_and_the_year_total(practice: Practice) -> None:
    _with_a_refund(practice)
    rows = list(csv.reader(io.StringIO(income_csv(gather_income(practice.sessions, 2026)))))
    assert rows[0] == ["month", "charged", "received", "refunded", "written_off",
                       "net_received"]
    assert [r[0] for r in rows[1:13]] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert rows[3] == ["2026-03", "420.00", "200.00", "0.00", "30.00", "200.00"]
    assert rows[5] == ["2026-05", "0.00", "0.00", "60.00", "0.00", "-60.00"]
    assert rows[13] == ["2026 total", "420.00", "450.00", "60.00", "30.00", "390.00"]


def test_the_files_name_no_client_and_the_export_is_audited(practice: Practice,
                                                             tmp_path: Path) -> None:
    _with_a_refund(practice)
    written = tmp_path / "income-2026.csv"
    drawn = tmp_path / "income-2026.pdf"
    write_income(practice.sessions, 2026, written)
    write_income(practice.sessions, 2026, drawn)
    sheet = written.read_text(encoding="utf-8")
    printed = pdf_text(drawn.read_bytes())
    assert "420.00" in sheet and "$420.00" in printed and "$390.00" in printed
    assert "Total 2026" in printed and "March" in printed
    for name in (LEGAL, CHOSEN, "Whitfield", "Margaret"):
        assert name not in sheet and name not in printed
    poppler = pdftotext(drawn)
    if poppler is not None:
        assert "Whitfield" not in poppler and "$450.00" in poppler
    with practice.sessions.begin() as s:
        exported = s.execute(text(
            "SELECT count(*) FROM audit_log WHERE action = 'billing.income_summary'")).scalar()
    assert exported == 2


def test_the_demo_practices_income_names_none_of_its_clients(store_path: Path,
                                                              tmp_path: Path) -> None:
    sheet, drawn = tmp_path / "demo.csv", tmp_path / "demo.pdf"
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        build_demo(store.sessions, seed=2, today=date(2026, 11, 27))
        write_income(store.sessions, 2026, sheet)
        write_income(store.sessions, 2026, drawn)
        with store.sessions.begin() as s:
            people = s.execute(select(Client.legal_name, Client.chosen_name)).all()
    words = sheet.read_text(encoding="utf-8") + "\n" + pdf_text(drawn.read_bytes())
    names = {name for row in people for name in row if name}
    # A chosen name may be a month's name ("June"), which the summary prints as a month.
    names -= set(MONTHS)
    surnames = {legal.split()[-1] for legal, _ in people if len(legal.split()) > 1}
    assert len(names) > 10
    assert [name for name in names | surnames if name in words] == []
    assert "2026 total" in words


def test_a_year_with_nothing_and_a_bad_file_name_are_refused_in_words(
        practice: Practice, tmp_path: Path) -> None:
    _with_a_refund(practice)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(ValidationError, match="Nothing was charged, received, refunded or "
                                              "written off in 2025"):
        write_income(practice.sessions, 2025, tmp_path / "income.csv")
    with pytest.raises(ValidationError, match="four digits"):
        gather_income(practice.sessions, 26)
    with pytest.raises(ValidationError, match=r"FILE\.csv or FILE\.pdf"):
        write_income(practice.sessions, 2026, tmp_path / "income.xlsx")
    assert list(tmp_path.iterdir()) == []
