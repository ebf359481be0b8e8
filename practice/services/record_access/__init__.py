"""The client's right of access (45 CFR 164.524): a copy of their designated record set.

This domain owns what a client may see of their own record (``gather``), with a list of
what was withheld and why for the therapist to review; its rendering as a PDF in the
letters' typography (``pdf``) and as a FHIR R4 Bundle of plain dicts (``fhir``); and writing
both out atomically, optionally password-protected, with the copy audited and logged as a
disclosure to the client (``export``).
Psychotherapy notes are never read here.
"""

from __future__ import annotations

from practice.services.record_access.export import (
    RecordExport,
    RecordExportError,
    export_record,
    record_pdf,
)
from practice.services.record_access.fhir import record_bundle
from practice.services.record_access.gather import gather_record
from practice.services.record_access.model import ClientRecord, Withheld

__all__ = [
    "ClientRecord",
    "RecordExport",
    "RecordExportError",
    "Withheld",
    "export_record",
    "gather_record",
    "record_bundle",
    "record_pdf",
]
