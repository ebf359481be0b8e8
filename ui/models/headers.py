"""Column titles for the app's flat tables, without any base-class fallback.

Never ``super().headerData()``: on PySide6 6.12.0 with Python 3.11 each fallback leaks a
reference to None (see pyproject.toml), so the models answer every role themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt


def column_title(titles: Sequence[str], section: int, orientation: Qt.Orientation,
                 role: int) -> str | None:
    """The title of column ``section``; None for rows, other roles and unknown columns.

    Args:
        titles: The columns' titles, in order.
        section: The column (or row) asked about.
        orientation: Horizontal for columns.
        role: The item data role asked for.
    """
    if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(titles)):
        return titles[section]
    return None
