"""Care-coordination letters and disclosure reports: templates in, PDF bytes out.

Importing this package is cheap: ReportLab is loaded by ``practice.letters.render``
and the fonts on first use (call ``warm_up`` on a worker thread to pay that early).
"""

from __future__ import annotations

from practice.letters.errors import (
    LetterError,
    MissingField,
    TemplateError,
    UndrawableText,
    UnknownPlaceholder,
)
from practice.letters.model import (
    DEFAULT_NOTICE,
    SCOPES,
    DisclosureEntry,
    DisclosureReport,
    LetterContent,
    Letterhead,
    Licence,
    Recipient,
    Signatory,
    describe_scopes,
)
from practice.letters.templates import (
    COMMON_PRONOUNS,
    FilledTemplate,
    LetterTemplate,
    PronounSet,
    TemplateSection,
    fill,
    load_templates,
)


def warm_up() -> None:
    """Import ReportLab, register the fonts and build the glyph table ahead of use."""
    from practice.documents.glyphs import drawable_codepoints
    from practice.documents.layout import styles
    from practice.letters import render  # noqa: F401 - imported for its side effect

    drawable_codepoints()
    styles()


__all__ = [
    "COMMON_PRONOUNS",
    "DEFAULT_NOTICE",
    "SCOPES",
    "DisclosureEntry",
    "DisclosureReport",
    "FilledTemplate",
    "LetterContent",
    "LetterError",
    "LetterTemplate",
    "Letterhead",
    "Licence",
    "MissingField",
    "PronounSet",
    "Recipient",
    "Signatory",
    "TemplateError",
    "TemplateSection",
    "UndrawableText",
    "UnknownPlaceholder",
    "describe_scopes",
    "fill",
    "load_templates",
    "warm_up",
]
