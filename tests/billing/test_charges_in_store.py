"""A held session creates its charge: the code from its kind, length and attendance."""

from __future__ import annotations

from datetime import date

import pytest

from practice.billing import Arrangement, Money, PayerPlan
from practice.errors import ValidationError
from practice.schedule.model import SessionKind, SessionStatus
from practice.services import billing
from practice.services.schedule import SessionRef, complete_session
from practice.store.store import Store
from tests.billing.conftest import Practice


def _lines(practice: Practice, appointment_id: int) -> list[tuple[str, int, str | None,
                                                                   tuple[str, ...], str]]:
    return [(c.code, c.units, c.place_of_service, c.modifiers, str(c.fee))
            for c in billing.charges_for(practice.sessions) if c.appointment_id == appointment_id]


@pytest.mark.parametrize(("minutes", "code", "fee"), [
    (30, "90832", "90.00"), (45, "90834", "150.00"), (53, "90837", "190.00")])
def test_completing_an_individual_session_charges_its_code_by_length(
        practice: Practice, minutes: int, code: str, fee: str) -> None:
    ana = practice.client("Ana Ruiz")
    held = practice.hold(practice.unit("individual", ana), minutes=minutes)
    assert _lines(practice, held) == [(code, 1, "11", (), fee)]
    (charge,) = billing.charges_for(practice.sessions, client_id=ana)
    assert (charge.payer_id, charge.due, charge.service_date) == (ana, charge.fee,
                                                                  date(2026, 3, 2))


def test_an_intake_is_charged_90791(practice: Practice) -> None:
    ana = practice.client("Ana Ruiz")
    held = practice.hold(practice.unit("individual", ana), kind=SessionKind.INTAKE, minutes=60)
    assert _lines(practice, held) == [("90791", 1, "11", (), "200.00")]


def test_telehealth_sets_place_10_or_02_and_modifier_95(practice: Practice) -> None:
    ana = practice.client("Ana Ruiz")
    unit = practice.unit("individual", ana)
    home = practice.hold(unit, telehealth=True)
    assert _lines(practice, home) == [("90834", 1, "10", ("95",), "150.00")]
    # Charged by hand: the client joined from somewhere other than home.
    away = practice.hold_uncharged(unit, telehealth=True, minutes=60)
    charges = billing.charge_for_session(practice.sessions, away, client_at_home=False)
    assert [(c.code, c.place_of_service, c.modifiers) for c in charges] == [
        ("90837", "02", ("95",))]


@pytest.mark.parametrize("kind", [SessionKind.COUPLE, SessionKind.FAMILY])
def test_a_couple_session_is_90847_with_the_identified_client_and_90846_without(
        practice: Practice, kind: SessionKind) -> None:
    ana, ben = practice.client("Ana Ruiz"), practice.client("Ben Okafor")
    couple = practice.unit("couple", ana, ben)
    with_client = practice.book(couple, kind=kind)
    without = practice.book(couple, kind=kind, expected=[ben])
    _complete(practice, with_client, without)
    # No identified client chosen yet: left for the therapist, not guessed.
    assert billing.uncharged_sessions(practice.sessions) == [with_client, without]
    with pytest.raises(ValidationError, match="Choose the identified client"):
        billing.charge_for_session(practice.sessions, with_client)
    first = billing.charge_for_session(practice.sessions, with_client, identified_client_id=ana)
    second = billing.charge_for_session(practice.sessions, without, identified_client_id=ana)
    assert [(c.code, c.client_id, c.payer_id) for c in first] == [("90847", ana, ana)]
    assert [(c.code, c.client_id) for c in second] == [("90846", ana)]
    assert billing.uncharged_sessions(practice.sessions) == []


def _complete(practice: Practice, *appointment_ids: int) -> None:
    for appointment_id in appointment_ids:
        complete_session(practice.sessions, SessionRef(appointment_id))


def test_a_polycule_session_bills_the_units_identified_client(practice: Practice) -> None:
    a, b, c = (practice.client(n) for n in ("Ana Ruiz", "Ben Okafor", "Cy Lind"))
    poly = practice.unit("polycule", a, b, c)
    billing.set_payer_plan(practice.sessions, poly, PayerPlan(Arrangement.ONE_PAYS, payer_id=b),
                           identified_client_id=c)
    held = practice.hold(poly, kind=SessionKind.POLYCULE, minutes=80)
    assert [(ch.code, ch.client_id, ch.payer_id, str(ch.amount))
            for ch in billing.charges_for(practice.sessions)
            if ch.appointment_id == held] == [("90847", c, b, "180.00")]


def test_a_crisis_session_and_interactive_complexity_add_their_lines(practice: Practice) -> None:
    ana = practice.client("Ana Ruiz")
    unit = practice.unit("individual", ana)
    crisis = practice.hold_uncharged(unit, minutes=110)
    complex_ = practice.hold_uncharged(unit, minutes=45)
    billing.charge_for_session(practice.sessions, crisis, crisis=True)
    billing.charge_for_session(practice.sessions, complex_, interactive_complexity=True)
    assert _lines(practice, crisis) == [("90839", 1, "11", (), "220.00"),
                                        ("90840", 2, "11", (), "220.00")]
    assert _lines(practice, complex_) == [("90834", 1, "11", (), "150.00"),
                                          ("90785", 1, "11", (), "25.00")]


def test_a_session_is_charged_once(practice: Practice) -> None:
    ana = practice.client("Ana Ruiz")
    held = practice.hold(practice.unit("individual", ana))
    again = billing.charge_for_session(practice.sessions, held)
    assert len(again) == 1
    assert len(billing.charges_for(practice.sessions)) == 1


def test_a_session_not_completed_is_not_charged_for_its_service(practice: Practice) -> None:
    ana = practice.client("Ana Ruiz")
    booked = practice.book(practice.unit("individual", ana))
    with pytest.raises(ValidationError, match="Only a completed session"):
        billing.charge_for_session(practice.sessions, booked)


@pytest.mark.parametrize(("status", "code", "fee"), [
    (SessionStatus.LATE_CANCEL, "late_cancel", "75.00"),
    (SessionStatus.NO_SHOW, "no_show", "100.00")])
def test_a_late_cancel_or_no_show_is_charged_its_policy_fee_when_confirmed(
        practice: Practice, status: SessionStatus, code: str, fee: str) -> None:
    ana = practice.client("Ana Ruiz")
    unit = practice.unit("individual", ana)
    missed = practice.miss(unit, status)
    # Nothing is charged until the therapist confirms the fee.
    assert billing.charges_for(practice.sessions) == []
    (charge,) = billing.charge_policy_fee(practice.sessions, missed)
    assert (charge.kind, charge.code, charge.place_of_service, str(charge.amount)) == (
        code, code, None, fee)
    kept = practice.hold(unit)
    with pytest.raises(ValidationError, match="late cancellation or a no-show"):
        billing.charge_policy_fee(practice.sessions, kept)


def test_a_fee_change_applies_from_its_date_and_never_backwards(practice: Practice) -> None:
    ana = practice.client("Ana Ruiz")
    unit = practice.unit("individual", ana)
    before = practice.hold(unit, week=0)  # 2 March
    billing.set_fee(practice.sessions, "90834", "165.00", date(2026, 3, 10))
    after = practice.hold(unit, week=1)  # 9 March: the old fee still
    later = practice.hold(unit, week=2)  # 16 March: the new fee
    fees = {c.appointment_id: str(c.fee) for c in billing.charges_for(practice.sessions)}
    assert fees == {before: "150.00", after: "150.00", later: "165.00"}
    with pytest.raises(ValidationError, match="never backwards"):
        billing.set_fee(practice.sessions, "90834", "170.00", date(2026, 3, 16))
    with pytest.raises(ValidationError, match="already set"):
        billing.set_fee(practice.sessions, "90834", "170.00", date(2026, 3, 10))
    assert billing.fee_on(practice.sessions, "90834", date(2026, 3, 9)) == Money(15000)
    assert [str(r.fee) for r in billing.fee_schedule(practice.sessions)
            if r.service == "90834"] == ["150.00", "165.00"]


def test_a_sliding_scale_for_the_client_or_unit_comes_before_the_schedule(
        practice: Practice) -> None:
    ana = practice.client("Ana Ruiz")
    unit = practice.unit("individual", ana)
    billing.set_sliding_fee(practice.sessions, "90834", "80.00", date(2026, 3, 1), client_id=ana)
    first = practice.hold(unit, week=0)
    billing.set_sliding_fee(practice.sessions, "90834", None, date(2026, 3, 7), client_id=ana)
    second = practice.hold(unit, week=1)
    fees = {c.appointment_id: str(c.fee) for c in billing.charges_for(practice.sessions)}
    assert fees == {first: "80.00", second: "150.00"}
    with pytest.raises(ValidationError, match="one client or one unit"):
        billing.set_sliding_fee(practice.sessions, "90834", "1.00", date(2026, 5, 1))


def test_with_no_fee_set_a_completed_session_waits_uncharged(store: Store) -> None:
    practice = Practice(store.sessions)
    ana = practice.client("Ana Ruiz")
    held = practice.hold(practice.unit("individual", ana))
    assert billing.charges_for(store.sessions) == []
    assert billing.uncharged_sessions(store.sessions) == [held]
    with pytest.raises(ValidationError, match=r"No fee is set for .* \(90834\) on 2026-03-02"):
        billing.charge_for_session(store.sessions, held)
    billing.set_fee(store.sessions, "90834", "140.00", date(2026, 3, 1))
    assert billing.charge_for_session(store.sessions, held)[0].fee == Money(14000)
    assert billing.uncharged_sessions(store.sessions) == []
