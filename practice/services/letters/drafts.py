"""Letter drafts: the prose typed for a letter, kept in the store until it is issued.

One draft per client, recipient and template. Saving a draft whose every text is blank
removes it; issuing the letter removes it in the same transaction
(``practice.services.letters.issue_letter`` calls ``drop_letter_draft``). Audit entries
carry ids only, never the text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.clients import Client
from practice.models.letter_drafts import StoredLetterDraft
from practice.models.providers import Provider
from practice.services.common import load, utcnow
from practice.services.letters.fields import PROSE_FIELDS
from practice.services.notes import MAX_SECTION_CHARS
from practice.services.notes.drafting import audit_draft_save
from practice.store.audit import record
from practice.text.keys import clean_line, clean_prose

#: Most characters kept per field: as much as a note section. The letter itself takes far
#: less (``letters_fields.MAX_FIELD_CHARS``), but a draft keeps what was typed so that the
#: therapist can shorten it; only absurd amounts are refused.
MAX_DRAFT_FIELD_CHARS = MAX_SECTION_CHARS
_TEMPLATE_KEY_CHARS = 64


@dataclass(frozen=True)
class LetterDraftKey:
    """Which letter a draft is for: about whom, to whom, from which template."""

    client_id: int
    provider_id: int
    template_key: str


@dataclass(frozen=True)
class LetterDraftText:
    """What the therapist typed for a letter, besides what the record fills in.

    Attributes:
        letter_date: The date chosen for the letter, if any.
        use_legal_name: Whether the reference line carries the legal name.
        prose: Field name (``treatment_summary``, ...) to the text typed.
        saved_at: When it was saved (set when read back from the store).
    """

    letter_date: date | None
    use_legal_name: bool
    prose: Mapping[str, str]
    saved_at: datetime | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # A copy the caller cannot change under us, however it was passed in.
        object.__setattr__(self, "prose", MappingProxyType(dict(self.prose)))

    @property
    def blank(self) -> bool:
        """Whether every text is empty or whitespace."""
        return not any(text.strip() for text in self.prose.values())


def save_letter_draft(
    sessions: sessionmaker[Session], key: LetterDraftKey, draft: LetterDraftText
) -> datetime | None:
    """Keep the prose typed for a letter, replacing what was kept for the same letter.

    Cheap enough to call whenever the therapist pauses, locks or switches letters: one small
    transaction, and consecutive saves of one draft share one audit entry.

    Args:
        sessions: The store's sessionmaker.
        key: The client, recipient and template.
        draft: The date, name choice and prose; blank prose removes the draft.

    Returns:
        When the draft was saved, or None when it was blank (and nothing is kept).

    Raises:
        ValidationError: An unknown field, a text far too long or with characters that
            cannot be stored, or a blank template; nothing is changed.
        NotFound: No such client or provider.
    """
    template_key = _check_key(key)
    prose = _check_prose(draft.prose)
    with sessions.begin() as s:
        row = _find(s, key.client_id, key.provider_id, template_key)
        if not prose:
            if row is not None:
                _delete(s, row, reason="blank")
            return None
        now = utcnow()
        if row is None:
            row = _create(s, key, template_key, now)
        row.letter_date = draft.letter_date
        row.use_legal_name = draft.use_legal_name
        row.prose = json.dumps(prose, ensure_ascii=False, sort_keys=True)
        row.updated_at = now
        s.flush()
        audit_draft_save(s, "letter_draft.save", "letter_draft", row.id)
        return now


def load_letter_draft(
    sessions: sessionmaker[Session], key: LetterDraftKey
) -> LetterDraftText | None:
    """Read the draft kept for a letter.

    Args:
        sessions: The store's sessionmaker.
        key: The client, recipient and template.

    Returns:
        The draft with ``saved_at`` set, or None when none is kept.
    """
    with sessions.begin() as s:
        row = _find(s, key.client_id, key.provider_id, key.template_key)
        if row is None:
            return None
        prose = json.loads(row.prose)
        return LetterDraftText(row.letter_date, row.use_legal_name, prose, row.updated_at)


def discard_letter_draft(sessions: sessionmaker[Session], key: LetterDraftKey) -> bool:
    """Throw away the draft kept for a letter (nothing happens when there is none).

    Args:
        sessions: The store's sessionmaker.
        key: The client, recipient and template.

    Returns:
        Whether there was a draft to throw away.
    """
    with sessions.begin() as s:
        return drop_letter_draft(s, key, reason="discarded") is not None


def drop_letter_draft(session: Session, key: LetterDraftKey, *, reason: str) -> int | None:
    """Delete a letter's draft in the caller's transaction (e.g. as the letter is issued).

    Args:
        session: An open session of the store.
        key: The client, recipient and template.
        reason: Why, for the audit entry (``"issued"``, ``"discarded"``).

    Returns:
        The deleted draft's id, or None when there was none.
    """
    row = _find(session, key.client_id, key.provider_id, key.template_key)
    if row is None:
        return None
    draft_id = row.id
    _delete(session, row, reason=reason)
    return draft_id


def _check_key(key: LetterDraftKey) -> str:
    template_key = clean_line(key.template_key, "Template", max_len=_TEMPLATE_KEY_CHARS,
                              required=True)
    assert template_key is not None  # required
    return template_key


def _check_prose(prose: Mapping[str, str]) -> dict[str, str]:
    """The non-blank texts, checked; raises before anything is written."""
    checked: dict[str, str] = {}
    for name, text in prose.items():
        if name not in PROSE_FIELDS:
            raise ValidationError("A letter draft was given a field letters do not have.")
        label = name.replace("_", " ").capitalize()
        checked[name] = clean_prose(text, label, max_len=MAX_DRAFT_FIELD_CHARS)
    return {name: text for name, text in checked.items() if text.strip()}


def _find(session: Session, client_id: int, provider_id: int,
          template_key: str) -> StoredLetterDraft | None:
    return session.scalar(select(StoredLetterDraft).where(
        StoredLetterDraft.client_id == client_id,
        StoredLetterDraft.provider_id == provider_id,
        StoredLetterDraft.template_key == template_key))


def _create(session: Session, key: LetterDraftKey, template_key: str,
            now: datetime) -> StoredLetterDraft:
    load(session, Client, key.client_id, "client")
    load(session, Provider, key.provider_id, "provider")
    row = StoredLetterDraft(client_id=key.client_id, provider_id=key.provider_id,
                            template_key=template_key, prose="{}", updated_at=now)
    session.add(row)
    session.flush()
    record(session, "letter_draft.create", entity="letter_draft", entity_id=row.id,
           client_id=key.client_id, provider_id=key.provider_id, template=template_key)
    return row


def _delete(session: Session, row: StoredLetterDraft, *, reason: str) -> None:
    record(session, "letter_draft.delete", entity="letter_draft", entity_id=row.id,
           client_id=row.client_id, provider_id=row.provider_id, reason=reason)
    session.delete(row)
