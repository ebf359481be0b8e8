"""Going to another sidebar section from inside a screen or one of its dialogs.

The router between the screens and the workspace. A screen that sends the therapist elsewhere
("Open the unit", a search result, "Open Settings → Practice details") asks this module; the
workspace answers, because it is a ``Navigator``. This module imports neither the workspace
nor any screen, so the arrows run one way only: the workspace knows its screens, and the
screens know only this small interface (dependency inversion, rather than each screen
importing the workspace that imports it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.screens.base import Screen

S = TypeVar("S", bound="Screen")


class Navigator(QWidget):
    """A widget holding the sidebar sections, able to bring any of them forward.

    The workspace is the one in the app; a screen shown on its own (in a test, or a chart
    outside the app's window) has none above it, and navigating from it does nothing.
    """

    def section(self, kind: type[S]) -> S:
        """The one screen of a kind, built now if it never was (not yet shown).

        Args:
            kind: The screen's class.

        Returns:
            The screen.
        """
        raise NotImplementedError

    def section_titled(self, title: str) -> Screen:
        """The screen of the section with this sidebar title, built now if it never was.

        Args:
            title: The sidebar title, e.g. "Settings".

        Returns:
            The screen.
        """
        raise NotImplementedError

    def show_screen(self, screen: Screen) -> None:
        """Bring a screen already built to the front, as clicking its sidebar entry does.

        Args:
            screen: The screen (from ``section`` or ``section_titled``).
        """
        raise NotImplementedError


def navigator_of(widget: QWidget | None) -> Navigator | None:
    """The navigator holding ``widget`` (a dialog's parent chain counts), if any."""
    found = widget
    while found is not None and not isinstance(found, Navigator):
        found = found.parentWidget()
    return found


def go_to(widget: QWidget | None, kind: type[S],
          prepare: Callable[[S], object] | None = None) -> S | None:
    """Bring the section of ``kind`` to the front of the workspace holding ``widget``.

    Args:
        widget: Any widget inside the workspace (a screen or dialog asking to go elsewhere).
        kind: The screen class of the section wanted.
        prepare: Called with the screen before it is shown and loaded (e.g. to choose the
            unit it should show).

    Returns:
        That section's screen (built now if it never was), or None outside a workspace.
    """
    navigator = navigator_of(widget)
    if navigator is None:
        return None
    screen = navigator.section(kind)
    if prepare is not None:
        prepare(screen)
    navigator.show_screen(screen)
    return screen


def go_to_titled(widget: QWidget | None, title: str) -> Screen | None:
    """Bring the section with this sidebar title to the front (see ``go_to``).

    Args:
        widget: Any widget inside the workspace.
        title: The section's sidebar title, e.g. "Providers".

    Returns:
        The section's screen, or None outside a workspace.
    """
    navigator = navigator_of(widget)
    if navigator is None:
        return None
    screen = navigator.section_titled(title)
    navigator.show_screen(screen)
    return screen
