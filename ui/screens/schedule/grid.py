"""The week (or day) grid as a view: pick a session with a click, move it with a drag."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QDrag
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.models.week import WeekModel


class WeekGrid(QTableView):
    """Sessions by day and time; a scheduled session is dragged to another slot to move it.

    The drop itself only proposes the move (``WeekModel.move_proposed``). Escape during a
    drag, or a drop back where the session was, proposes nothing.

    Args:
        model: The week model shown.
        parent: The parent widget.
    """

    def __init__(self, model: WeekModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.week = model
        self.setAccessibleName("Sessions by day and time")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setDragEnabled(True)
        # DragDrop rather than InternalMove: the model refuses drags from other grids
        # itself, and InternalMove would also refuse drops whose source Qt cannot name.
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(True)  # a drop lands on a slot, never between two
        self.setDropIndicatorShown(True)

    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N802, N803
        """Drag the session under the slot held, if it is still scheduled."""
        index = self.currentIndex()
        data = self.week.mimeData([index]) if index.isValid() else None
        if data is None:
            return
        cell = self.visualRect(index)
        drag = QDrag(self)
        drag.setMimeData(data)
        drag.setPixmap(self.viewport().grab(cell))
        # The picture of the slot stays under the pointer where the slot was taken hold of.
        drag.setHotSpot(self.viewport().mapFromGlobal(QCursor.pos()) - cell.topLeft())
        drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)
