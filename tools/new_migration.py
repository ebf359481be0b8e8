"""Draft the next migration by comparing the models with a fresh store at the current head.

    python tools/new_migration.py 0003 "scheduling"

Alembic writes practice/store/migrations/versions/<rev>_<slug>.py; read it, add any
triggers or virtual tables by hand as literal SQL (never import model code into a
migration: it must keep doing what it did when it was written), then add the revision to
practice/store/schema.py and freeze a store at the previous head if none exists.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from alembic import command

from practice.store import schema
from practice.store.engine import make_engine


def main(revision: str, message: str) -> None:
    """Autogenerate migration ``revision`` against a scratch store at the current head."""
    scratch = Path(tempfile.mkdtemp(prefix="practice-migration-")) / "scratch.db"
    engine = make_engine(scratch, os.urandom(32))
    with engine.begin() as conn:
        schema.upgrade(conn)
        config = schema.alembic_config(conn)
        command.revision(config, message=message, autogenerate=True, rev_id=revision)
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
