"""Bringing a caseload in from a spreadsheet: read, map the columns, preview, then write once.

This domain owns the path from a CSV file a therapist kept before Practice to client records:
``read_table`` treats the file as hostile (size, encoding, formula cells), ``guess_mapping``
reads the header, ``preview`` explains every row in plain words and flags likely duplicates,
and ``import_rows`` writes the good rows in one audited transaction, or nothing.
"""

from practice.services.caseload_import.columns import FIELD_LABELS, FIELDS, Field, guess_mapping
from practice.services.caseload_import.preview import (
    Preview,
    RowPreview,
    import_rows,
    preview,
)
from practice.services.caseload_import.reading import MAX_BYTES, Table, read_table

__all__ = [
    "FIELDS",
    "FIELD_LABELS",
    "MAX_BYTES",
    "Field",
    "Preview",
    "RowPreview",
    "Table",
    "guess_mapping",
    "import_rows",
    "preview",
    "read_table",
]
