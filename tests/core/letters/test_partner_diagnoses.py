"""A partner's diagnosis stays out of the client's letter unless the partner authorized it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from practice.services import letters, notes
from practice.services.letters import OtherMemberNamed
from tests.core import factories as f
from tests.core.test_letters_builders import LETTER_DAY, PROSE, World, release


def _compose(sessions: sessionmaker[Session], world: World, **typed: str
             ) -> letters.LetterDraft:
    return letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key="urology",
        on=LETTER_DAY, use_legal_name=False, extra_fields={**PROSE, **typed})


# The partner's diagnosis (from the couple's joint session) is F52.21, male erectile disorder.
@pytest.mark.parametrize("typed", [
    "Her partner's erectile difficulties shape their intimacy.",
    "Partner diagnosed F52.21.", "Partner: f5221.", "He has male erectile disorder.",
    "Her partner's \u0415RECTILE difficulties",  # a Cyrillic capital Ie for the E
    "Her partner's erec\u00adtile difficulties",
])
def test_a_partners_diagnosis_in_prose_stops_the_letter(
    sessions: sessionmaker[Session], world: World, typed: str,
) -> None:
    with pytest.raises(OtherMemberNamed) as refused:
        _compose(sessions, world, treatment_summary=typed)
    assert "treatment_summary" in refused.value.message
    assert "erectile" not in refused.value.message.casefold()


def test_the_clients_own_diagnosis_and_everyday_words_still_make_a_letter(
    sessions: sessionmaker[Session], world: World,
) -> None:
    # The partner also has generalized anxiety disorder on record; "anxiety" alone is an
    # everyday word in these letters, and dyspareunia is the client's own diagnosis.
    note = f.draft(sessions, world.couple_unit, day=date(2025, 2, 17))
    notes.set_codes(sessions, note.id, diagnoses=[(world.partner, "F41.1")],
                    procedures=["90847"])
    typed = "Performance anxiety and dyspareunia (F52.6) eased; a clean, torn-free plan."
    assert _compose(sessions, world, treatment_summary=typed).content.paragraphs
    with pytest.raises(OtherMemberNamed):
        _compose(sessions, world, treatment_summary="Partner: generalized anxiety disorder.")


def test_a_partner_who_authorized_the_recipient_may_have_his_diagnosis_mentioned(
    sessions: sessionmaker[Session], world: World,
) -> None:
    release(sessions, world.partner, world.urologist)
    typed = "Her partner's erectile difficulties shape their intimacy."
    assert _compose(sessions, world, treatment_summary=typed).content.paragraphs
