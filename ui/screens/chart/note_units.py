"""Whose session a note from the chart records: one of the client's open units, or them alone.

Also what the notes tabs say while they are empty.

A client entered on an empty store belongs to no unit yet; their chart still offers a note
for them alone, and their individual unit is opened when that note is started.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel

from ui.models.whom import Whom, individual_of, unit_for, unit_label

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.notes import NoteFormat
    from ui.screens.chart.data import ChartData

NO_NOTES = ("No progress notes yet. Choose whose session it was and the format below, then "
            "New progress note; a session on the Schedule has Write note too.")
NO_PRIVATE_NOTES = ("No psychotherapy notes yet. Choose whose session it was below, then "
                    "New psychotherapy note.")


def nothing_yet(sentence: str) -> QLabel:
    """What an empty notes tab says (hidden once there is a note)."""
    label = QLabel(sentence)
    label.setWordWrap(True)
    label.setAccessibleName("Nothing here yet")
    label.hide()
    return label


def shared_choice(first: QComboBox, name: str) -> QComboBox:
    """A second drop-down over the same choices as ``first``, always showing the same one.

    Both notes tabs ask whose session a new note records; a choice made on one tab stays on
    the other.

    Args:
        first: The drop-down whose choices are shared.
        name: The new drop-down's accessible name.

    Returns:
        The new drop-down.
    """
    second = QComboBox()
    second.setModel(first.model())
    second.setAccessibleName(name)
    second.view().setAccessibleName(f"{name}: choices")
    first.currentIndexChanged.connect(second.setCurrentIndex)
    second.currentIndexChanged.connect(first.setCurrentIndex)
    return second


def fill_note_units(box: QComboBox, data: ChartData) -> None:
    """Offer the client's open units, and the client alone when they have no such unit.

    Args:
        box: The "Unit of the new note" drop-down; each entry's data is a ``Whom``.
        data: The chart shown.
    """
    box.clear()
    open_units = tuple(u for u in data.units if u.closed_on is None)
    client = data.client
    if individual_of(open_units, client.id) is None:
        box.addItem(client.display_name, Whom(client.display_name, client_id=client.id))
    for unit in open_units:
        box.addItem(unit_label(unit), Whom(unit_label(unit), unit_id=unit.id))


def start_progress_note(sessions: sessionmaker[Session], whom: Whom, note_format: NoteFormat,
                        today: date) -> int:
    """Start today's draft progress note for a unit (or the client alone); worker.

    Returns:
        The new note's id.
    """
    from practice.services.notes import NoteHeader, start_note

    unit_id = unit_for(sessions, whom, today)
    return start_note(sessions, unit_id, NoteHeader(today, note_format)).id


def start_psychotherapy_note(sessions: sessionmaker[Session], whom: Whom, today: date) -> int:
    """Open today's private process note for a unit (or the client alone); worker.

    Returns:
        The new psychotherapy note's id.
    """
    from practice.services.psychotherapy.process_notes import create_psychotherapy_note

    return create_psychotherapy_note(sessions, unit_for(sessions, whom, today), today).id
