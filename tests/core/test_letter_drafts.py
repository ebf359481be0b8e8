"""Letter drafts: the prose typed for a letter is kept in the store until the letter is issued."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import NotFound, ValidationError
from practice.models.audit import AuditEntry
from practice.models.letter_drafts import StoredLetterDraft
from practice.services import letters
from practice.services.letters.drafts import (
    MAX_DRAFT_FIELD_CHARS,
    LetterDraftKey,
    LetterDraftText,
    discard_letter_draft,
    load_letter_draft,
    save_letter_draft,
)
from tests.core import factories as f
from tests.core.test_letters_builders import LETTER_DAY, PROSE, build_world

DAY = date(2025, 3, 14)
TYPED = {"treatment_summary": "Sensate focus, stage two.",
         "recommendations": "A pelvic floor referral."}


@pytest.fixture
def key(sessions: sessionmaker[Session]) -> LetterDraftKey:
    client = f.client(sessions, "Ana Lucía Ruiz")
    provider = f.provider(sessions, "Anna Kowalski")
    return LetterDraftKey(client, provider, "urology")


def _rows(sessions: sessionmaker[Session]) -> list[tuple[object, ...]]:
    with sessions() as s:
        return [tuple(r) for r in s.execute(select(
            StoredLetterDraft.id, StoredLetterDraft.template_key, StoredLetterDraft.prose,
            StoredLetterDraft.letter_date, StoredLetterDraft.use_legal_name))]


def _audit(sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    with sessions() as s:
        return [(a, d) for a, d in s.execute(
            select(AuditEntry.action, AuditEntry.detail).where(
                AuditEntry.action.like("letter_draft.%")).order_by(AuditEntry.seq))]


def test_a_saved_draft_reads_back_with_its_date_name_choice_and_prose(
    sessions: sessionmaker[Session], key: LetterDraftKey,
) -> None:
    saved_at = save_letter_draft(sessions, key, LetterDraftText(DAY, True, TYPED))
    found = load_letter_draft(sessions, key)
    assert found == LetterDraftText(DAY, True, TYPED)
    assert found is not None and found.saved_at == saved_at is not None


def test_a_second_save_replaces_the_first_and_other_letters_keep_their_own(
    sessions: sessionmaker[Session], key: LetterDraftKey,
) -> None:
    general = LetterDraftKey(key.client_id, key.provider_id, "general")
    save_letter_draft(sessions, key, LetterDraftText(DAY, False, TYPED))
    save_letter_draft(sessions, general, LetterDraftText(None, False, {"recommendations": "B"}))
    save_letter_draft(sessions, key, LetterDraftText(None, True, {"progress_summary": "Eased."}))
    assert load_letter_draft(sessions, key) == LetterDraftText(
        None, True, {"progress_summary": "Eased."})
    assert load_letter_draft(sessions, general) == LetterDraftText(
        None, False, {"recommendations": "B"})
    assert len(_rows(sessions)) == 2


def test_no_draft_is_none(sessions: sessionmaker[Session], key: LetterDraftKey) -> None:
    assert load_letter_draft(sessions, key) is None
    assert discard_letter_draft(sessions, key) is False


def test_saving_only_blank_prose_removes_the_draft(
    sessions: sessionmaker[Session], key: LetterDraftKey,
) -> None:
    save_letter_draft(sessions, key, LetterDraftText(DAY, False, TYPED))
    assert save_letter_draft(sessions, key, LetterDraftText(
        DAY, False, {"treatment_summary": "  \n\t", "recommendations": ""})) is None
    assert load_letter_draft(sessions, key) is None
    assert _rows(sessions) == []
    assert save_letter_draft(sessions, key, LetterDraftText(DAY, False, {})) is None
    assert _rows(sessions) == []


def test_blank_fields_are_not_kept_beside_typed_ones(
    sessions: sessionmaker[Session], key: LetterDraftKey,
) -> None:
    save_letter_draft(sessions, key, LetterDraftText(
        None, False, {"treatment_summary": "Kept.", "recommendations": "   "}))
    assert load_letter_draft(sessions, key) == LetterDraftText(
        None, False, {"treatment_summary": "Kept."})


def test_discarding_removes_the_draft(
    sessions: sessionmaker[Session], key: LetterDraftKey,
) -> None:
    save_letter_draft(sessions, key, LetterDraftText(DAY, False, TYPED))
    assert discard_letter_draft(sessions, key) is True
    assert load_letter_draft(sessions, key) is None


def test_text_far_too_long_is_refused_in_plain_words_and_nothing_changes(
    sessions: sessionmaker[Session], key: LetterDraftKey,
) -> None:
    save_letter_draft(sessions, key, LetterDraftText(DAY, False, TYPED))
    before, audited = _rows(sessions), _audit(sessions)
    huge = "ω" * (MAX_DRAFT_FIELD_CHARS + 1)
    with pytest.raises(ValidationError) as refused:
        save_letter_draft(sessions, key, LetterDraftText(
            DAY, True, {"treatment_summary": "short", "recommendations": huge}))
    assert refused.value.message == (
        f"Recommendations is too long (at most {MAX_DRAFT_FIELD_CHARS} characters).")
    assert "ω" not in str(refused.value)
    assert _rows(sessions) == before
    assert _audit(sessions) == audited


def test_a_text_longer_than_a_letter_takes_is_still_kept(
    sessions: sessionmaker[Session], key: LetterDraftKey,
) -> None:
    """The letter refuses it when composed; the draft keeps it so it can be shortened."""
    long_text = "word " * 2000
    save_letter_draft(sessions, key, LetterDraftText(None, False, {"recommendations": long_text}))
    found = load_letter_draft(sessions, key)
    assert found is not None and found.prose["recommendations"] == long_text


def test_a_field_letters_do_not_have_or_a_blank_template_is_refused(
    sessions: sessionmaker[Session], key: LetterDraftKey,
) -> None:
    with pytest.raises(ValidationError):
        save_letter_draft(sessions, key, LetterDraftText(None, False, {"client_name": "X"}))
    with pytest.raises(ValidationError):
        save_letter_draft(sessions, LetterDraftKey(key.client_id, key.provider_id, "  "),
                          LetterDraftText(None, False, TYPED))
    with pytest.raises(ValidationError):
        save_letter_draft(sessions, key, LetterDraftText(
            None, False, {"recommendations": "bell \x07"}))
    assert _rows(sessions) == []


def test_a_draft_for_a_client_or_provider_not_on_file_is_refused(
    sessions: sessionmaker[Session], key: LetterDraftKey,
) -> None:
    for missing in (LetterDraftKey(9999, key.provider_id, "urology"),
                    LetterDraftKey(key.client_id, 9999, "urology")):
        with pytest.raises(NotFound):
            save_letter_draft(sessions, missing, LetterDraftText(None, False, TYPED))
    assert _rows(sessions) == []


def test_the_audit_names_ids_only_and_a_run_of_saves_is_one_entry(
    sessions: sessionmaker[Session], key: LetterDraftKey,
) -> None:
    for text in ("Sensate", "Sensate focus", "Sensate focus, stage two."):
        save_letter_draft(sessions, key, LetterDraftText(DAY, False, {"treatment_summary": text}))
    discard_letter_draft(sessions, key)
    audited = _audit(sessions)
    assert [a for a, _d in audited] == [
        "letter_draft.create", "letter_draft.save", "letter_draft.delete"]
    details = " ".join(d for _a, d in audited)
    assert "Sensate" not in details and "Ana" not in details
    assert json.loads(audited[0][1])["client_id"] == key.client_id


def test_issuing_the_letter_removes_its_draft_and_no_other(
    sessions: sessionmaker[Session],
) -> None:
    world = build_world(sessions)
    key = LetterDraftKey(world.client, world.urologist, "urology")
    other = LetterDraftKey(world.client, world.physio, "pelvic-floor-pt")
    save_letter_draft(sessions, key, LetterDraftText(LETTER_DAY, False, PROSE))
    save_letter_draft(sessions, other, LetterDraftText(LETTER_DAY, False, PROSE))
    draft = letters.compose_letter(
        sessions, client_id=world.client, provider_id=world.urologist, template_key="urology",
        on=LETTER_DAY, use_legal_name=False, extra_fields=PROSE)
    issued = letters.issue_letter(sessions, draft)
    assert load_letter_draft(sessions, key) is None
    assert load_letter_draft(sessions, other) is not None
    with sessions() as s:
        deleted = s.scalar(select(AuditEntry.detail).where(
            AuditEntry.action == "letter_draft.delete").order_by(AuditEntry.seq.desc()))
        assert s.scalar(select(func.count()).select_from(StoredLetterDraft)) == 1
    assert deleted is not None and json.loads(deleted)["reason"] == "issued"
    assert [s.id for s in letters.list_letters(sessions, world.client)] == [issued.id]


prose_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"),
    min_size=1, max_size=300,
).filter(str.strip)
SAMPLES = ("Σοφία: η θεραπεία προχωρά καλά.", "Дмитрий: прогресс заметен.",
           "River 🌈 feels safer 🧡👩‍❤️‍👩", "李小龙\tأمينة\n  trailing  ")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=prose_text | st.sampled_from(SAMPLES))
def test_any_script_and_emoji_round_trip_exactly(
    sessions: sessionmaker[Session], key: LetterDraftKey, text: str,
) -> None:
    save_letter_draft(sessions, key, LetterDraftText(None, False, {"risk_summary": text}))
    found = load_letter_draft(sessions, key)
    assert found is not None and found.prose == {"risk_summary": text}
