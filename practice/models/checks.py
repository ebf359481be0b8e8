"""Helpers for writing CHECK constraints the same way in every model."""

from __future__ import annotations


def one_of(column: str, values: tuple[str, ...]) -> str:
    """Return the SQL ``(column = 'a' OR column = 'b')`` for a CHECK constraint.

    Written as comparisons joined by OR, never as ``column IN ('a', 'b', 'c')``: for a list
    of more than two values SQLite builds a small table to look the value up in, anew for
    every row it checks, and under the store's memory protection that costs about 90 µs a
    row (a bulk import checks hundreds of thousands). The ORs cost well under a microsecond
    and allow exactly the same values. The parentheses keep the expression whole when it is
    joined to others (``x IS NULL OR ...``, ``kind = 'service' AND ...``).

    Args:
        column: The column's name.
        values: The allowed values (plain identifiers, never user input).

    Returns:
        The SQL expression.
    """
    return "(" + " OR ".join(f"{column} = {value!r}" for value in values) + ")"
