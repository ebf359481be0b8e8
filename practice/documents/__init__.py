"""The one PDF engine: fonts, glyph checks, page layout, letterhead, encryption.

Letters, disclosure reports, record copies, questionnaires and bills are all built here, so
one place decides the font, the margins, the running confidentiality header and how a PDF
is protected. Importing this package is cheap: ReportLab loads with ``layout``.
"""

from __future__ import annotations

from practice.documents.errors import DocumentError, UndrawableText
from practice.documents.model import Letterhead

__all__ = ["DocumentError", "Letterhead", "UndrawableText"]
