"""Finding the client or provider a command names: by id, or by any of their names in any script."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import NotFound
from practice.services.search.lookup import AmbiguousName, find_client, find_provider
from tests.core import factories as f


@pytest.fixture
def people(sessions: sessionmaker[Session]) -> dict[str, int]:
    return {
        "zoe": f.client(sessions, "Zoë Ångström", "Zo"),
        "sam_a": f.client(sessions, "Sam Ortiz", "Sam"),
        "sam_b": f.client(sessions, "Samantha Reyes", "Sam"),
        "sofia": f.client(sessions, "Σοφία Παπαδοπούλου"),
        "lee": f.provider(sessions, "Dr. Jordan Lee", npi=None),
    }


@pytest.mark.parametrize(("typed", "who"), [
    ("zoe angstrom", "zoe"), ("ZO", "zoe"), ("ångström", "zoe"), ("Sam Ortiz", "sam_a"),
    ("σοφια", "sofia"), ("ΠΑΠΑΔΟΠΟΥΛΟΥ", "sofia"),
])
def test_a_client_is_found_by_chosen_or_legal_name_ignoring_case_and_accents(
    sessions: sessionmaker[Session], people: dict[str, int], typed: str, who: str,
) -> None:
    assert find_client(sessions, typed) == people[who]


def test_a_client_is_found_by_id(sessions: sessionmaker[Session],
                                 people: dict[str, int]) -> None:
    assert find_client(sessions, str(people["sam_b"])) == people["sam_b"]
    with pytest.raises(NotFound):
        find_client(sessions, "999999")


def test_an_ambiguous_name_lists_the_candidates_by_id_and_chosen_name(
    sessions: sessionmaker[Session], people: dict[str, int],
) -> None:
    with pytest.raises(AmbiguousName) as ambiguous:
        find_client(sessions, "sam")
    assert [(c.id, c.label) for c in ambiguous.value.candidates] == [
        (people["sam_a"], "Sam"), (people["sam_b"], "Sam")]
    assert "Sam" not in ambiguous.value.message


def test_nobody_matching_is_said_without_repeating_the_name(
    sessions: sessionmaker[Session], people: dict[str, int],
) -> None:
    with pytest.raises(NotFound) as missing:
        find_client(sessions, "Nobody Here")
    assert "Nobody" not in missing.value.message


def test_a_provider_is_found_by_part_of_their_name(
    sessions: sessionmaker[Session], people: dict[str, int],
) -> None:
    assert find_provider(sessions, "lee") == people["lee"]
    assert find_provider(sessions, "Jordan Lee") == people["lee"]
