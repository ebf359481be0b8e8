"""Alembic environment: migrations always run on a connection the store hands in."""

from __future__ import annotations

from alembic import context

import practice.models  # noqa: F401 - registers every table on the metadata
from practice.models.base import Base
from practice.store.schema import include_name

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copy-and-move
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
