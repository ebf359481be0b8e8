"""A read-only table chosen a whole row at a time, and a button with its accessible name."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableView


def row_table(name: str, model: QAbstractItemModel) -> QTableView:
    """A table of records: one row selectable at a time, nothing editable in place.

    Args:
        name: The table's accessible name.
        model: What it shows.

    Returns:
        The table.
    """
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().hide()
    return table


def named_button(text: str, name: str) -> QPushButton:
    """A push button with its accessible name (its words without the trailing "…").

    Args:
        text: The words on it ("Add provider…").
        name: What a screen reader calls it ("Add provider").

    Returns:
        The button.
    """
    made = QPushButton(text)
    made.setAccessibleName(name)
    return made
