"""The whole practice, out to one file and back into a new store.

This domain owns the practice export format (documented in ``docs/export-format/``): every
record the store keeps, table by table, exactly as stored, in a versioned JSON document that
is encrypted by default with a passphrase of its own. ``export_practice`` writes it;
``import_practice`` builds a new store from it, upgrading an export made by an older version
through the store's own migrations. The audit trail is not carried: it belongs to the store
that wrote it, and the new store's trail begins with the import.
"""

from practice.services.practice_export.document import FORMAT, FORMAT_VERSION
from practice.services.practice_export.transfer import (
    ExportSummary,
    export_practice,
    import_practice,
    read_export,
)

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "ExportSummary",
    "export_practice",
    "import_practice",
    "read_export",
]
