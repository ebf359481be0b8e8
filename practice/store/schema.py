"""The schema revisions this version of Practice knows, without importing Alembic.

Opening a store only needs to compare its revision with ``HEAD``; Alembic (slow to import)
is loaded only when an older store actually needs upgrading.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from practice.errors import StoreTooNew

# Oldest first; a test checks this matches the migration scripts.
REVISIONS: tuple[str, ...] = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010",
    "0011",
)
HEAD = REVISIONS[-1]
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

TOO_NEW = (
    "This store was written by a newer version of Practice. Install the newer version to "
    "open it; nothing has been changed."
)


def current_revision(conn: Any) -> str | None:
    """Read the store's revision from a raw DB-API connection (None for an empty store)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def needs_upgrade(revision: str | None) -> bool:
    """Tell whether a store at ``revision`` must be migrated before use.

    Raises:
        StoreTooNew: The revision is not one this version knows.
    """
    if revision == HEAD:
        return False
    if revision is not None and revision not in REVISIONS:
        raise StoreTooNew(TOO_NEW)
    return True


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the FTS5 search tables (made by literal SQL) out of schema comparisons."""
    from practice.models.ddl import FTS_SHADOW_SUFFIXES, FTS_TABLES

    if type_ != "table" or name is None:
        return True
    return not any(name == table + suffix for table in FTS_TABLES
                   for suffix in ("", *FTS_SHADOW_SUFFIXES))


def alembic_config(connection: Any) -> Any:
    """Build an Alembic config that runs on ``connection`` (a SQLAlchemy Connection)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Any, target: str = HEAD) -> None:
    """Migrate the store on ``connection`` (inside its transaction) up to ``target``."""
    from alembic import command

    command.upgrade(alembic_config(connection), target)
