"""Property: no member's name or diagnosis reaches another member's letters or accounting.

Each example is a couple with generated names and diagnoses, one partner authorizing the
recipient or not, and a letter about the other whose purpose and prose the therapist may
have salted with either partner's name (plain or disguised) and diagnosis. Whatever is
issued, each partner's accounting of disclosures (read back from the PDF) and the letter
about the client carry nothing of the other partner's that they may not see.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from practice.letters.errors import UndrawableText
from practice.services import letters, notes
from practice.services.letters import OtherMemberNamed, disclosures
from tests.core import factories as f
from tests.core.test_letters_builders import LETTER_DAY, PROSE, World, pdf_text, release
from tests.core.test_lookalike import disguised

from .test_disclosures import REPORT_DAY
from .test_disguised_names import PRINTABLE_LOOKALIKES, SOFT_HYPHEN

# Diagnoses with a word of their own, so a leak can be told from ordinary text.
# The word a reader would take for the diagnosis. "Aversion" is an everyday word in a
# coordination letter, so the guard counts it only inside the whole title (see
# _EVERYDAY_IN_LETTERS in practice/services/letters/guard.py); the title is what tells.
TELLING = {"F52.0": "hypoactive", "F52.1": "sexual aversion disorder", "F52.21": "erectile",
           "F52.4": "ejaculation", "F52.5": "vaginismus", "F52.6": "dyspareunia"}
# Letters the letter font prints, in three scripts.
_LETTERS = string.ascii_lowercase + "éñøåç" + "αβγδεζηθκλμνξπρστφχψω" + "бвгджзклмнпрстфцчшщыэюя"
_WORD = st.text(st.sampled_from(_LETTERS), min_size=5, max_size=9).map(str.capitalize)
_fixed_text: list[str] = []


@dataclass(frozen=True)
class Member:
    """One partner as generated: names, diagnosis, and what was typed about them."""

    id: int
    words: tuple[str, ...]
    code: str
    typed: tuple[str, ...]  # disguised forms of their name typed into the letter

    @property
    def canaries(self) -> tuple[str, ...]:
        return (*self.words, *self.typed, self.code, TELLING[self.code])


def _fixed(sessions: sessionmaker[Session], world: World) -> str:
    """Everything a letter and an accounting print whoever they are about (computed once)."""
    if not _fixed_text:
        draft = letters.compose_letter(
            sessions, client_id=world.client, provider_id=world.urologist,
            template_key="urology", on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE)
        from practice.letters.render import render_letter

        report = disclosures.disclosure_report(sessions, world.client, today=REPORT_DAY)
        _fixed_text.append(_plain(pdf_text(render_letter(draft.content)) + pdf_text(report)))
    return _fixed_text[0]


def _plain(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "").casefold()


def _leaked(member: Member, text: str) -> list[str]:
    seen = _plain(text)
    return [c for c in member.canaries if _plain(c) in seen]


def _couple(sessions: sessionmaker[Session], names: tuple[tuple[str, ...], ...],
            codes: tuple[str, str]) -> tuple[int, int, int]:
    ids = [f.client(sessions, " ".join(n), date_of_birth=date(1980, 1, 2)) for n in names]
    solo = f.unit(sessions, "individual", ids[0])
    couple = f.unit(sessions, "couple", *ids)
    own = f.draft(sessions, solo, day=date(2025, 2, 3))
    notes.set_codes(sessions, own.id, diagnoses=[(ids[0], codes[0])], procedures=["90834"])
    joint = f.draft(sessions, couple, day=date(2025, 2, 10))
    notes.set_codes(sessions, joint.id, diagnoses=[(ids[1], codes[1])], procedures=["90847"])
    for note in (own, joint):
        notes.sign_note(sessions, note.id, signed_by="Dr. Okafor")
    return ids[0], ids[1], couple


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), names=st.tuples(st.tuples(_WORD, _WORD), st.tuples(_WORD, _WORD)),
       codes=st.lists(st.sampled_from(sorted(TELLING)), min_size=2, max_size=2, unique=True),
       partner_authorizes=st.booleans(),
       salt=st.sets(st.sampled_from(["her name", "her diagnosis", "his name", "his diagnosis"])))
def test_no_partner_reads_the_others_name_or_diagnosis_in_their_letters_or_accounting(
    sessions: sessionmaker[Session], world: World, data: st.DataObject,
    names: tuple[tuple[str, str], tuple[str, str]], codes: list[str], partner_authorizes: bool,
    salt: set[str],
) -> None:
    fixed = _fixed(sessions, world)
    every_word = [w.casefold() for pair in names for w in pair]
    assume(len(set(every_word)) == 4)
    assume(not any(w in fixed or w in other for w in every_word for other in every_word
                   if other != w))
    client_id, partner_id, _ = _couple(sessions, names, (codes[0], codes[1]))

    def typed(words: tuple[str, ...]) -> str:
        return data.draw(disguised(data.draw(st.sampled_from(words)), (SOFT_HYPHEN,),
                                   PRINTABLE_LOOKALIKES))

    her_name, his_name = typed(names[0]), typed(names[1])
    fragments = {"her name": f"re {her_name}", "her diagnosis": TELLING[codes[0]],
                 "his name": f"with {his_name}", "his diagnosis": TELLING[codes[1]]}
    purpose = ", ".join(["Coordination of care", *(fragments[k] for k in sorted(salt))])
    client = Member(client_id, names[0], codes[0], (her_name,))
    partner = Member(partner_id, names[1], codes[1], (his_name,))
    if partner_authorizes:
        release(sessions, partner_id, world.urologist)
    release(sessions, client_id, world.urologist)

    letter_text = ""
    try:
        draft = letters.compose_letter(
            sessions, client_id=client_id, provider_id=world.urologist, template_key="urology",
            on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE,
            include_joint=partner_authorizes, purpose_override=purpose)
        letter_text = pdf_text(letters.issue_letter(sessions, draft).pdf)
    except (OtherMemberNamed, UndrawableText):
        # Refused: the therapist named him (or his diagnosis) without his authorization.
        assert not partner_authorizes and salt & {"his name", "his diagnosis"}
    else:
        assert partner_authorizes or not salt & {"his name", "his diagnosis"}

    # The letter about her carries his name or diagnosis only with his authorization, and
    # his diagnosis never from the record.
    if partner_authorizes:
        unasked = [partner.code, *([] if "his diagnosis" in salt else [TELLING[partner.code]])]
        assert [c for c in unasked if _plain(c) in _plain(letter_text)] == []
    else:
        assert _leaked(partner, letter_text) == []
    hers = pdf_text(disclosures.disclosure_report(sessions, client_id, today=REPORT_DAY))
    his = pdf_text(disclosures.disclosure_report(sessions, partner_id, today=REPORT_DAY))
    assert _leaked(partner, hers) == []
    assert _leaked(client, his) == []
    if letter_text:
        assert "Anna Kowalski" in hers and (not partner_authorizes or "Anna Kowalski" in his)
