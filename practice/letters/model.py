"""Plain values a letter or a disclosure report is rendered from: no database, no Qt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from practice.documents.model import Letterhead as Letterhead
from practice.letters.errors import LetterError
from practice.measures.model import ScoreRow

#: The release-of-information scopes, exactly as releases record them.
SCOPES: frozenset[str] = frozenset(
    {"attendance", "diagnosis", "treatment_summary", "recommendations", "progress", "risk",
     "measures"}
)

#: How each scope reads in a disclosure report.
SCOPE_LABELS: dict[str, str] = {
    "attendance": "attendance",
    "diagnosis": "diagnosis",
    "treatment_summary": "treatment summary",
    "recommendations": "recommendations",
    "progress": "progress",
    "risk": "risk assessment",
    "measures": "standard measures (scores)",
}

DEFAULT_NOTICE = (
    "CONFIDENTIALITY NOTICE: This letter contains confidential health information that is "
    "protected by federal and state law and is disclosed with the client's written "
    "authorization. It is intended only for the recipient named above. Any further "
    "disclosure is prohibited unless permitted by law or by a further written authorization "
    "from the client. If you have received this letter in error, please notify the sender "
    "at the telephone number above and destroy all copies."
)

REPORT_NOTICE = (
    "CONFIDENTIAL: This accounting of disclosures contains protected health information "
    "and is provided to the client, or the client's personal representative, on request."
)


@dataclass(frozen=True)
class Licence:
    """One state licence held by the signing therapist.

    Attributes:
        state: The licensing state, e.g. ``"Texas"``.
        number: The licence number as issued.
        kind: The licence type in that state, e.g. ``"LPC"``; optional.
    """

    state: str
    number: str
    kind: str = ""


@dataclass(frozen=True)
class Signatory:
    """The therapist who signs the letter.

    Attributes:
        name: Full professional name.
        credentials: Degrees and licence letters, e.g. ``"PhD, LMFT"``.
        licences: Every licence to print, one per state.
        certifications: E.g. ``("AASECT Certified Sex Therapist",)``.
        contact_lines: Telephone, email and the like, one per line.
        signature_png: A scanned signature, drawn above the typed name.
    """

    name: str
    credentials: str
    licences: tuple[Licence, ...]
    certifications: tuple[str, ...]
    contact_lines: tuple[str, ...]
    signature_png: bytes | None = None


@dataclass(frozen=True)
class Recipient:
    """The provider the letter is addressed to.

    Attributes:
        name: The provider's name, e.g. ``"Anna Kowalski"``.
        credentials: E.g. ``"MD"``; printed after the name.
        organisation: Clinic or hospital.
        address_lines: Postal address lines.
        fax: Fax number (medical offices still match and file by fax).
        salutation: The greeting line; ``"Dear <name>:"`` when left blank.
    """

    name: str
    credentials: str
    organisation: str
    address_lines: tuple[str, ...]
    fax: str
    salutation: str = ""


@dataclass(frozen=True)
class LetterContent:
    """Everything printed in one care-coordination letter.

    The caller chooses the names: ``reference_name`` is the name the recipient's records
    are filed under (often the legal name), while the body paragraphs use the client's
    chosen name and pronouns.

    Attributes:
        letterhead: The practice's letterhead.
        letter_date: The date the letter is written.
        recipient: Who receives it.
        reference_name: Name for the "Re:" line.
        reference_dob: Date of birth for the "Re:" line.
        purpose: One line stating why the letter is sent.
        paragraphs: The body, already filled from a template; a newline inside a
            paragraph becomes a line break.
        release_signed_on: The signature date of the release on file.
        signatory: Who signs.
        cc: Further recipients, one per entry.
        confidentiality_notice: Printed at the end in small type.
        scores: The client's own scores, printed as a table and a chart per instrument
            (only with the ``measures`` scope).
        scores_after: How many body paragraphs come before the scores.
    """

    letterhead: Letterhead
    letter_date: date
    recipient: Recipient
    reference_name: str
    reference_dob: date
    purpose: str
    paragraphs: tuple[str, ...]
    release_signed_on: date
    signatory: Signatory
    cc: tuple[str, ...] = ()
    confidentiality_notice: str = DEFAULT_NOTICE
    scores: tuple[ScoreBlock, ...] = ()
    scores_after: int = 0


@dataclass(frozen=True)
class ScoreBlock:
    """One instrument's scores in a letter: the client's own, never a partner's.

    Attributes:
        instrument: The instrument's key ("iief5").
        title: Its published full name, as the heading.
        rows: One row per administration, oldest first.
        points: (day, total) for the trend chart, oldest first.
        notes: Lines printed under the table (item 9 of the PHQ-9 only with ``risk``).
    """

    instrument: str
    title: str
    rows: tuple[ScoreRow, ...]
    points: tuple[tuple[date, float], ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DisclosureEntry:
    """One disclosure in a client's accounting.

    Attributes:
        disclosed_on: When the information was sent.
        recipient: Who received it (name, credentials, organisation).
        recipient_address: Their address or fax, if known.
        disclosed: A brief description of what was disclosed; see ``describe_scopes``.
        purpose: Why it was disclosed.
        release_reference: Which release allowed it, e.g. ``"ROI signed 2025-03-03"``.
        copy_to_client: A copy of the client's own record given to them (no release).
    """

    disclosed_on: date
    recipient: str
    recipient_address: str
    disclosed: str
    purpose: str
    release_reference: str
    copy_to_client: bool = False


@dataclass(frozen=True)
class DisclosureReport:
    """An accounting of disclosures for one client over a period.

    Attributes:
        letterhead: The practice's letterhead.
        client_name: The name the report is issued under.
        client_dob: The client's date of birth.
        prepared_on: The date the report is produced.
        period_start: First day covered.
        period_end: Last day covered.
        entries: The disclosures; printed oldest first.
        prepared_by: Name and credentials of whoever prepares it; optional.
        notice: Printed at the end in small type.
    """

    letterhead: Letterhead
    client_name: str
    client_dob: date
    prepared_on: date
    period_start: date
    period_end: date
    entries: tuple[DisclosureEntry, ...]
    prepared_by: str = ""
    notice: str = REPORT_NOTICE


def describe_scopes(scopes: frozenset[str] | set[str] | tuple[str, ...]) -> str:
    """Describe release scopes in words, for the "what was disclosed" column.

    Args:
        scopes: Scope names from ``SCOPES``.

    Returns:
        E.g. ``"attendance; diagnosis; treatment summary"``, in a fixed order.

    Raises:
        LetterError: A scope is not one of ``SCOPES``.
    """
    unknown = set(scopes) - SCOPES
    if unknown:
        raise LetterError("Unknown release scope: " + ", ".join(sorted(unknown)) + ".")
    order = sorted(SCOPES, key=list(SCOPE_LABELS).index)
    return "; ".join(SCOPE_LABELS[s] for s in order if s in scopes)
