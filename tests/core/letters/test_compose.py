"""Composing a coordination letter: every part a medical office expects, and nobody else's story."""

from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy.orm import Session, sessionmaker

from practice.letters.errors import MissingField
from practice.services import clients, letters
from practice.services.letters import CcClient, CcProvider, CopyRefused, OtherMemberNamed
from practice.services.letters.fields import pronoun_set
from practice.services.letters.guard import OtherPerson, names_found
from practice.services.releases import DisclosureRefused
from practice.text.keys import tokens
from tests.core import factories as f
from tests.core.test_letters_builders import (
    JOINT_CANARY,
    LETTER_DAY,
    OWN_NOTE_CANARY,
    PARTNER_CHOSEN,
    PARTNER_LEGAL,
    PROSE,
    PSYCHOTHERAPY_CANARY,
    World,
    pdf_text,
    post_safe,
    release,
)


def compose(sessions: sessionmaker[Session], world: World, **kwargs: object
            ) -> letters.LetterDraft:
    options: dict[str, object] = {
        "client_id": world.client, "provider_id": world.urologist, "template_key": "urology",
        "on": LETTER_DAY, "use_legal_name": False, "extra_fields": PROSE, **kwargs,
    }
    return letters.compose_letter(sessions, **options)  # type: ignore[arg-type]


def render(draft: letters.LetterDraft) -> bytes:
    from practice.letters.render import render_letter

    return render_letter(draft.content)


def test_a_letter_prints_every_part_a_medical_office_expects(
    sessions: sessionmaker[Session], world: World,
) -> None:
    clients.set_channel_safety(sessions, world.client, post_safe("initials"))
    release(sessions, world.client, world.physio)
    text = pdf_text(render(compose(
        sessions, world, cc=(CcProvider(world.physio), CcClient("post")))))
    for expected in (
        "Harbor Sex & Relationship Therapy", "1200 Magazine Street",  # letterhead
        "March 14, 2025",  # date
        "Anna Kowalski, MD", "Crescent City Urology", "3600 Prytania Street",
        "Fax: (504) 555-0199",  # recipient block with the organisation's fax
        "Re: Lucía, DOB 07/02/1988",
        "Purpose: Coordination of care with urology",
        "Dear Dr. Kowalski:",
        "dated January 2, 2025, is on file",
        "Miriam Okafor, PhD, LMFT", "AASECT Certified Sex Therapist",
        "Louisiana LMFT License No. LMFT-1234", "Texas LMFT License No. 98765",
        "Minnesota LMFT License No. 5555",
        "CONFIDENTIALITY NOTICE",
        "Page 1 of",
        "cc: Jordan Lee, DPT", "L. (copy by post)",
    ):
        assert expected in text, expected


def test_the_record_fills_attendance_and_diagnosis_and_the_therapist_the_prose(
    sessions: sessionmaker[Session], world: World,
) -> None:
    text = pdf_text(render(compose(sessions, world)))
    assert "began treatment with me on February 3, 2025" in text
    assert "Sessions attended to date: 2." in text
    assert "F52.6" in text
    for prose in PROSE.values():
        assert prose in text


def test_the_body_uses_the_chosen_name_and_pronouns_and_the_legal_name_only_when_asked(
    sessions: sessionmaker[Session], world: World,
) -> None:
    chosen = pdf_text(render(compose(sessions, world)))
    assert "Ana Lucía Ruiz" not in chosen
    assert "to her symptoms" in chosen
    legal = pdf_text(render(compose(sessions, world, use_legal_name=True)))
    assert "Re: Ana Lucía Ruiz, DOB 07/02/1988" in legal
    assert legal.count("Ana Lucía Ruiz") == 2  # the Re: line and the page-2 running header
    assert "with Lucía's written authorization" in legal


def test_no_partner_joint_note_or_psychotherapy_note_reaches_the_letter(
    sessions: sessionmaker[Session], world: World,
) -> None:
    pdf = render(compose(sessions, world))
    text = pdf_text(pdf)
    for canary in (PARTNER_LEGAL, PARTNER_CHOSEN, "Zephyrine", "Marlowe", JOINT_CANARY,
                   PSYCHOTHERAPY_CANARY, OWN_NOTE_CANARY, "F52.21", "Z63.0", "90847"):
        assert canary not in text, canary
    assert b"Quill" not in pdf and b"Zephyrine" not in pdf


def test_joint_sessions_come_in_only_with_the_partners_release(
    sessions: sessionmaker[Session], world: World,
) -> None:
    with pytest.raises(DisclosureRefused) as refused:
        compose(sessions, world, include_joint=True)
    assert refused.value.decision.code == "joint_member_missing"
    assert refused.value.decision.members_without_release == (world.partner,)
    release(sessions, world.partner, world.urologist)
    text = pdf_text(render(compose(sessions, world, include_joint=True)))
    assert "Sessions attended to date: 3." in text and "Z63.0" in text
    for canary in (JOINT_CANARY, "F52.21", PARTNER_CHOSEN):  # his diagnosis stays his
        assert canary not in text


def test_a_partner_named_in_typed_text_stops_the_letter(
    sessions: sessionmaker[Session], world: World,
) -> None:
    typed = {**PROSE, "progress_summary": "She and QUILL now talk about pain."}
    with pytest.raises(OtherMemberNamed) as refused:
        compose(sessions, world, extra_fields=typed)
    assert "progress_summary" in refused.value.message
    assert "Quill" not in refused.value.message and "QUILL" not in refused.value.message
    with pytest.raises(OtherMemberNamed):
        compose(sessions, world, purpose_override="Care with Mr Márlowe")


def test_a_partner_who_authorized_the_recipient_may_be_named(
    sessions: sessionmaker[Session], world: World,
) -> None:
    release(sessions, world.partner, world.urologist)
    typed = {**PROSE, "progress_summary": "Quill joins sessions on pain."}
    assert "Quill joins" in pdf_text(render(compose(sessions, world, extra_fields=typed)))


def test_prose_for_sections_the_release_does_not_cover_is_left_out(
    sessions: sessionmaker[Session], world: World,
) -> None:
    narrow = f.client(sessions, "Nadia Stone", date_of_birth=date(1990, 5, 5))
    solo = f.unit(sessions, "individual", narrow)
    f.signed(sessions, solo, day=date(2025, 3, 1))
    release(sessions, narrow, world.urologist, frozenset({"attendance"}))
    draft = compose(sessions, world, client_id=narrow)
    text = pdf_text(render(draft))
    assert draft.scopes == {"attendance"}
    assert "Sessions attended to date: 1." in text
    for prose in PROSE.values():
        assert prose not in text
    assert "Diagnostic impression" not in text


def test_asking_for_fewer_scopes_prints_fewer_sections(
    sessions: sessionmaker[Session], world: World,
) -> None:
    draft = compose(sessions, world, scopes={"attendance", "recommendations"})
    text = pdf_text(render(draft))
    assert draft.scopes == {"attendance", "recommendations"}
    assert PROSE["recommendations"] in text
    assert "F52.6" not in text and PROSE["treatment_summary"] not in text


def test_missing_prose_is_named_so_the_therapist_can_write_it(
    sessions: sessionmaker[Session], world: World,
) -> None:
    with pytest.raises(MissingField) as missing:
        compose(sessions, world, extra_fields={})
    assert missing.value.fields == ("progress_summary", "recommendations", "treatment_summary")


@pytest.mark.parametrize(("legal", "chosen"), [
    ("Σοφία Παπαδοπούλου", "Σοφία"),
    ("Александра Петрова", "Саша"),
])
def test_a_greek_or_cyrillic_name_comes_back_intact(
    sessions: sessionmaker[Session], world: World, legal: str, chosen: str,
) -> None:
    person = f.client(sessions, legal, chosen, pronouns="she/her",
                      date_of_birth=date(1979, 11, 30))
    f.signed(sessions, f.unit(sessions, "individual", person), day=date(2025, 3, 1))
    release(sessions, person, world.urologist)
    text = pdf_text(render(compose(sessions, world, client_id=person, use_legal_name=True,
                                   scopes={"attendance", "treatment_summary"})))
    assert f"Re: {legal}, DOB 11/30/1979" in text
    assert f"with {chosen}'s written authorization" in text


def test_a_copy_by_post_uses_only_the_name_allowed_on_the_envelope(
    sessions: sessionmaker[Session], world: World,
) -> None:
    clients.set_channel_safety(sessions, world.client, post_safe("none"))
    text = pdf_text(render(compose(sessions, world, cc=(CcClient("post"),))))
    assert "cc: The client (copy by post)" in text


def test_no_copy_goes_by_post_when_post_is_not_safe(
    sessions: sessionmaker[Session], world: World,
) -> None:
    from practice.errors import ValidationError

    with pytest.raises(ValidationError, match="not marked post as safe"):
        compose(sessions, world, cc=(CcClient("post"),))


def test_a_copy_to_another_provider_needs_its_own_release(
    sessions: sessionmaker[Session], world: World,
) -> None:
    with pytest.raises(CopyRefused) as refused:
        compose(sessions, world, cc=(CcProvider(world.physio),))
    assert refused.value.message.startswith("The copy (cc) to another provider cannot be sent")
    assert refused.value.decision.code == "none_on_file"


def test_the_pdf_metadata_names_no_one(sessions: sessionmaker[Session], world: World) -> None:
    info = PdfReader(io.BytesIO(render(compose(sessions, world, use_legal_name=True)))).metadata
    assert info is not None
    values = " ".join(str(v) for v in info.values())
    for name in ("Lucía", "Ruiz", "Kowalski", "1988"):
        assert name not in values


@pytest.mark.parametrize(("pronouns", "forms"), [
    ("she/her", ("she", "her", "her", "herself")),
    ("He/Him/His", ("he", "him", "his", "himself")),
    (None, ("they", "them", "their", "themself")),
    ("xe/xem/xyr", ("xe", "xem", "xyr", "xemself")),
    ("ze/hir", ("ze", "hir", "hir", "hirself")),
    ("per/per/pers/perself", ("per", "per", "pers", "perself")),
])
def test_pronouns_are_read_into_the_forms_templates_use(
    pronouns: str | None, forms: tuple[str, ...],
) -> None:
    found = pronoun_set(pronouns)
    assert found is not None
    assert (found.subject, found.object, found.possessive, found.reflexive) == forms


def test_unrecognised_pronouns_are_asked_for_rather_than_guessed() -> None:
    assert pronoun_set("co/cos") is None


_WORDS = st.text(st.characters(categories=["L"]), min_size=3, max_size=12)


@given(before=st.text(max_size=60), after=st.text(max_size=60), first=_WORDS, last=_WORDS)
def test_a_name_is_found_wherever_it_sits_in_typed_text(
    before: str, after: str, first: str, last: str,
) -> None:
    # Upper-casing changes a few letters for good (Turkish dotless "ı" becomes "I").
    assume(tokens(first.upper()) == tokens(first))
    person = OtherPerson(1, (f"{first} {last}",))
    text = f"{before} {first.upper()} {last} {after}"
    assert names_found({"field": text}, [person], own_names=()) == ["field"]


@given(text=st.text(max_size=200))
def test_finding_names_never_fails_on_any_text(text: str) -> None:
    found = names_found({"field": text}, [OtherPerson(1, ("Quill Marlowe",))], ("Lucía",))
    assert found in ([], ["field"])
