"""SQL the ORM metadata cannot express: integrity triggers and the FTS5 search tables.

Migrations copy ``STORE_DDL`` literally (after the tables exist); every statement is plain
SQLite that runs the same on the stdlib sqlite3 and on SQLCipher, and calls no
application-defined function, so raw SQL from any tool meets the same rules.
"""

from __future__ import annotations

# Messages of the store's own refusals. Services check first and raise typed errors; these
# only reach someone writing SQL past the services.
SIGNED_NOTE_MESSAGE = "a signed note cannot be changed or deleted"
SIGNED_ADDENDUM_MESSAGE = "a signed addendum cannot be changed or deleted"
ADDENDUM_NEEDS_SIGNED_NOTE = "an addendum can only be added to a signed note"
UNIT_FULL_MESSAGE = "the unit already has as many current members as its kind allows"
RELEASE_FIXED_MESSAGE = "a release is never edited; record a new one or revoke it"

_TOKENIZER = "unicode61 remove_diacritics 2"

# Tables whose rows belong to a note and are frozen with it.
NOTE_CHILDREN = ("note_sections", "note_attendees", "note_diagnoses", "note_procedures")

# (FTS table, content table, indexed column).
FTS_SOURCES: tuple[tuple[str, str], ...] = (
    ("note_sections_fts", "note_sections"),
    ("addenda_fts", "addenda"),
    ("clients_fts", "clients"),
    ("providers_fts", "providers"),
    ("psychotherapy_notes_fts", "psychotherapy_notes"),
)
FTS_TABLES: tuple[str, ...] = tuple(name for name, _ in FTS_SOURCES)
# FTS5 keeps each index in these shadow tables; schema comparisons must skip them.
FTS_SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")


def _note_is_signed(column: str) -> str:
    # Only ever given NEW.x / OLD.x column references from this module, never input.
    return f"((SELECT status FROM progress_notes WHERE id = {column}) = 'signed')"  # noqa: S608


def _raise(message: str) -> str:
    return f"SELECT RAISE(ABORT, '{message}');"


def _signed_note_triggers() -> list[str]:
    statements = [
        f"CREATE TRIGGER trg_progress_notes_signed_update BEFORE UPDATE ON progress_notes "
        f"WHEN OLD.status = 'signed' BEGIN {_raise(SIGNED_NOTE_MESSAGE)} END",
        f"CREATE TRIGGER trg_progress_notes_signed_delete BEFORE DELETE ON progress_notes "
        f"WHEN OLD.status = 'signed' BEGIN {_raise(SIGNED_NOTE_MESSAGE)} END",
    ]
    for table in NOTE_CHILDREN:
        statements += [
            f"CREATE TRIGGER trg_{table}_signed_insert BEFORE INSERT ON {table} "
            f"WHEN {_note_is_signed('NEW.note_id')} BEGIN {_raise(SIGNED_NOTE_MESSAGE)} END",
            f"CREATE TRIGGER trg_{table}_signed_update BEFORE UPDATE ON {table} "
            f"WHEN {_note_is_signed('OLD.note_id')} OR {_note_is_signed('NEW.note_id')} "
            f"BEGIN {_raise(SIGNED_NOTE_MESSAGE)} END",
            f"CREATE TRIGGER trg_{table}_signed_delete BEFORE DELETE ON {table} "
            f"WHEN {_note_is_signed('OLD.note_id')} BEGIN {_raise(SIGNED_NOTE_MESSAGE)} END",
        ]
    return statements


def _addendum_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER trg_addenda_needs_signed_note BEFORE INSERT ON addenda "
        f"WHEN {_note_is_signed('NEW.note_id')} IS NOT 1 "
        f"BEGIN {_raise(ADDENDUM_NEEDS_SIGNED_NOTE)} END",
        f"CREATE TRIGGER trg_addenda_signed_update BEFORE UPDATE ON addenda "
        f"WHEN OLD.status = 'signed' BEGIN {_raise(SIGNED_ADDENDUM_MESSAGE)} END",
        f"CREATE TRIGGER trg_addenda_moved BEFORE UPDATE OF note_id ON addenda "
        f"WHEN {_note_is_signed('NEW.note_id')} IS NOT 1 "
        f"BEGIN {_raise(ADDENDUM_NEEDS_SIGNED_NOTE)} END",
        f"CREATE TRIGGER trg_addenda_signed_delete BEFORE DELETE ON addenda "
        f"WHEN OLD.status = 'signed' BEGIN {_raise(SIGNED_ADDENDUM_MESSAGE)} END",
    ]


# How many current members a unit of each kind may have at most (a polycule has no cap).
_CAP = "CASE (SELECT kind FROM care_units WHERE id = {unit}) " \
    "WHEN 'individual' THEN 1 WHEN 'couple' THEN 2 END"
_CURRENT = "(SELECT count(*) FROM unit_members WHERE unit_id = {unit} AND left_on IS NULL)"


def _unit_triggers() -> list[str]:
    cap = _CAP.format(unit="NEW.unit_id")
    current = _CURRENT.format(unit="NEW.unit_id")
    return [
        f"CREATE TRIGGER trg_unit_members_cap_insert BEFORE INSERT ON unit_members "
        f"WHEN NEW.left_on IS NULL AND {current} >= {cap} "
        f"BEGIN {_raise(UNIT_FULL_MESSAGE)} END",
        f"CREATE TRIGGER trg_unit_members_cap_rejoin BEFORE UPDATE OF left_on ON unit_members "
        f"WHEN OLD.left_on IS NOT NULL AND NEW.left_on IS NULL AND {current} >= {cap} "
        f"BEGIN {_raise(UNIT_FULL_MESSAGE)} END",
        f"CREATE TRIGGER trg_care_units_cap_kind BEFORE UPDATE OF kind ON care_units "
        f"WHEN {_CURRENT.format(unit='NEW.id')} > "
        f"(CASE NEW.kind WHEN 'individual' THEN 1 WHEN 'couple' THEN 2 ELSE 1000000000 END) "
        f"BEGIN {_raise(UNIT_FULL_MESSAGE)} END",
    ]


def _release_triggers() -> list[str]:
    changed = " OR ".join(
        f"NEW.{col} IS NOT OLD.{col}"
        for col in ("client_id", "provider_id", "organisation_id", "purpose", "signed_on",
                    "expires_on", "created_at")
    )
    return [
        f"CREATE TRIGGER trg_releases_fixed BEFORE UPDATE ON releases "
        f"WHEN {changed} OR (OLD.revoked_on IS NOT NULL AND NEW.revoked_on IS NOT OLD.revoked_on) "
        f"BEGIN {_raise(RELEASE_FIXED_MESSAGE)} END",
    ]


def _fts_statements(fts: str, source: str) -> list[str]:
    insert = f"INSERT INTO {fts}(rowid, search_text) VALUES (NEW.id, NEW.search_text);"  # noqa: S608
    # External-content FTS5 must be told the exact old text to forget it.
    delete = (
        f"INSERT INTO {fts}({fts}, rowid, search_text) "  # noqa: S608 - names are constants
        "VALUES ('delete', OLD.id, OLD.search_text);"
    )
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{source}', "
        f"content_rowid='id', tokenize='{_TOKENIZER}', prefix='2 3')",
        f"CREATE TRIGGER trg_{source}_fts_insert AFTER INSERT ON {source} BEGIN {insert} END",
        f"CREATE TRIGGER trg_{source}_fts_delete AFTER DELETE ON {source} BEGIN {delete} END",
        f"CREATE TRIGGER trg_{source}_fts_update AFTER UPDATE OF search_text ON {source} "
        f"BEGIN {delete} {insert} END",
    ]


def _build() -> tuple[str, ...]:
    statements = _signed_note_triggers() + _addendum_triggers() + _unit_triggers()
    statements += _release_triggers()
    for fts, source in FTS_SOURCES:
        statements += _fts_statements(fts, source)
    return tuple(statements)


STORE_DDL: tuple[str, ...] = _build()
