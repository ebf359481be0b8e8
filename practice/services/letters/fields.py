"""Template fields: from the disclosable record, the client's names and pronouns, and typed prose.

Only fields the release's scopes allow are ever gathered: the record itself comes from
``disclosable`` (signed notes only, the client's share of joint sessions, no
psychotherapy notes), and prose the therapist types in is kept only for the sections printed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from practice.errors import ValidationError
from practice.letters.templates import COMMON_PRONOUNS, FIELD_SCOPES, FIELDS, PronounSet
from practice.services.clients import ClientView
from practice.services.letters.disclosable import DisclosableRecord
from practice.services.letters.profile import long_date

# Fields Practice fills from the record; the rest come from the therapist.
RECORD_FIELDS = frozenset(
    {"start_date", "session_count", "last_session_date", "attendance_summary",
     "diagnosis_summary"}
)
#: Fields only the therapist can write (clinical prose).
PROSE_FIELDS = frozenset(FIELD_SCOPES) - RECORD_FIELDS
MAX_FIELD_CHARS = 4000

_NEUTRAL = COMMON_PRONOUNS["they/them"]
# Sets named by their subject pronoun; "ze" is resolved by its object form below.
_PRONOUN_SETS: dict[str, PronounSet] = {
    "she": COMMON_PRONOUNS["she/her"],
    "he": COMMON_PRONOUNS["he/him"],
    "they": _NEUTRAL,
    "any": _NEUTRAL,
    "xe": PronounSet("xe", "xem", "xyr", "xemself"),
    "ze": PronounSet("ze", "zir", "zir", "zirself"),
    "ey": PronounSet("ey", "em", "eir", "emself"),
    "e": PronounSet("e", "em", "eir", "emself"),
    "fae": PronounSet("fae", "faer", "faer", "faerself"),
}
_ZE_HIR = PronounSet("ze", "hir", "hir", "hirself")
_PRONOUN_SPLIT = re.compile(r"[/,]")


def pronoun_set(pronouns: str | None) -> PronounSet | None:
    """Read a client's pronouns ("she/her", "xe/xem/xyr", "they") into the template forms.

    Args:
        pronouns: As the client wrote them; ``None`` when not recorded.

    Returns:
        The set; they/them when none is recorded; ``None`` when the words are not
        recognised, so the therapist supplies the ``pronoun_*`` fields.
    """
    if pronouns is None or not pronouns.strip():
        return _NEUTRAL
    parts = [p.strip() for p in _PRONOUN_SPLIT.split(pronouns.casefold()) if p.strip()]
    if len(parts) >= 4:
        return PronounSet(*parts[:4])
    if not parts:
        return _NEUTRAL
    if parts[0] == "ze" and parts[1:2] == ["hir"]:
        return _ZE_HIR
    return _PRONOUN_SETS.get(parts[0].split()[0])


def record_fields(record: DisclosableRecord) -> dict[str, str]:
    """Fields drawn from the record, for the scopes the record was assembled for.

    Args:
        record: What the release allows (see ``disclosable_record``).

    Returns:
        Attendance and diagnosis fields, only when their scope was allowed and there is
        something to say; a missing one surfaces later as a ``MissingField``.
    """
    fields: dict[str, str] = {}
    attended = sorted(record.sessions_attended)
    if "attendance" in record.scopes and attended:
        fields["start_date"] = long_date(attended[0])
        fields["last_session_date"] = long_date(attended[-1])
        fields["session_count"] = str(len(attended))
        fields["attendance_summary"] = (
            f"The most recent session was on {long_date(attended[-1])}."
        )
    if "diagnosis" in record.scopes and record.diagnoses:
        fields["diagnosis_summary"] = "; ".join(
            " ".join(part for part in (d.code, d.description) if part)
            for d in record.diagnoses
        )
    return fields


def person_fields(client: ClientView, addressed: str) -> dict[str, str]:
    """Who the letter is about and to: the chosen name and pronouns, and the addressee."""
    fields = {"client_name": client.display_name, "recipient_name": addressed}
    pronouns = pronoun_set(client.details.pronouns)
    if pronouns is not None:
        fields.update(pronouns.as_fields())
    return fields


def clean_extra(extra: Mapping[str, str] | None) -> dict[str, str]:
    """Check the fields the therapist typed: known names, storable text, a sane length.

    Raises:
        ValidationError: An unknown field name, or text too long or with control characters.
    """
    cleaned: dict[str, str] = {}
    for name, value in (extra or {}).items():
        if name not in FIELDS:
            raise ValidationError(f"{name} is not a letter field.")
        text = unicodedata.normalize("NFC", value).strip()
        if len(text) > MAX_FIELD_CHARS:
            raise ValidationError(f"{name} is too long (at most {MAX_FIELD_CHARS} characters).")
        if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in text):
            raise ValidationError(f"{name} holds characters that cannot be printed.")
        if text:
            cleaned[name] = text
    return cleaned
