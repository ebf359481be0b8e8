"""Batch letters: the care team's letters planned, issued one by one, stopped between letters."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from practice.letters.errors import LetterError
from practice.letters.templates import load_templates
from practice.models.letters import Disclosure, Letter
from practice.services import letters, providers, releases
from practice.services.letters import disclosures
from practice.services.letters.batch import (
    NOT_ON_TEAM,
    BatchExport,
    BatchRequest,
    issue_batch,
    letter_file_name,
    plan_batch,
    template_for,
)
from tests.core.letters.batch_builders import EXPIRED, Team, build_team
from tests.core.test_letters_builders import LETTER_DAY, PROSE, World, pdf_text


@pytest.fixture
def team(sessions: sessionmaker[Session], world: World) -> Team:
    return build_team(sessions, world)


def request(world: World, **kwargs: object) -> BatchRequest:
    options: dict[str, object] = {"client_id": world.client, "on": LETTER_DAY,
                                  "use_legal_name": False, "extra_fields": PROSE, **kwargs}
    return BatchRequest(**options)  # type: ignore[arg-type]


def counts(sessions: sessionmaker[Session]) -> tuple[int, int]:
    with sessions() as s:
        return (s.scalar(select(func.count()).select_from(Letter)) or 0,
                s.scalar(select(func.count()).select_from(Disclosure)) or 0)


def test_the_plan_names_who_gets_a_letter_and_why_the_expired_release_refuses_one(
    sessions: sessionmaker[Session], world: World, team: Team,
) -> None:
    plan = plan_batch(sessions, request(world))
    assert {t.provider_id: t.template_key for t in plan.ready} == {
        team.urologist: "urology", team.physio: "pelvic-floor-pt"}
    (refused,) = plan.refused
    assert (refused.target.provider_id, refused.code, refused.reason) == (
        team.cardiologist, "expired", EXPIRED)
    assert refused.target.recipient == "Ruth Abernathy, MD — Cardiology"
    assert refused.target.roles == ("Cardiologist",)
    assert plan.prose_needed == frozenset(PROSE)
    assert counts(sessions) == (0, 0)  # planning writes nothing


def test_a_batch_issues_the_others_and_names_the_refusal(
    sessions: sessionmaker[Session], world: World, team: Team,
) -> None:
    seen: list[tuple[int, int]] = []
    result = issue_batch(sessions, request(world), progress=lambda d, t: seen.append((d, t)))
    assert sorted(i.target.provider_id for i in result.issued) == sorted(
        (team.urologist, team.physio))
    assert [(r.target.provider_id, r.reason) for r in result.refused] == [
        (team.cardiologist, EXPIRED)]
    assert not result.cancelled and result.not_reached == () and result.problem is None
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    logged = disclosures.list_disclosures(sessions, world.client)
    assert sorted((d.letter_id, d.recipient.provider_id) for d in logged) == sorted(
        (i.letter.id, i.target.provider_id) for i in result.issued)
    for issued in result.issued:
        text = pdf_text(letters.get_letter(sessions, issued.letter.id).pdf)
        assert PROSE["treatment_summary"] in text  # one text applied to every letter


def test_stopping_midway_keeps_the_letters_issued_with_their_disclosures(
    sessions: sessionmaker[Session], world: World, team: Team,
) -> None:
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(counts(sessions)[0])
        return len(asked) > 1  # the therapist presses Cancel while the first one is issued

    ready = tuple(t.provider_id for t in plan_batch(sessions, request(world)).ready)
    result = issue_batch(sessions, request(world, provider_ids=ready), cancelled=cancelled)
    assert result.cancelled and len(result.issued) == 1 and len(result.not_reached) == 1
    assert asked == [0, 1]  # asked before each letter, never inside one
    (issued,) = result.issued
    assert counts(sessions) == (1, 1)  # the letter and its disclosure, nothing half-written
    (logged,) = disclosures.list_disclosures(sessions, world.client)
    assert logged.letter_id == issued.letter.id
    assert {t.provider_id for t in result.not_reached} | {issued.target.provider_id} == {
        team.urologist, team.physio}


def test_a_release_revoked_after_the_plan_refuses_that_letter_only(
    sessions: sessionmaker[Session], world: World, team: Team,
) -> None:
    plan = plan_batch(sessions, request(world))
    releases.revoke_release(sessions, team.physio_release, LETTER_DAY)
    ready = tuple(t.provider_id for t in plan.ready)
    result = issue_batch(sessions, request(world, provider_ids=ready))
    assert [i.target.provider_id for i in result.issued] == [team.urologist]
    assert [(r.target.provider_id, r.code) for r in result.refused] == [
        (team.physio, "revoked")]
    assert counts(sessions) == (1, 1)


def test_letters_are_saved_owner_only_under_their_ids_never_a_name(
    sessions: sessionmaker[Session], world: World, team: Team, tmp_path: Path,
) -> None:
    folder = tmp_path / "letters out"
    folder.mkdir()
    result = issue_batch(sessions, request(world, provider_ids=(team.urologist, team.physio)),
                         export=BatchExport(folder, "s3cret-pass"))
    saved = sorted(folder.iterdir())
    assert [p.name for p in saved] == sorted(letter_file_name(i.letter.id)
                                             for i in result.issued)
    assert all(i.saved_to in saved for i in result.issued)
    for path in saved:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "Ruiz" not in path.name and "Luc" not in path.name
        assert PROSE["progress_summary"] in pdf_text(path.read_bytes(), "s3cret-pass")


def test_a_missing_export_folder_refuses_the_batch_before_any_letter(
    sessions: sessionmaker[Session], world: World, team: Team, tmp_path: Path,
) -> None:
    with pytest.raises(LetterError, match="does not exist"):
        issue_batch(sessions, request(world), export=BatchExport(tmp_path / "gone"))
    assert counts(sessions) == (0, 0)


def test_prose_left_blank_is_named_for_every_letter_that_prints_it(
    sessions: sessionmaker[Session], world: World, team: Team,
) -> None:
    blank = {k: v for k, v in PROSE.items() if k != "recommendations"}
    plan = plan_batch(sessions, request(world, extra_fields=blank))
    assert plan.ready == ()
    missing = {r.target.provider_id: r.missing_fields for r in plan.refused
               if r.code == "missing_field"}
    assert missing == {team.urologist: ("recommendations",), team.physio: ("recommendations",)}
    assert "recommendations" in plan.prose_needed


def test_one_template_for_all_and_a_provider_off_the_team_is_refused(
    sessions: sessionmaker[Session], world: World, team: Team,
) -> None:
    outsider = providers.create_provider(sessions, providers.ProviderDetails(
        name="Sam Ode", specialty="oncology")).id
    safety = {**PROSE, "risk_summary": "No safety concerns at present."}
    plan = plan_batch(sessions, request(world, template_key="general", extra_fields=safety,
                                        provider_ids=(team.urologist, outsider)))
    assert [(t.provider_id, t.template_key) for t in plan.ready] == [
        (team.urologist, "general")]
    assert [(r.target.provider_id, r.reason) for r in plan.refused] == [(outsider, NOT_ON_TEAM)]
    assert "risk_summary" in plan.prose_needed  # the general template asks about safety


def test_a_narrowed_batch_refuses_a_release_that_does_not_cover_it(
    sessions: sessionmaker[Session], world: World, team: Team,
) -> None:
    narrow = releases.record_release(sessions, releases.ReleaseDetails(
        world.client, "Coordination", LETTER_DAY, LETTER_DAY.replace(year=2026),
        frozenset({"attendance"}), provider_id=team.cardiologist), today=LETTER_DAY)
    assert narrow.id
    plan = plan_batch(sessions, request(world, scopes=frozenset({"attendance", "diagnosis"})))
    assert {r.target.provider_id: r.code for r in plan.refused} == {
        team.cardiologist: "out_of_scope"}


def test_each_specialty_finds_its_template_and_others_the_general_one() -> None:
    templates = load_templates().values()
    assert template_for("Urology", templates) == "urology"
    assert template_for("Sleep medicine", templates) == "general"
