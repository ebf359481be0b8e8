"""No active release for the recipient and scope on the letter's date: no letter, and why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from practice.models.audit import AuditEntry
from practice.models.letters import Disclosure, Letter
from practice.services import letters, releases
from practice.services.releases import DisclosureRefused, Scope
from tests.core import factories as f
from tests.core.test_letters_builders import (
    LETTER_DAY,
    PROSE,
    World,
    release,
)


def _client_with_a_session(sessions: sessionmaker[Session]) -> int:
    client = f.client(sessions, "Robin Vale", date_of_birth=date(1992, 2, 2))
    f.signed(sessions, f.unit(sessions, "individual", client), day=date(2025, 3, 1))
    return client


def _none(sessions: sessionmaker[Session], client: int, world: World) -> None:
    """No release at all."""


def _expired(sessions: sessionmaker[Session], client: int, world: World) -> None:
    release(sessions, client, world.urologist, signed=date(2024, 1, 2),
            expires=date(2024, 12, 31))


def _revoked(sessions: sessionmaker[Session], client: int, world: World) -> None:
    releases.revoke_release(sessions, release(sessions, client, world.urologist),
                            date(2025, 3, 1))


def _not_yet_signed(sessions: sessionmaker[Session], client: int, world: World) -> None:
    release(sessions, client, world.urologist, signed=date(2025, 3, 20),
            expires=date(2026, 3, 20))


def _attendance_only(sessions: sessionmaker[Session], client: int, world: World) -> None:
    release(sessions, client, world.urologist, frozenset({"attendance"}))


def _another_provider(sessions: sessionmaker[Session], client: int, world: World) -> None:
    release(sessions, client, world.physio)


Setup = Callable[[sessionmaker[Session], int, World], None]
ASK_DIAGNOSIS: frozenset[Scope] = frozenset({"diagnosis"})


@pytest.mark.parametrize(("setup", "scopes", "code", "reason"), [
    (_none, None, "none_on_file", "There is no release on file for this recipient."),
    (_another_provider, None, "none_on_file", "There is no release on file for this recipient."),
    (_expired, None, "expired", "The release for this recipient has expired."),
    (_revoked, None, "revoked", "The client has revoked the release for this recipient."),
    (_not_yet_signed, None, "not_yet_signed", "dated after this disclosure"),
    (_attendance_only, ASK_DIAGNOSIS, "out_of_scope", "does not cover all of this information"),
], ids=["none", "other-recipient", "expired", "revoked", "not-yet-signed", "outside-scope"])
def test_a_letter_is_refused_with_the_reason(
    sessions: sessionmaker[Session], world: World, setup: Setup,
    scopes: frozenset[Scope] | None, code: str, reason: str,
) -> None:
    client = _client_with_a_session(sessions)
    setup(sessions, client, world)
    with pytest.raises(DisclosureRefused) as refused:
        letters.compose_letter(
            sessions, client_id=client, provider_id=world.urologist, template_key="urology",
            on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE, scopes=scopes,
        )
    assert refused.value.decision.code == code
    assert reason in refused.value.message
    assert "Robin" not in refused.value.message


def test_a_letter_is_refused_when_another_members_release_is_missing(
    sessions: sessionmaker[Session], world: World,
) -> None:
    with pytest.raises(DisclosureRefused) as refused:
        letters.compose_letter(
            sessions, client_id=world.client, provider_id=world.urologist,
            template_key="urology", on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE,
            include_joint=True,
        )
    assert refused.value.decision.code == "joint_member_missing"
    assert "another member of that session has no release" in refused.value.message


def _counts(sessions: sessionmaker[Session]) -> tuple[int, int, int]:
    with sessions() as s:
        return (s.scalar(select(func.count()).select_from(Letter)) or 0,
                s.scalar(select(func.count()).select_from(Disclosure)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_a_release_revoked_after_composing_refuses_the_issue_and_stores_nothing(
    sessions: sessionmaker[Session], world: World,
) -> None:
    draft = letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key="urology",
        on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE,
    )
    releases.revoke_release(sessions, world.client_release, date(2025, 3, 10))
    before = _counts(sessions)
    with pytest.raises(DisclosureRefused) as refused:
        letters.issue_letter(sessions, draft)
    assert refused.value.decision.code == "revoked"
    assert _counts(sessions) == before


def test_a_draft_that_relied_on_a_replaced_release_must_be_prepared_again(
    sessions: sessionmaker[Session], world: World,
) -> None:
    draft = letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key="urology",
        on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE,
    )
    release(sessions, world.client, world.urologist, signed=date(2025, 3, 12))
    releases.revoke_release(sessions, world.client_release, date(2025, 3, 13))
    with pytest.raises(letters.DraftOutdated):
        letters.issue_letter(sessions, draft)


def test_a_letter_cannot_be_dated_in_the_future(
    sessions: sessionmaker[Session], world: World,
) -> None:
    from practice.errors import ValidationError

    with pytest.raises(ValidationError, match="future"):
        letters.compose_letter(
            sessions, client_id=world.client, provider_id=world.urologist,
            template_key="urology", on=date(9999, 1, 1), use_legal_name=False,
        )
