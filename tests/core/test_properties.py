"""Property tests: any name is stored, sorted and found; dates decide releases consistently."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from practice.services import clients, releases, search
from practice.services.clients import ClientDetails
from practice.services.releases import ReleaseDetails
from practice.services.search import parse_query
from practice.text.keys import sort_key
from tests.core import factories as f

DB_TEST = settings(max_examples=60, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])
# A few vowel signs (New Tai Lue, Vedic) are letters to Python but not word characters to
# SQLite's tokenizer; a name made only of them has nothing to search by.
_NOT_WORD_CHARS = frozenset([*range(0x19B0, 0x19C1), 0x19C8, 0x19C9, 0x1CF2, 0x1CF3])

names = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lt", "Lo", "Nd", "Mn", "Zs",
                                                 "Pd", "So")),
    min_size=1, max_size=40,
).filter(lambda s: s.strip() and not any(ord(c) in _NOT_WORD_CHARS for c in s))


@DB_TEST
@given(name=names)
def test_any_name_is_stored_as_typed_and_found_by_itself(
    sessions: sessionmaker[Session], name: str,
) -> None:
    made = clients.create_client(sessions, ClientDetails(legal_name=name))
    stored = clients.get_client(sessions, made.id).details.legal_name
    assert stored == unicodedata.normalize("NFC", name.strip())
    assume(parse_query(stored) is not None)
    found = search.search(sessions, stored, kinds=frozenset({"client"}), limit=search.MAX_LIMIT)
    assert made.id in [h.record_id for h in found.hits]


@DB_TEST
@given(st.lists(names, min_size=2, max_size=8))
def test_the_client_list_is_in_folded_name_order(
    sessions: sessionmaker[Session], batch: list[str],
) -> None:
    for name in batch:
        clients.create_client(sessions, ClientDetails(legal_name=name))
    listed = [sort_key(c.display_name) for c in clients.list_clients(sessions)]
    assert listed == sorted(listed)


START = date(2025, 1, 1)
offsets = st.integers(min_value=0, max_value=400)


@DB_TEST
@given(signed=offsets, valid=offsets, revoked=st.none() | offsets, on=offsets)
def test_a_release_allows_exactly_the_days_it_is_in_force(
    sessions: sessionmaker[Session], signed: int, valid: int, revoked: int | None, on: int,
) -> None:
    client_id = f.client(sessions, "Ana")
    provider_id = f.provider(sessions, npi=None)
    signed_on = START + timedelta(days=signed)
    release = releases.record_release(sessions, ReleaseDetails(
        client_id, "Coordinate care", signed_on, signed_on + timedelta(days=valid),
        frozenset({"attendance"}), provider_id=provider_id), today=date(2030, 1, 1))
    revoked_on = None if revoked is None else signed_on + timedelta(days=revoked)
    if revoked_on is not None:
        releases.revoke_release(sessions, release.id, revoked_on)
    day = START + timedelta(days=on)
    in_force = (signed_on <= day <= signed_on + timedelta(days=valid)
                and (revoked_on is None or day < revoked_on))
    with sessions.begin() as s:
        decision = releases.check_disclosure(s, client_id, provider_id, day, {"attendance"})
    assert decision.allowed == in_force
