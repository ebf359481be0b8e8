"""Benchmark superbills against letters: 500 of each, measured in the same run.

Run from the repository root:  python bench/bench_superbills.py [--clients 500]

Target (issue 15): superbills for 500 clients over a year within 3x the time of 500
letters. Absolute times depend on the machine, so the letter figure is the baseline: the
cardiology specimen letter rendered by ``practice.letters.render.render_letter``, the same
engine (``practice.documents``) and the same fonts.

Two rows:
- drawing alone: 500 distinct superbills, each a year of weekly sessions (48 lines, two
  diagnosis pointers, payments on most), rendered by ``render_superbill``;
- through the store: an encrypted store holding 500 clients with a year of weekly charges
  and payments each; for every client ``gather_superbill`` reads the ledger and the
  superbill is drawn (what ``issue_superbill`` does before writing and logging).
Setting the store up is not timed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEAR = (date(2025, 1, 1), date(2025, 12, 31))
TODAY = date(2026, 1, 15)
WEEKS = 48
FEE_CENTS = 15000


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _row(label: str, ours: float, base: float, count: int) -> None:
    print(f"{label:<38} superbills {ours:7.2f} s ({ours / count * 1000:6.1f} ms each)   "
          f"letters {base:6.2f} s ({base / count * 1000:5.1f} ms each)   "
          f"ratio {ours / base:5.2f}  (target <= 3.00)")


def _profile() -> object:
    from practice.services import settings

    return settings.PracticeProfile(
        practice_name="Bench Practice", therapist_name="Dr. Bench", credentials="PhD, LMFT",
        licences=(settings.Licence("IL", "LMFT-1", "LMFT", date(2030, 1, 31)),),
        address_lines=("1 Main St", "Chicago, IL 60611"), phone="(312) 555-0100",
        extra={"npi": "1234567893", "tax_id": "12-3456789"})


def synthetic_bills(count: int) -> list[object]:
    """Distinct superbills, one a client, each a year of weekly sessions."""
    from practice.billing.money import Money
    from practice.services.billing_documents import (
        Biller,
        DiagnosisCode,
        Patient,
        ServiceLine,
        Superbill,
    )

    biller = Biller("Dr. Bench, PhD, LMFT", "1234567893", "12-3456789", ("LMFT IL LMFT-1",),
                    ("IL",))
    diagnoses = (DiagnosisCode("A", "F52.21", "Male erectile disorder"),
                 DiagnosisCode("B", "Z63.0", "Problems in relationship with spouse or partner"))
    bills: list[object] = []
    for n in range(count):
        lines = []
        for week in range(WEEKS):
            day = YEAR[0] + timedelta(weeks=week, days=n % 5)
            video = week % 3 == 0
            paid = Money(FEE_CENTS if week < WEEKS - 4 else 0)
            lines.append(ServiceLine(day, "10" if video else "11", "90834",
                                     ("95",) if video else (), ("A", "B"), 1, Money(FEE_CENTS),
                                     paid, Money(FEE_CENTS) - paid))
        bills.append(Superbill(
            Patient(n + 1, f"Client Number{n:04d} Bench", date(1980, 1, 1) + timedelta(days=n),
                    f"{n} Elm Street\nEvanston, IL 60201"),
            biller, YEAR[0], YEAR[1], TODAY, diagnoses, tuple(lines)))
    return bills


def _fill_store(sessions: object, count: int) -> list[int]:
    """Clients with a year of completed weekly sessions, charged, most paid (not timed)."""
    from practice.models.billing import Charge, Payment, PaymentAllocation
    from practice.models.schedule import AppointmentRecord
    from practice.services import settings
    from practice.services.clients import ClientDetails, create_clients
    from practice.services.units import create_unit

    settings.save_profile(sessions, _profile())  # type: ignore[arg-type]
    ids = create_clients(sessions, [  # type: ignore[arg-type]
        ClientDetails(legal_name=f"Client Number{n:04d} Bench", date_of_birth=date(1980, 1, 1),
                      address=f"{n} Elm Street, Evanston, IL 60201") for n in range(count)],
        on=YEAR[0])
    units = [create_unit(sessions, "individual", [client], opened_on=YEAR[0]).id  # type: ignore[arg-type]
             for client in ids]
    now = datetime.now(UTC)
    with sessions.begin() as s:  # type: ignore[attr-defined]
        for n, (client, unit) in enumerate(zip(ids, units, strict=True)):
            # Each client at their own hour, so no two sessions overlap.
            first = datetime(2025, 1, 6, 8, 0, tzinfo=UTC) + timedelta(minutes=50 * n)
            for week in range(WEEKS):
                start = first + timedelta(weeks=week)
                appointment = AppointmentRecord(
                    unit_id=unit, kind="individual", start_utc=start, zone="America/Chicago",
                    duration_minutes=50, location="office", status="completed",
                    created_at=now, updated_at=now)
                s.add(appointment)
                s.flush()
                charge = Charge(appointment_id=appointment.id, unit_id=unit, client_id=client,
                                payer_client_id=client, service_date=start.date(),
                                kind="service", code="90834", modifiers="",
                                place_of_service="11", units=1, fee_cents=FEE_CENTS,
                                amount_cents=FEE_CENTS, line=0, created_at=now)
                s.add(charge)
                if week >= WEEKS - 4:
                    continue
                payment = Payment(client_id=client, amount_cents=FEE_CENTS,
                                  received_on=start.date(), method="card", created_at=now)
                s.add(payment)
                s.flush()
                s.add(PaymentAllocation(payment_id=payment.id, charge_id=charge.id,
                                        amount_cents=FEE_CENTS, created_at=now))
    return list(ids)


def main() -> None:
    """Print both rows with their ratios to 500 letters."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500)
    count = parser.parse_args().clients

    from practice.documents.fonts import ensure_fonts
    from practice.letters import load_templates, warm_up
    from practice.letters.render import render_letter
    from practice.letters.specimen import specimen_letter
    from practice.services.billing_documents import gather_superbill
    from practice.services.billing_documents.render import render_superbill
    from practice.services.letters.profile import letterhead
    from practice.store.kdf import FAST_INSECURE_PARAMS
    from practice.store.store import Store

    warm_up()
    ensure_fonts()
    template = load_templates()["cardiology"]
    head = letterhead(_profile(), None)  # type: ignore[arg-type]
    bills = synthetic_bills(count)
    render_letter(specimen_letter(template))
    render_superbill(bills[0], head, None)  # type: ignore[arg-type]

    letters = _timed(lambda: [render_letter(specimen_letter(template)) for _ in range(count)])
    drawn = _timed(lambda: [render_superbill(b, head, None) for b in bills])  # type: ignore[arg-type]
    _row(f"{count} drawn (48 lines each)", drawn, letters, count)

    with tempfile.TemporaryDirectory() as folder:
        store, _ = Store.create(Path(folder) / "store", "bench passphrase",
                                kdf=FAST_INSECURE_PARAMS)
        with store:
            started = time.perf_counter()
            clients = _fill_store(store.sessions, count)
            print(f"(store of {count} clients x {WEEKS} charged sessions set up in "
                  f"{time.perf_counter() - started:.1f} s, not timed)")

            def through_store() -> None:
                for client in clients:
                    bill = gather_superbill(store.sessions, client, start=YEAR[0], end=YEAR[1],
                                            today=TODAY)
                    render_superbill(bill, head, None)

            letters = _timed(lambda: [render_letter(specimen_letter(template))
                                      for _ in range(count)])
            gathered = _timed(through_store)
    _row(f"{count} read from the store and drawn", gathered, letters, count)


if __name__ == "__main__":
    main()
