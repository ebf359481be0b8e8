"""Whole-practice reads for the app's overview screens: every unit, releases about to lapse."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from practice.services import releases, units
from practice.services.releases import ReleaseDetails
from tests.core import factories as f

TODAY = date(2025, 6, 1)


def _release(sessions: sessionmaker[Session], client: int, provider: int, signed: date,
             expires: date) -> int:
    return releases.record_release(sessions, ReleaseDetails(
        client, "Coordinate care", signed, expires, frozenset({"attendance"}),
        provider_id=provider), today=signed).id


def test_every_unit_is_listed_once_with_its_membership_history(
    sessions: sessionmaker[Session],
) -> None:
    ana, ben, cleo = (f.client(sessions, n) for n in ("Ana Ruiz", "Ben Cole", "Cleo Park"))
    alone = f.unit(sessions, "individual", ana)
    couple = f.unit(sessions, "couple", ana, ben)
    units.change_members(sessions, couple, on=date(2025, 5, 1), add=[cleo], remove=[ben])
    listed = units.list_units(sessions)
    assert [u.id for u in listed] == sorted([alone, couple])
    both = {u.id: u for u in listed}[couple]
    assert [m.client_id for m in both.members] == [ana, ben, cleo]
    assert [m.client_id for m in both.current_members] == [ana, cleo]
    assert both == units.get_unit(sessions, couple)


def test_only_releases_in_force_and_lapsing_within_the_window_are_expiring(
    sessions: sessionmaker[Session],
) -> None:
    client, provider = f.client(sessions, "Ana Ruiz"), f.provider(sessions)
    soon = _release(sessions, client, provider, date(2025, 1, 1), date(2025, 6, 20))
    sooner = _release(sessions, client, provider, date(2025, 2, 1), date(2025, 6, 5))
    _release(sessions, client, provider, date(2025, 1, 1), date(2025, 9, 1))  # not yet
    _release(sessions, client, provider, date(2025, 1, 1), date(2025, 5, 31))  # lapsed
    revoked = _release(sessions, client, provider, date(2025, 1, 1), date(2025, 6, 10))
    releases.revoke_release(sessions, revoked, on=date(2025, 5, 15))
    _release(sessions, client, provider, date(2025, 6, 2), date(2025, 6, 25))  # not signed yet
    expiring = releases.releases_expiring(sessions, TODAY, 30)
    assert [r.id for r in expiring] == [sooner, soon]
