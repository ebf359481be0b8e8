"""The app's icons: Lucide SVGs (``resources/icons/lucide/``), drawn in the palette's colours.

Each icon is drawn from its SVG at the exact pixel size asked for, so it is crisp at every
screen scale, and in the colour of the text beside it (the SVGs draw in ``currentColor``),
so it follows a light or dark palette and a selected row's highlighted text. The colour is
read each time Qt asks for a picture, so switching the theme recolours every icon on show.

Sections and actions are given icons here by their titles and accessible names, so a
screen only says ``adorn(button)``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractButton

from practice.paths import resources_dir
from ui import design

#: A sidebar section's icon, by the section's title (ui.workspace.SECTIONS).
SECTION_ICONS: dict[str, str] = {
    "Today": "sun",
    "Schedule": "calendar-days",
    "Clients": "user-round",
    "Units": "users-round",
    "Providers": "stethoscope",
    "Letters": "mail",
    "Search": "search",
    "Settings": "settings",
}

#: An action's icon, by its accessible name (the words on its button, without "…").
ACTION_ICONS: dict[str, str] = {
    "Lock": "lock",
    "Quit": "log-out",
    "Search": "search",
    "New client": "user-round-plus",
    "New unit": "plus",
    "Members join or leave": "users-round",
    "Add relationship": "link",
    "End relationship": "unlink",
    "Agreement": "file-text",
    "Close unit": "archive",
    "Add provider": "plus",
    "Edit provider": "pencil",
    "Add organisation": "building-2",
    "Previous": "chevron-left",
    "Next": "chevron-right",
    "Today": "calendar-check",
    "New session": "calendar-plus",
    "Move": "calendar-clock",
    "Cancel": "calendar-x",
    "Mark completed": "circle-check",
    "Mark no-show": "user-round-x",
    "Write note": "notebook-pen",
    "Open the schedule": "calendar-days",
}

#: A release state's icon (design.RELEASE_STATES), beside its words in the chart.
RELEASE_ICONS: dict[str, str] = {
    "in_force": "circle-check",
    "expiring": "clock-alert",
    "expired": "circle-x",
    "revoked": "ban",
    "not_yet_signed": "hourglass",
}

EMPTY = "inbox"
RISK = "triangle-alert"


def icon_folder() -> Path:
    """Where the bundled SVGs are (inside the installed package, or the checkout)."""
    return resources_dir() / "icons" / "lucide"


class PaletteSvgEngine(QIconEngine):
    """Draws one SVG in the palette's text colour for the icon's mode, at any size.

    Args:
        svg: The SVG's bytes, drawing in ``currentColor``.
    """

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        self._svg = svg

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        """Draw the SVG into ``rect`` in the colour for ``mode``."""
        from PySide6.QtSvg import QSvgRenderer  # only once an icon is first drawn

        colour = design.text_colour(mode=mode).name().encode("ascii")
        renderer = QSvgRenderer(QByteArray(self._svg.replace(b"currentColor", colour)))
        renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        renderer.render(painter, rect)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        """A picture of exactly ``size`` pixels, drawn from the SVG (never scaled)."""
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return QPixmap.fromImage(image)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,  # noqa: N802
                     scale: float) -> QPixmap:
        """The picture for a screen of this scale, drawn at its device pixels (crisp)."""
        picture = self.pixmap(size * scale, mode, state)
        picture.setDevicePixelRatio(scale)
        return picture

    def clone(self) -> QIconEngine:
        """A copy (Qt copies an icon's engine when the icon is detached)."""
        return PaletteSvgEngine(self._svg)

    def key(self) -> str:
        """What kind of engine this is."""
        return "PaletteSvgEngine"


@cache
def _svg(name: str) -> bytes:
    path = icon_folder() / f"{name}.svg"
    if not path.is_file():
        raise LookupError(f"no bundled icon named {name!r} (looked in {path.parent})")
    return path.read_bytes()


def icon(name: str) -> QIcon:
    """One bundled icon, drawn in the palette's colours.

    Args:
        name: The SVG's name without ".svg" (e.g. "calendar-days").

    Returns:
        The icon.

    Raises:
        LookupError: No such icon is bundled.
    """
    return QIcon(PaletteSvgEngine(_svg(name)))


def section_icon(title: str) -> QIcon:
    """The icon of a sidebar section, by its title (an empty icon for one without)."""
    name = SECTION_ICONS.get(title)
    return icon(name) if name is not None else QIcon()


def adorn(button: QAbstractButton) -> QAbstractButton:
    """Give a button the icon of its action, found by its accessible name, if it has one.

    Args:
        button: The button (its accessible name already set).

    Returns:
        The same button.
    """
    name = ACTION_ICONS.get(button.accessibleName())
    if name is not None:
        button.setIcon(icon(name))
    return button
