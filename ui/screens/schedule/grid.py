"""The week (or day) grid as a view: pick a session with a click, move it with a drag."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QCursor, QDrag, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.models.week import WeekModel


class WeekGrid(QTableView):
    """Sessions by day and time; a scheduled session is dragged to another slot to move it.

    The drop itself only proposes the move (``WeekModel.move_proposed``). Escape during a
    drag, or a drop back where the session was, proposes nothing. A double-click (or Enter)
    on a slot, and the context menu (right click, the Menu key or Shift+F10), are passed on
    as ``slot_activated`` and ``menu_requested`` for the screen to act on.

    Args:
        model: The week model shown.
        parent: The parent widget.
    """

    slot_activated = Signal(QModelIndex)
    menu_requested = Signal(QModelIndex, QPoint)  # the slot, and where the menu goes (global)

    def __init__(self, model: WeekModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.activated.connect(self.slot_activated)
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

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's API
        """Shift+F10 opens the current slot's menu, as the Menu key does."""
        if (event.key() == Qt.Key.Key_F10
                and event.modifiers() == Qt.KeyboardModifier.ShiftModifier):
            self._ask_menu(self.currentIndex(), None)
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt's API
        """Ask for the slot's menu: the one clicked, or the current one from the keyboard."""
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            index = self.indexAt(event.pos())
            if index.isValid():
                self.setCurrentIndex(index)
            self._ask_menu(index, event.pos())
        else:
            self._ask_menu(self.currentIndex(), None)
        event.accept()

    def _ask_menu(self, index: QModelIndex, at: QPoint | None) -> None:
        """Ask for a slot's menu at the pointer, or over the slot when from the keyboard."""
        if index.isValid():
            where = at if at is not None else self.visualRect(index).center()
            self.menu_requested.emit(index, self.viewport().mapToGlobal(where))

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
