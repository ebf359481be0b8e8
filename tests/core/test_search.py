"""Full-text search: prefixes, phrases, several terms, any script, and psychotherapy notes apart."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.services import notes, psychotherapy, search
from practice.services.providers import OrganisationDetails, create_organisation
from practice.services.search import full_text, parse_query
from tests.core import factories as f


def _ids(results: search.SearchResults, kind: str) -> list[int]:
    return [h.record_id for h in results.hits if h.kind == kind]


@pytest.fixture
def practice(sessions: sessionmaker[Session]) -> dict[str, int]:
    zoe = f.client(sessions, "Zoë Ångström", pronouns="she/her")
    sofia = f.client(sessions, "Σοφία Παπαδοπούλου")
    dima = f.client(sessions, "Дмитрий Волков Ёлкин")
    bruce = f.client(sessions, "李小龙")
    amina = f.client(sessions, "أمينة")
    river = f.client(sessions, "Jordan Blake", "River 🌈")
    couple = f.unit(sessions, "couple", zoe, sofia)
    solo = f.unit(sessions, "individual", bruce)
    ids = {"zoe": zoe, "sofia": sofia, "dima": dima, "bruce": bruce, "amina": amina,
           "river": river, "couple": couple, "solo": solo}
    ids["sensate"] = f.signed(sessions, couple, day=date(2025, 3, 3), text=(
        "Introduced sensate focus exercises. Both partners described performance anxiety; "
        "homework: non-demand touch three times this week.")).id
    ids["apart"] = f.signed(sessions, couple, day=date(2025, 3, 5), text=(
        "Focus on communication today. Sensate work postponed until the next session.")).id
    ids["chinese"] = f.signed(sessions, solo, day=date(2025, 3, 4),
                              text="患者感到焦虑。讨论了性表现焦虑。").id
    ids["greek"] = f.draft(sessions, couple, day=date(2025, 3, 6),
                           text="Σοφία μίλησε για το άγχος της.").id
    ids["addendum"] = notes.add_addendum(
        sessions, ids["sensate"], "Correction: vaginismus was discussed, not dyspareunia.",
        signed_by="Dr. R").id
    ids["psych"] = psychotherapy.create_psychotherapy_note(
        sessions, couple, date(2025, 3, 3), "My countertransference: irritation.").id
    clinic = create_organisation(sessions, OrganisationDetails("Bayou Pelvic Health"))
    ids["urologist"] = f.provider(sessions, "Dr. Mara Lee", "urology",
                                  organisation_id=clinic.id)
    return ids


def test_a_prefix_finds_the_word_being_typed(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    results = search.search(sessions, "sensat")
    assert set(_ids(results, "note")) == {practice["sensate"], practice["apart"]}


def test_a_finished_word_is_not_treated_as_a_prefix(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    assert _ids(search.search(sessions, "sensat "), "note") == []


def test_a_quoted_phrase_matches_only_those_words_together(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    results = search.search(sessions, '"sensate focus"')
    assert _ids(results, "note") == [practice["sensate"]]


def test_several_terms_must_all_match(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    assert _ids(search.search(sessions, "focus homework"), "note") == [practice["sensate"]]
    assert _ids(search.search(sessions, "focus nothingsuch"), "note") == []


def test_results_are_ranked_and_highlighted(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    results = search.search(sessions, "anxiety performance")
    hit = results.hits[0]
    assert results.ranked and hit.record_id == practice["sensate"]
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["performance", "anxiety"]
    assert hit.title.startswith("Session note, 2025-03-03 · ")


def test_accents_and_case_do_not_matter(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    assert _ids(search.search(sessions, "zoe angstrom"), "client") == [practice["zoe"]]
    assert _ids(search.search(sessions, "ÅNGSTRÖM"), "client") == [practice["zoe"]]


def test_greek_is_found_without_its_accents(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    assert _ids(search.search(sessions, "σοφια"), "client") == [practice["sofia"]]
    assert _ids(search.search(sessions, "ΠΑΠΑΔΟΠΟΥΛΟΥ"), "client") == [practice["sofia"]]
    hits = search.search(sessions, "αγχος").hits
    assert [h.record_id for h in hits] == [practice["greek"]]
    assert [hits[0].snippet[a:b] for a, b in hits[0].highlights] == ["άγχος"]


def test_cyrillic_yo_and_arabic_hamza_are_found_either_way(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    assert _ids(search.search(sessions, "елкин"), "client") == [practice["dima"]]
    assert _ids(search.search(sessions, "امينة"), "client") == [practice["amina"]]


def test_cjk_is_found_without_word_breaks(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    assert _ids(search.search(sessions, "小龙"), "client") == [practice["bruce"]]
    assert _ids(search.search(sessions, "李"), "client") == [practice["bruce"]]
    hits = search.search(sessions, "焦虑").hits
    assert [h.record_id for h in hits] == [practice["chinese"]]
    assert [hits[0].snippet[a:b] for a, b in hits[0].highlights] == ["焦", "虑", "焦", "虑"]


def test_an_emoji_in_a_chosen_name_is_found(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    hits = search.search(sessions, "🌈").hits
    assert [(h.kind, h.record_id, h.title) for h in hits] == [
        ("client", practice["river"], "River 🌈")]


def test_a_client_found_by_legal_name_is_shown_by_chosen_name(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    hit = search.search(sessions, "jordan blake").hits[0]
    assert hit.title == "River 🌈" and "Jordan" not in hit.snippet


def test_addenda_and_providers_are_found(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    addendum = search.search(sessions, "vaginismus").hits[0]
    assert (addendum.kind, addendum.note_id) == ("addendum", practice["sensate"])
    for typed in ("urology", "bayou pelvic", "mara"):
        assert _ids(search.search(sessions, typed), "provider") == [practice["urologist"]]


def test_psychotherapy_notes_are_hidden_unless_asked_for(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    assert search.search(sessions, "countertransference").hits == ()
    asked = search.search(sessions, "countertransference", include_psychotherapy=True)
    assert [(h.kind, h.record_id) for h in asked.hits] == [("psychotherapy_note",
                                                            practice["psych"])]


def test_a_deleted_draft_is_no_longer_found(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    notes.delete_draft(sessions, practice["greek"])
    assert search.search(sessions, "αγχος").hits == ()


def test_search_can_be_limited_to_some_kinds(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    results = search.search(sessions, "σοφια", kinds=frozenset({"client"}))
    assert {h.kind for h in results.hits} == {"client"}


def test_a_very_common_term_lists_the_newest_first(
    sessions: sessionmaker[Session], practice: dict[str, int], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(full_text, "COMMON_MATCHES", 1)
    results = search.search(sessions, "sensate", kinds=frozenset({"note"}))
    assert not results.ranked
    assert _ids(results, "note") == [practice["apart"], practice["sensate"]]


@pytest.mark.parametrize(
    ("typed", "match"),
    [
        ("sensate foc", '"sensate" AND "foc"*'),
        ('"sensate focus" homework ', '"sensate focus" AND "homework"'),
        ('say "hello" ', '"say" AND "hello"'),
        ("O'Brien", '"o brien"*'),
        ("not or and near", '"not" AND "or" AND "and" AND "near"*'),
        ('"NOT (OR) AND NEAR" ', '"not or and near"'),
        ("a", '"a"'),
        ("小龙", '"小 龙"'),
        ('"; DROP TABLE clients; --"', '"drop table clients"'),
    ],
)
def test_free_text_becomes_a_safe_match_expression(typed: str, match: str) -> None:
    parsed = parse_query(typed)
    assert parsed is not None and parsed.match == match


@pytest.mark.parametrize("typed", ["", "   ", '""', "-- * ^ :", "\x00\x01"])
def test_text_with_nothing_searchable_finds_nothing(typed: str) -> None:
    assert parse_query(typed) is None


@pytest.mark.parametrize(("typed", "explains"), [
    ('"unbalanced', search.UNCLOSED_QUOTE),
    ('"sensate focus" "homework', search.UNCLOSED_QUOTE),
    ('"', search.UNCLOSED_QUOTE),
    ("NEAR( AND", search.BRACKETS),
    ("(sensate OR focus)", search.BRACKETS),
    ("sensate AND focus", search.OPERATORS),
    ("NOT anxiety", search.OPERATORS),
    ("NEAR/3 sensate", search.OPERATORS),
])
def test_malformed_search_syntax_is_refused_with_how_to_write_it(
    sessions: sessionmaker[Session], practice: dict[str, int], typed: str, explains: str,
) -> None:
    with pytest.raises(search.SearchQueryUnreadable) as refused:
        search.search(sessions, typed)
    assert refused.value.message == explains
    assert refused.value.message.startswith("The search could not be read")


@pytest.mark.parametrize("limit", [-1, 0, search.MAX_LIMIT + 1, 10 ** 30, True, 2.5, "5"])
def test_a_result_limit_that_is_not_a_count_of_results_is_refused(
    sessions: sessionmaker[Session], practice: dict[str, int], limit: object,
) -> None:
    with pytest.raises(ValidationError, match="whole number from 1 to 1000"):
        search.search(sessions, "sensate", limit=limit)  # type: ignore[arg-type]


def test_a_limit_of_one_shows_one_result_of_each_kind(
    sessions: sessionmaker[Session], practice: dict[str, int],
) -> None:
    assert len(_ids(search.search(sessions, "sensate", limit=1), "note")) == 1


_SYNTAX = st.sampled_from(['"', "(", ")", "AND", "OR", "NOT", "NEAR", "NEAR/2", "*", "^", ":",
                           "-", "+", "sensate", "focus", " ", "\x00", "σοφια"])


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=60), st.lists(_SYNTAX, max_size=12).map("".join),
                 st.lists(_SYNTAX, max_size=8).map(" ".join)))
def test_any_text_searches_or_is_refused_with_the_typed_error_only(
    sessions: sessionmaker[Session], practice: dict[str, int], typed: str,
) -> None:
    try:
        results = search.search(sessions, typed, include_psychotherapy=True)
    except search.SearchQueryUnreadable as refused:
        assert refused.message in (search.UNCLOSED_QUOTE, search.BRACKETS, search.OPERATORS)
        return
    for hit in results.hits:
        for a, b in hit.highlights:
            assert 0 <= a < b <= len(hit.snippet)
