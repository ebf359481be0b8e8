"""A couple's sessions charged under each payer arrangement, to the cent."""

from __future__ import annotations

import pytest

from practice.billing import Arrangement, PayerPlan
from practice.errors import ValidationError
from practice.schedule.model import SessionKind
from practice.services import billing
from tests.billing.conftest import Practice


def _owed(practice: Practice, appointment_id: int) -> dict[int, str]:
    return {c.payer_id: str(c.amount) for c in billing.charges_for(practice.sessions)
            if c.appointment_id == appointment_id}


@pytest.fixture
def couple(practice: Practice) -> tuple[int, int, int]:
    ana, ben = practice.client("Ana Ruiz"), practice.client("Ben Okafor")
    return practice.unit("couple", ana, ben), ana, ben


def test_one_member_pays_for_the_couples_sessions(practice: Practice,
                                                  couple: tuple[int, int, int]) -> None:
    unit, ana, ben = couple
    billing.set_payer_plan(practice.sessions, unit, PayerPlan(Arrangement.ONE_PAYS, payer_id=ben),
                           identified_client_id=ana)
    held = practice.hold(unit, kind=SessionKind.COUPLE)
    assert _owed(practice, held) == {ben: "180.00"}
    (charge,) = billing.charges_for(practice.sessions, client_id=ana)
    assert (charge.code, charge.fee, charge.payer_id) == ("90847", charge.amount, ben)


def test_a_split_by_percentage_charges_each_their_share_of_the_fee(
        practice: Practice, couple: tuple[int, int, int]) -> None:
    unit, ana, ben = couple
    billing.set_payer_plan(practice.sessions, unit,
                           PayerPlan(Arrangement.SPLIT, shares=((ana, 70), (ben, 30))),
                           identified_client_id=ana)
    held = practice.hold(unit, kind=SessionKind.COUPLE)
    assert _owed(practice, held) == {ana: "126.00", ben: "54.00"}
    # Each line keeps the whole fee for the superbill; only what each owes is split.
    assert {str(c.fee) for c in billing.charges_for(practice.sessions)} == {"180.00"}
    rows = {b.client_id: str(b.balance) for b in billing.balances(practice.sessions)}
    assert rows == {ana: "126.00", ben: "54.00"}


def test_each_their_own_shares_a_joint_session_among_those_who_came(
        practice: Practice, couple: tuple[int, int, int]) -> None:
    unit, ana, ben = couple
    billing.set_payer_plan(practice.sessions, unit, PayerPlan(Arrangement.EACH_OWN),
                           identified_client_id=ana)
    both = practice.hold(unit, kind=SessionKind.COUPLE)
    only_ben = practice.hold(unit, kind=SessionKind.COUPLE, expected=[ben])
    assert _owed(practice, both) == {ana: "90.00", ben: "90.00"}
    # Ana, the identified client, was away: 90846, and Ben alone pays for it.
    assert _owed(practice, only_ben) == {ben: "160.00"}
    assert [c.code for c in billing.charges_for(practice.sessions)
            if c.appointment_id == only_ben] == ["90846"]


def test_a_plan_naming_someone_outside_the_unit_is_refused(
        practice: Practice, couple: tuple[int, int, int]) -> None:
    unit, ana, _ben = couple
    stranger = practice.client("Cy Lind")
    with pytest.raises(ValidationError, match="member of the unit"):
        billing.set_payer_plan(practice.sessions, unit,
                               PayerPlan(Arrangement.ONE_PAYS, payer_id=stranger))
    with pytest.raises(ValidationError, match="identified client must be a current member"):
        billing.set_payer_plan(practice.sessions, unit, PayerPlan(Arrangement.EACH_OWN),
                               identified_client_id=stranger)
    billing.set_payer_plan(practice.sessions, unit,
                           PayerPlan(Arrangement.SPLIT, shares=((ana, 50), (_ben, 50))))
    billing.set_payer_plan(practice.sessions, unit, PayerPlan(Arrangement.ONE_PAYS, payer_id=ana))
    plan, identified = billing.payer_plan(practice.sessions, unit)
    assert plan == PayerPlan(Arrangement.ONE_PAYS, payer_id=ana)
    assert identified is None


def test_a_no_show_of_a_couple_is_split_as_their_sessions_are(
        practice: Practice, couple: tuple[int, int, int]) -> None:
    from practice.schedule.model import SessionStatus

    unit, ana, ben = couple
    billing.set_payer_plan(practice.sessions, unit,
                           PayerPlan(Arrangement.SPLIT, shares=((ana, 50), (ben, 50))),
                           identified_client_id=ben)
    missed = practice.miss(unit, SessionStatus.NO_SHOW, kind=SessionKind.COUPLE)
    charges = billing.charge_policy_fee(practice.sessions, missed)
    assert sorted((c.payer_id, str(c.amount), c.client_id) for c in charges) == [
        (ana, "50.00", ben), (ben, "50.00", ben)]
