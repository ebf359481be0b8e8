"""Psychotherapy notes are kept apart from the record, by construction."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from practice.services import psychotherapy
from tests.core import factories as f

PRACTICE = Path(__file__).resolve().parents[2] / "practice"


def test_process_notes_are_saved_and_read_apart_from_progress_notes(
    sessions: sessionmaker[Session],
) -> None:
    unit_id = f.unit(sessions, "individual", f.client(sessions, "Ana"))
    note = psychotherapy.create_psychotherapy_note(sessions, unit_id, date(2025, 3, 1), "Hunch")
    psychotherapy.save_psychotherapy_note(sessions, note.id, "Hunch about shame")
    assert psychotherapy.get_psychotherapy_note(sessions, note.id).body == "Hunch about shame"
    assert [n.id for n in psychotherapy.list_psychotherapy_notes(sessions, unit_id)] == [note.id]
    psychotherapy.delete_psychotherapy_note(sessions, note.id)
    assert psychotherapy.list_psychotherapy_notes(sessions, unit_id) == ()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_nothing_that_builds_the_record_can_reach_psychotherapy_notes() -> None:
    """The record's builders never import the process notes, nor name their table."""
    builders = [path for package in ("notes", "letters", "releases", "clients", "units",
                                     "record_access")
                for path in sorted((PRACTICE / "services" / package).glob("*.py"))]
    builders += sorted((PRACTICE / "letters").glob("*.py"))
    builders += sorted((PRACTICE / "documents").glob("*.py"))
    for path in builders:
        imported = _imports(path)
        assert not any("psychotherapy" in name for name in imported), path.name
        assert "psychotherapy_notes" not in path.read_text(encoding="utf-8"), path.name
