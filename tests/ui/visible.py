"""Drive the app as a person does: find controls by the words on them or their accessible names.

Tests that claim "through visible controls" use only these helpers (and qtbot's clicks and
keys on what they return): no private attributes, no service calls.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

W = TypeVar("W", bound=QWidget)
TIMEOUT = 5000


def _words(text: str) -> str:
    """A button's words without the mnemonic ampersand."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def find(root: QWidget, kind: type[W], name: str, *, timeout: int = TIMEOUT,
         qtbot: QtBot | None = None) -> W:
    """The visible ``kind`` under ``root`` whose words or accessible name is ``name``.

    Buttons match on their text; anything matches on its accessible name; a field also
    matches on the text of the label whose buddy it is.
    """
    def candidates() -> list[W]:
        found: list[W] = []
        for widget in root.findChildren(kind):
            if not widget.isVisible():
                continue
            names = {widget.accessibleName()}
            if isinstance(widget, QAbstractButton):
                names.add(_words(widget.text()))
            found.extend([widget] if name in names else [])
        for label in root.findChildren(QLabel):
            buddy = label.buddy()
            if (label.isVisible() and isinstance(buddy, kind) and buddy.isVisible()
                    and _words(label.text()).rstrip(":") == name and buddy not in found):
                found.append(buddy)
        return found

    if qtbot is not None:
        qtbot.waitUntil(lambda: bool(candidates()), timeout=timeout)
    matches = candidates()
    assert matches, f"no visible {kind.__name__} named {name!r}"
    return matches[0]


def click(qtbot: QtBot, root: QWidget, name: str) -> None:
    """Click the visible, enabled button called ``name``."""
    button = find(root, QAbstractButton, name, qtbot=qtbot)
    qtbot.waitUntil(button.isEnabled, timeout=TIMEOUT)
    if isinstance(button, QCheckBox | QRadioButton):
        # A tick box stretched across a form only answers on its box and its words.
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                         pos=QPoint(6, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, root: QWidget, name: str, text: str) -> None:
    """Replace what the field called ``name`` holds with ``text``, typed key by key."""
    field = find(root, QWidget, name, qtbot=qtbot)
    if isinstance(field, QLineEdit):
        field.selectAll()
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    elif isinstance(field, QPlainTextEdit | QTextEdit):
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    else:
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    target = field.lineEdit() if isinstance(field, QComboBox) and field.isEditable() else field
    assert target is not None
    type_keys(qtbot, target, text)


def type_keys(qtbot: QtBot, target: QWidget, text: str) -> None:
    """Type ``text`` key by key, letters outside ASCII included ("Élodie", "Zoë")."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(target, char)
            continue
        # QTest only knows the keys of an ASCII keyboard; a person's keyboard sends these.
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def choose(qtbot: QtBot, root: QWidget, name: str, item: str) -> None:
    """Pick the entry whose words are ``item`` in the drop-down called ``name``."""
    box = find(root, QComboBox, name, qtbot=qtbot)
    index = box.findText(item, Qt.MatchFlag.MatchExactly)
    offered = [box.itemText(i) for i in range(box.count())]
    assert index >= 0, f"{name!r} offers no {item!r}: {offered}"
    box.setFocus()
    box.setCurrentIndex(index)  # what choosing from the open list does


def pick_row(qtbot: QtBot, root: QWidget, name: str, text: str, *, double: bool = False) -> None:
    """Click (or double-click) the row showing ``text`` in the list or table called ``name``."""
    view = find(root, QAbstractItemView, name, qtbot=qtbot)
    model = view.model()

    def index_of() -> object:
        # A list view's model has no columns to ask about: only its first one is shown.
        columns = 1 if isinstance(view, QListView) else view.model().columnCount()
        for row in range(model.rowCount()):
            for column in range(columns):
                index = model.index(row, column)
                if text == model.data(index):
                    return index
        return None

    qtbot.waitUntil(lambda: index_of() is not None, timeout=TIMEOUT)
    index = index_of()
    view.scrollTo(index)  # type: ignore[arg-type]
    rect = view.visualRect(index)  # type: ignore[arg-type]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def dialog(qtbot: QtBot, title: str) -> QDialog:
    """The open dialog whose window title is ``title``."""
    def open_ones() -> list[QDialog]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible() and w.windowTitle() == title]

    qtbot.waitUntil(lambda: bool(open_ones()), timeout=TIMEOUT)
    return open_ones()[0]


def answer(qtbot: QtBot, button_text: str) -> str:
    """Answer the open question box with the button called ``button_text``; say what it asked."""
    def boxes() -> list[QMessageBox]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(boxes()), timeout=TIMEOUT)
    box = boxes()[0]
    asked = box.text()
    button = next(b for b in box.buttons() if _words(b.text()) == button_text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return asked


def open_tab(qtbot: QtBot, root: QWidget, tab: str) -> None:
    """Bring the tab whose words are ``tab`` to the front, as clicking it does."""
    for tabs in root.findChildren(QTabWidget):
        for i in range(tabs.count()):
            if tabs.isVisible() and _words(tabs.tabText(i)) == tab:
                bar = tabs.tabBar()
                qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
                return
    raise AssertionError(f"no visible tab {tab!r}")
