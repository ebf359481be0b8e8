"""Write docs/export-format/practice-export-1.schema.json from this version's tables.

Run after a migration changes the tables; tests/core/test_export_format.py fails until then.
"""

from __future__ import annotations

import json
from pathlib import Path

from practice.services.practice_export.format_schema import SCHEMA_FILE, schema_document

TARGET = Path(__file__).resolve().parents[1] / "docs" / "export-format" / SCHEMA_FILE


def main() -> None:
    """Write the schema file."""
    TARGET.write_text(json.dumps(schema_document(), indent=2, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
