"""Alembic migrations of the store schema, one per revision."""
