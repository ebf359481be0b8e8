"""``practice payment`` and ``practice balance`` on a real store, clients named or by id."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from practice.services import billing
from practice.store.credentials import Passphrase
from practice.store.store import Store
from tests.billing.conftest import FEES, Practice
from tests.conftest import TEST_PASSPHRASE
from tests.store.test_cli import practice as run

ENV = {"PRACTICE_PASSPHRASE": TEST_PASSPHRASE}


def _two_clients_with_sessions(store_path: Path) -> tuple[int, int]:
    """Ana (chosen name Lucía) held two sessions, Ben one; 150.00 each."""
    with Store.open(store_path, Passphrase(TEST_PASSPHRASE)) as store:
        for service, fee in FEES.items():
            billing.set_fee(store.sessions, service, fee, date(2026, 1, 1))
        books = Practice(store.sessions)
        ana = books.client("Ana Lucía Ruiz", "Lucía")
        ben = books.client("Benjamin Okafor")
        ana_unit, ben_unit = books.unit("individual", ana), books.unit("individual", ben)
        for unit in (ana_unit, ana_unit, ben_unit):
            books.hold(unit)
    return ana, ben


def test_a_payment_by_name_is_applied_and_the_balance_printed_tab_separated(
        store_path: Path) -> None:
    ana, ben = _two_clients_with_sessions(store_path)
    store = ["--store", str(store_path)]
    paid = run("payment", *store, "--client", "Lucía", "--amount", "200.00",
               "--date", "2026-04-01", "--method", "card", env=ENV)
    assert paid.returncode == 0, paid.stderr
    assert f"from client {ana} on 2026-04-01 (card): 200.00 applied" in paid.stdout
    assert "Lucía" not in paid.stdout and "Ruiz" not in paid.stdout
    everyone = run("balance", *store, env=ENV)
    assert everyone.returncode == 0, everyone.stderr
    assert [line.split("\t") for line in everyone.stdout.splitlines()] == [
        [str(ben), "150.00", "0.00", "150.00"], [str(ana), "300.00", "200.00", "100.00"]]
    one = run("balance", *store, "--client", str(ben), env=ENV)
    assert one.stdout == f"{ben}\t150.00\t0.00\t150.00\n"


def test_a_bad_payment_is_refused_in_words_and_nothing_is_recorded(store_path: Path) -> None:
    ana, _ben = _two_clients_with_sessions(store_path)
    store = ["--store", str(store_path), "--client", str(ana), "--method", "cash"]
    cases = {
        "150.005": "Amounts have at most two decimals",
        "-150.00": "cannot be negative",
        "lots": "must be an amount of money",
    }
    for amount, words in cases.items():
        refused = run("payment", *store, "--amount", amount, env=ENV)
        assert refused.returncode == 1
        assert words in refused.stderr
    wrong_method = run("payment", "--store", str(store_path), "--client", str(ana),
                       "--amount", "10", "--method", "paypal", env=ENV)
    assert "cash, cheque, card, transfer" in wrong_method.stderr
    bad_date = run("payment", *store, "--amount", "10", "--date", "2026-02-30", env=ENV)
    assert "Date is not a date that exists." in bad_date.stderr
    nobody = run("payment", "--store", str(store_path), "--client", "Nobody Here",
                 "--amount", "10", "--method", "cash", env=ENV)
    assert nobody.returncode == 1
    unchanged = run("balance", "--store", str(store_path), "--client", str(ana), env=ENV)
    assert unchanged.stdout == f"{ana}\t300.00\t0.00\t300.00\n"
