"""A partner's name that prints as itself stops the letter, however its characters were typed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from practice.documents.glyphs import is_drawable
from practice.letters.errors import UndrawableText
from practice.services import letters
from practice.services.letters import OtherMemberNamed
from tests.core.test_letters_builders import LETTER_DAY, PARTNER_LEGAL, PROSE, World
from tests.core.test_lookalike import LOOKALIKES, disguised

PARTNER_WORDS = ("Quill", *PARTNER_LEGAL.split())
SOFT_HYPHEN = "\u00ad"
# The letter font prints the soft hyphen (as nothing) and most look-alike letters; other
# invisible characters, and letters it lacks, already stop a letter as unprintable.
PRINTABLE_LOOKALIKES = {
    letter: [ch for ch in swaps if is_drawable(ch)] for letter, swaps in LOOKALIKES.items()
}


def _compose(sessions: sessionmaker[Session], world: World, **typed: str
             ) -> letters.LetterDraft:
    return letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key="urology",
        on=LETTER_DAY, use_legal_name=False, extra_fields={**PROSE, **typed})


@pytest.mark.parametrize("shown", [
    "Qui\u00adll",  # a soft hyphen, as a word processor leaves it
    "Quil\u04c0",  # Cyrillic palochka for the last "l"
    "M\u0430rlowe", "\u041carlowe", "Marl\u043ewe",  # Cyrillic a, capital M, o
    "Z\u0435phyr\u0456ne",  # Cyrillic e and i
])
def test_a_disguised_partner_name_in_prose_stops_the_letter(
    sessions: sessionmaker[Session], world: World, shown: str,
) -> None:
    with pytest.raises(OtherMemberNamed) as refused:
        _compose(sessions, world, progress_summary=f"She and {shown} now talk about pain.")
    assert "progress_summary" in refused.value.message


@pytest.mark.parametrize("shown", [
    "Qu\u200dill", "Q\u200bu\u200ci\u2060ll", "\uff31\uff55\uff49\uff4c\uff4c",
])
def test_a_name_disguised_with_what_the_font_cannot_print_is_refused_too(
    sessions: sessionmaker[Session], world: World, shown: str,
) -> None:
    with pytest.raises((OtherMemberNamed, UndrawableText)):
        _compose(sessions, world, progress_summary=f"She and {shown} now talk about pain.")


def test_a_disguised_partner_name_in_the_purpose_stops_the_letter(
    sessions: sessionmaker[Session], world: World,
) -> None:
    with pytest.raises(OtherMemberNamed):
        letters.compose_letter(
            sessions, client_id=world.client, provider_id=world.urologist,
            template_key="urology", on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE,
            purpose_override="Care with Mr Marl\u00adowe")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_disguise_of_any_of_the_partners_names_stops_the_letter(
    sessions: sessionmaker[Session], world: World, data: st.DataObject,
) -> None:
    # Composing writes nothing, so one store serves every example.
    shown = data.draw(disguised(data.draw(st.sampled_from(PARTNER_WORDS)), (SOFT_HYPHEN,),
                                PRINTABLE_LOOKALIKES))
    with pytest.raises(OtherMemberNamed):
        _compose(sessions, world, treatment_summary=f"Sensate focus; {shown} joins later.")


def test_ordinary_prose_still_makes_a_letter(
    sessions: sessionmaker[Session], world: World,
) -> None:
    typed = "She feels torn, then clean of old scripts; her q\u00aduilt project helps."
    assert _compose(sessions, world, progress_summary=typed).content.paragraphs
