"""A fictitious specimen letter: for template previews, benchmarks and tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from practice.letters.model import (
    SCOPES,
    LetterContent,
    Letterhead,
    Licence,
    Recipient,
    Signatory,
)
from practice.letters.templates import COMMON_PRONOUNS, LetterTemplate, fill, load_templates

SPECIMEN_LETTERHEAD = Letterhead(
    practice_name="Harbor Sex & Relationship Therapy",
    address_lines=("1200 Magazine Street, Suite 4", "New Orleans, LA 70130"),
    phone="(504) 555-0142",
    fax="(504) 555-0143",
    email="office@harbor-therapy.example",
)

SPECIMEN_SIGNATORY = Signatory(
    name="Miriam Okafor",
    credentials="PhD, LMFT",
    licences=(
        Licence("Louisiana", "LMFT-1234", "LMFT"),
        Licence("Texas", "98765", "LMFT"),
        Licence("Minnesota", "5555", "LMFT"),
    ),
    certifications=("AASECT Certified Sex Therapist",),
    contact_lines=("(504) 555-0142", "m.okafor@harbor-therapy.example"),
)

SPECIMEN_RECIPIENT = Recipient(
    name="Anna Kowalski",
    credentials="MD",
    organisation="Crescent City Cardiology",
    address_lines=("3600 Prytania Street", "New Orleans, LA 70115"),
    fax="(504) 555-0199",
    salutation="Dear Dr. Kowalski:",
)


def specimen_fields() -> dict[str, str]:
    """Return a value for every template field, for a fictitious client."""
    return {
        "client_name": "Alex",
        **COMMON_PRONOUNS["they/them"].as_fields(),
        "recipient_name": "Dr. Kowalski",
        "start_date": "January 6, 2025",
        "last_session_date": "March 3, 2025",
        "session_count": "9",
        "attendance_summary": "Attendance has been regular, with no missed appointments.",
        "diagnosis_summary": "F52.21 Male erectile disorder, acquired, situational.",
        "treatment_summary": (
            "Psychoeducation on erectile physiology, sensate focus exercises, and "
            "cognitive restructuring of performance anxiety."
        ),
        "recommendations": (
            "Review of current beta-blocker dosing for sexual side effects, and guidance on "
            "safe levels of exertion."
        ),
        "progress_summary": "Performance anxiety has lessened and confidence is returning.",
        "risk_summary": "No current risk of harm to self or others was identified.",
    }


def specimen_letter(
    template: LetterTemplate | None = None,
    fields: Mapping[str, str] | None = None,
    allowed_scopes: frozenset[str] = SCOPES,
) -> LetterContent:
    """Build a complete specimen letter from a template (cardiology by default).

    Args:
        template: The template to preview; the bundled cardiology one if not given.
        fields: Field values; the specimen values if not given.
        allowed_scopes: The scopes the specimen release covers.

    Returns:
        A letter ready for ``render_letter``.
    """
    template = template or load_templates()["cardiology"]
    filled = fill(template, specimen_fields() if fields is None else fields, allowed_scopes)
    return LetterContent(
        letterhead=SPECIMEN_LETTERHEAD,
        letter_date=date(2025, 3, 10),
        recipient=SPECIMEN_RECIPIENT,
        reference_name="Alexander Petrov",
        reference_dob=date(1980, 4, 12),
        purpose=filled.purpose,
        paragraphs=filled.paragraphs,
        release_signed_on=date(2025, 3, 3),
        signatory=SPECIMEN_SIGNATORY,
        cc=("Jordan Lee, DPT, Pelvic Health Partners",),
    )
