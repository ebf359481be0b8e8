"""A client's coverage, and the good-faith estimate owed when a self-pay client is first booked."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from practice.errors import ValidationError
from practice.schedule.model import Appointment, LocationKind, SessionKind
from practice.services.billing import (
    OUT_OF_NETWORK,
    SELF_PAY,
    UNKNOWN,
    coverage_of,
    estimate_owed_at_booking,
    set_coverage,
)
from practice.services.billing.coverage import BAD_COVERAGE
from practice.services.schedule import book
from practice.store.store import Store
from tests.core import factories

SINCE = date(2025, 2, 1)


def _booked(store: Store, unit_id: int, client_id: int, day: int) -> int:
    start = datetime(2025, 3, day, 15, 0, tzinfo=UTC)
    draft = Appointment(unit_id, SessionKind.INDIVIDUAL, start, "UTC", 50,
                        LocationKind.OFFICE, frozenset({client_id}))
    stored = book(store.sessions, draft).appointment
    assert stored.id is not None
    return stored.id


def test_coverage_is_unknown_until_recorded_then_replaced_from_a_date(store: Store) -> None:
    robin = factories.client(store.sessions, "Robert Ångström", "Robin")
    assert coverage_of(store.sessions, robin).coverage == UNKNOWN
    assert coverage_of(store.sessions, robin).since is None

    set_coverage(store.sessions, robin, SELF_PAY, SINCE)
    set_coverage(store.sessions, robin, OUT_OF_NETWORK, date(2025, 6, 1))
    now = coverage_of(store.sessions, robin)
    assert (now.coverage, now.since) == (OUT_OF_NETWORK, date(2025, 6, 1))
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM client_coverage")).scalar() == 1
        actions = list(conn.execute(text(
            "SELECT action FROM audit_log WHERE action = 'coverage.set'")).scalars())
    assert len(actions) == 2


def test_a_coverage_outside_the_three_is_refused_in_words_and_by_the_store(
    store: Store,
) -> None:
    robin = factories.client(store.sessions, "Robert Ångström", "Robin")
    with pytest.raises(ValidationError) as refused:
        set_coverage(store.sessions, robin, "medicaid", SINCE)
    assert refused.value.message == BAD_COVERAGE
    with store.engine.begin() as conn, pytest.raises(IntegrityError):
        conn.execute(text("INSERT INTO client_coverage (client_id, coverage, since, updated_at)"
                          " VALUES (:c, 'medicaid', '2025-02-01', '2025-02-01 00:00:00')"),
                     {"c": robin})


def test_checking_a_coverage_row_builds_no_lookup_table(store: Store) -> None:
    with store.engine.connect() as conn:
        program = conn.exec_driver_sql(
            "EXPLAIN INSERT INTO client_coverage DEFAULT VALUES").all()
    assert all(row[1] != "OpenEphemeral" for row in program)


def test_a_self_pay_clients_first_session_owes_an_estimate_and_the_second_does_not(
    store: Store,
) -> None:
    ana = factories.client(store.sessions, "Ana Lima")
    ben = factories.client(store.sessions, "Ben Cole")
    set_coverage(store.sessions, ana, SELF_PAY, SINCE)
    set_coverage(store.sessions, ben, OUT_OF_NETWORK, SINCE)
    ana_unit = factories.unit(store.sessions, "individual", ana)
    ben_unit = factories.unit(store.sessions, "individual", ben)

    first = _booked(store, ana_unit, ana, 10)
    assert estimate_owed_at_booking(store.sessions, [ana], appointment_id=first) == (ana,)
    second = _booked(store, ana_unit, ana, 17)
    assert estimate_owed_at_booking(store.sessions, [ana], appointment_id=second) == ()

    bens = _booked(store, ben_unit, ben, 11)
    assert estimate_owed_at_booking(store.sessions, [ben], appointment_id=bens) == ()


def test_a_client_with_no_coverage_recorded_is_not_asked_about(store: Store) -> None:
    cleo = factories.client(store.sessions, "Cleo Park")
    unit = factories.unit(store.sessions, "individual", cleo)
    first = _booked(store, unit, cleo, 12)
    assert estimate_owed_at_booking(store.sessions, [cleo], appointment_id=first) == ()


def test_a_weekly_series_is_a_first_booking_and_a_later_single_session_is_not(
    store: Store,
) -> None:
    from practice.schedule.model import Series
    from practice.schedule.rules import WEEKLY
    from practice.services.schedule.series import create_series

    dev = factories.client(store.sessions, "Dev Rao")
    set_coverage(store.sessions, dev, SELF_PAY, SINCE)
    unit = factories.unit(store.sessions, "individual", dev)
    series = create_series(store.sessions, Series(
        unit, SessionKind.INDIVIDUAL, f"{WEEKLY};COUNT=6", datetime(2025, 3, 4, 10, 0), "UTC",
        50, LocationKind.OFFICE, frozenset({dev}))).series
    assert series.id is not None
    assert estimate_owed_at_booking(store.sessions, [dev], series_id=series.id) == (dev,)
    later = _booked(store, unit, dev, 28)
    assert estimate_owed_at_booking(store.sessions, [dev], appointment_id=later) == ()


def test_a_self_pay_client_who_already_holds_an_estimate_is_not_asked_again(
    store: Store,
) -> None:
    from practice.services.billing import set_fee
    from practice.services.billing_documents import EstimatePlan, issue_estimate
    from practice.services.clients import ChannelSafety, ClientDetails, create_client
    from tests.billing.documents_helpers import set_billing_profile

    set_billing_profile(store.sessions)
    set_fee(store.sessions, "90834", "150.00", SINCE)
    eli = create_client(store.sessions, ClientDetails(
        legal_name="Eli Stone", date_of_birth=date(1990, 1, 2), address="1 Main St"),
        on=SINCE, channels=(ChannelSafety("post", True, "legal"),)).id
    set_coverage(store.sessions, eli, SELF_PAY, SINCE)
    issue_estimate(store.sessions, eli, EstimatePlan(date(2025, 3, 3), months=2),
                   today=date(2025, 2, 20))
    unit = factories.unit(store.sessions, "individual", eli)
    first = _booked(store, unit, eli, 3)
    assert estimate_owed_at_booking(store.sessions, [eli], appointment_id=first) == ()
