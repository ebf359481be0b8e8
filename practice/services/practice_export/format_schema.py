"""The export format as a JSON Schema, derived from the store's own tables at this version.

``docs/export-format/practice-export-1.schema.json`` is this document, committed; a test keeps
the two equal, so the documented format can never drift from what is written.
"""

from __future__ import annotations

from typing import Any

from practice.services.practice_export.document import (
    FORMAT,
    FORMAT_VERSION,
    columns_of,
    exported_tables,
)

SCHEMA_FILE = "practice-export-1.schema.json"


def _value() -> dict[str, Any]:
    return {"oneOf": [
        {"type": "null"}, {"type": "string"}, {"type": "number"},
        {"type": "object", "required": ["$base64"], "additionalProperties": False,
         "properties": {"$base64": {"type": "string", "contentEncoding": "base64"}},
         "description": "Bytes (a scan, an issued letter, an image), base64-encoded."},
    ]}


def schema_document() -> dict[str, Any]:
    """The JSON Schema of an export document at this version's schema revision."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from practice.store import schema

    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        with engine.begin() as conn:
            schema.upgrade(conn)
            tables = {name: columns_of(conn, name) for name in exported_tables(conn)}
    finally:
        engine.dispose()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:practice:export:1",
        "title": f"Practice export, format {FORMAT_VERSION}, records at schema {schema.HEAD}",
        "description": (
            "Every record of a practice, table by table, exactly as the store keeps it. "
            "Dates are ISO text as stored; bytes are base64 objects. An export written at an "
            "older schema revision holds that revision's tables and is upgraded on import."),
        "type": "object",
        "required": ["format", "format_version", "schema_revision", "tables"],
        "properties": {
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION},
            "schema_revision": {"type": "string"},
            "exported_at": {"type": "string", "format": "date-time"},
            "app_version": {"type": "string"},
            "tables": {
                "type": "object", "additionalProperties": False,
                "properties": {
                    name: {
                        "type": "object", "required": ["columns", "rows"],
                        "additionalProperties": False,
                        "properties": {
                            "columns": {"type": "array", "uniqueItems": True,
                                        "items": {"enum": columns}},
                            "rows": {"type": "array", "items": {
                                "type": "array", "maxItems": len(columns),
                                "items": {"$ref": "#/$defs/value"}}},
                        },
                    } for name, columns in tables.items()
                },
            },
        },
        "$defs": {"value": _value()},
    }
