"""``practice superbill`` and ``practice estimate`` on a real store, the client named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from practice.services import billing
from practice.services.billing_documents import documents_for
from practice.services.letters.disclosures import list_disclosures
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.billing.conftest import FEES, Practice
from tests.billing.documents_helpers import (
    CHOSEN,
    LEGAL,
    NPI,
    pdf_text,
    set_billing_profile,
    sign_with_codes,
    whitfield,
)
from tests.conftest import TEST_PASSPHRASE
from tests.store.test_cli import practice as run

ENV = {"PRACTICE_PASSPHRASE": TEST_PASSPHRASE}


def _client_in_therapy(store_path: Path, *, npi: str = NPI) -> int:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        for service, fee in FEES.items():
            billing.set_fee(store.sessions, service, fee, date(2026, 1, 1))
        set_billing_profile(store.sessions, npi=npi)
        books = Practice(store.sessions)
        client = whitfield(store.sessions)
        unit = books.unit("individual", client)
        held = books.hold(unit, week=0)
        books.hold(unit, week=1)
        sign_with_codes(store.sessions, unit, held, date(2026, 3, 2), [(client, "F52.0")])
    return client


def _documents(store_path: Path, client: int) -> tuple[int, int]:
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        return (len(documents_for(store.sessions, client)),
                len(list_disclosures(store.sessions, client)))


def test_a_superbill_by_chosen_name_is_written_logged_and_named_by_id_only(
        store_path: Path, tmp_path: Path) -> None:
    client = _client_in_therapy(store_path)
    out = tmp_path / "superbill.pdf"
    done = run("superbill", "--store", str(store_path), "--client", CHOSEN, "--from",
               "2026-03-01", "--to", "2026-03-31", "--date", "2026-04-02", "--out", str(out),
               env=ENV)
    assert done.returncode == 0, done.stderr
    assert f"Superbill for client {client} written to {out}" in done.stdout
    assert "total 300.00" in done.stdout and "Logged as disclosure" in done.stdout
    assert CHOSEN not in done.stdout and LEGAL not in done.stdout
    printed = pdf_text(out.read_bytes())
    assert NPI in printed and "F52.0" in printed and "$300.00" in printed and LEGAL in printed
    assert CHOSEN not in printed
    assert _documents(store_path, client) == (1, 1)


def test_a_superbill_with_dates_out_of_order_is_refused_before_the_store_is_opened(
        store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "superbill.pdf"
    # No passphrase given: the dates are refused first.
    refused = run("superbill", "--store", str(store_path), "--client", "1", "--from",
                  "2026-03-31", "--to", "2026-03-01", "--out", str(out))
    assert refused.returncode == 1
    assert "ends (2026-03-01) before it starts (2026-03-31)" in refused.stderr
    assert not out.exists()
    nonsense = run("superbill", "--store", str(store_path), "--client", "1", "--from",
                   "2026-02-30", "--to", "2026-03-01", "--out", str(out))
    assert nonsense.returncode == 1 and "first service date" in nonsense.stderr.lower()


def test_a_superbill_without_an_npi_names_the_setting_and_writes_nothing(
        store_path: Path, tmp_path: Path) -> None:
    client = _client_in_therapy(store_path, npi="")
    out = tmp_path / "superbill.pdf"
    refused = run("superbill", "--store", str(store_path), "--client", str(client), "--from",
                  "2026-03-01", "--to", "2026-03-31", "--out", str(out), env=ENV)
    assert refused.returncode == 1
    assert 'fill in "Individual NPI" in Settings' in refused.stderr
    assert not out.exists()
    assert _documents(store_path, client) == (0, 0)


def test_an_estimate_for_three_monthly_sessions_is_written_and_logged(
        store_path: Path, tmp_path: Path) -> None:
    client = _client_in_therapy(store_path)
    out = tmp_path / "estimate.pdf"
    done = run("estimate", "--store", str(store_path), "--client", str(client), "--out",
               str(out), "--frequency", "monthly", "--months", "3", "--start", "2026-04-06",
               "--date", "2026-04-02", env=ENV)
    assert done.returncode == 0, done.stderr
    assert f"Good-faith estimate for client {client}" in done.stdout
    assert "total 450.00" in done.stdout
    printed = pdf_text(out.read_bytes())
    assert "$450.00" in printed and "at least $400 more than" in printed
    assert _documents(store_path, client) == (1, 1)
    bad = run("estimate", "--store", str(store_path), "--client", str(client), "--out",
              str(out), "--months", "18")
    assert bad.returncode == 1 and "from 1 to 12 months" in bad.stderr
