"""The documented export format is the one written, and every export validates against it."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from practice.services.practice_export import export_practice
from practice.services.practice_export.format_schema import SCHEMA_FILE, schema_document
from practice.store.store import Store
from tests.core import factories

DOCUMENTED = Path(__file__).resolve().parents[2] / "docs" / "export-format" / SCHEMA_FILE


def test_the_committed_schema_is_the_one_this_version_writes() -> None:
    committed = json.loads(DOCUMENTED.read_text(encoding="utf-8"))
    assert committed == schema_document(), "run tools/export_schema.py and commit the result"


def test_an_export_validates_against_the_documented_schema(store: Store, tmp_path: Path,
                                                           ) -> None:
    robin = factories.client(store.sessions, "Robin Hale")
    factories.draft(store.sessions, factories.unit(store.sessions, "individual", robin),
                    text="Sensate focus, stage two.")
    out = tmp_path / "practice.json"
    export_practice(store, out, passphrase=None)
    schema = json.loads(DOCUMENTED.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(
        json.loads(out.read_text(encoding="utf-8"))))
    assert errors == []


def test_the_schema_refuses_what_the_format_never_holds() -> None:
    schema = json.loads(DOCUMENTED.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    base = {"format": "practice-export", "format_version": 1, "schema_revision": "0005"}
    assert not list(validator.iter_errors({**base, "tables": {}}))
    assert list(validator.iter_errors({**base, "tables": {"no_such_table": {
        "columns": ["id"], "rows": []}}}))
    assert list(validator.iter_errors({**base, "tables": {"clients": {
        "columns": ["id"], "rows": [[True]]}}}))
