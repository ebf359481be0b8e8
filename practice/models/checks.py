"""Helpers for writing CHECK constraints the same way in every model."""

from __future__ import annotations


def one_of(column: str, values: tuple[str, ...]) -> str:
    """Return the SQL ``column IN ('a', 'b')`` for a CHECK constraint.

    Args:
        column: The column's name.
        values: The allowed values (plain identifiers, never user input).

    Returns:
        The SQL expression.
    """
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
