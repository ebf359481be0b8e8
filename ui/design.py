"""The design system: spacing, type sizes, colours and themes, decided in this one module.

Screens take their spacing, type sizes and colours from here instead of styling widget by
widget. Ordinary colours come from the platform palette (the therapist's own light or dark
desktop); the few colours that carry a meaning (a release's state, a note's risk level, a
problem in a form) have a light and a dark version, chosen by the palette's own lightness,
so they read on either. This is the only module in ``ui/`` that may spell a colour out
(tests/ui/test_design.py holds the rest of ``ui/`` to that).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLayout, QWidget


class Space(IntEnum):
    """The spacing scale in pixels: every margin and gap is one of these steps."""

    NONE = 0
    HAIRLINE = 2  # lines of one group that belong together (a field and its problem)
    TIGHT = 4
    SMALL = 8  # inside a banner, around a button bar
    MEDIUM = 12  # between the controls of a screen
    LARGE = 16  # around a screen's content
    XLARGE = 24
    XXLARGE = 32  # around an empty state's sentence


class IconSize(IntEnum):
    """Icon sizes in (device-independent) pixels."""

    SMALL = 16  # on buttons and in table cells
    SIDEBAR = 20
    EMPTY = 48  # the quiet picture above an empty list's sentence


def space(layout: QLayout, margin: Space, spacing: Space | None = None) -> QLayout:
    """Give a layout a margin (on every side) and, optionally, a gap from the scale.

    Args:
        layout: The layout.
        margin: Its margin on all four sides.
        spacing: The gap between its items; None keeps the style's.

    Returns:
        The same layout, for chaining.
    """
    layout.setContentsMargins(margin, margin, margin, margin)
    if spacing is not None:
        layout.setSpacing(spacing)
    return layout


def bar(layout: QLayout) -> QLayout:
    """A row of buttons above a list: a small margin, none below (the list follows)."""
    layout.setContentsMargins(Space.SMALL, Space.SMALL, Space.SMALL, Space.NONE)
    return layout


class TypeStep(float, Enum):
    """The type scale, as multiples of the platform's body text size."""

    CAPTION = 0.85
    BODY = 1.0
    SUBHEADING = 1.15
    HEADING = 1.35
    DISPLAY = 1.6  # a recovery key written down by hand: large and unmistakable


def font(step: TypeStep, base: QFont | None = None, *, bold: bool = False) -> QFont:
    """A font one step of the type scale from the body text size.

    Args:
        step: The step.
        base: The font to scale (a widget's own); the application's when None.
        bold: Whether it is set bold.

    Returns:
        A new font.
    """
    made = QFont(base if base is not None else QGuiApplication.font())
    if made.pointSizeF() > 0:
        made.setPointSizeF(made.pointSizeF() * step.value)
    else:  # a font sized in pixels (some platforms)
        made.setPixelSize(max(1, round(made.pixelSize() * step.value)))
    made.setBold(bold)
    return made


def heading(text: str = "", step: TypeStep = TypeStep.HEADING) -> QLabel:
    """A bold heading, a step up the type scale, in plain text (a name is never markup).

    Args:
        text: The words.
        step: How large.

    Returns:
        The label.
    """
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setFont(font(step, label.font(), bold=True))
    return label


# --- colours --------------------------------------------------------------------------------


def palette() -> QPalette:
    """The application's palette (what every widget inherits unless told otherwise)."""
    return QGuiApplication.palette()


def is_dark(colours: QPalette | None = None) -> bool:
    """Whether a palette is a dark one (light text on a dark window).

    Args:
        colours: The palette; the application's when None.
    """
    colours = colours if colours is not None else palette()
    return colours.color(QPalette.ColorRole.Window).lightness() < 128


def text_colour(colours: QPalette | None = None,
                mode: QIcon.Mode = QIcon.Mode.Normal) -> QColor:
    """The colour of text (and of the icons beside it) in one of an icon's modes.

    Args:
        colours: The palette; the application's when None.
        mode: Normal and Active take the text colour, Selected the highlighted text's,
            Disabled the disabled text's.
    """
    colours = colours if colours is not None else palette()
    if mode == QIcon.Mode.Selected:
        return colours.color(QPalette.ColorRole.HighlightedText)
    if mode == QIcon.Mode.Disabled:
        return colours.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    return colours.color(QPalette.ColorRole.Text)


def muted_colour(colours: QPalette | None = None) -> QColor:
    """Secondary lines (derived relationships, hints): the text colour, half faded.

    A blend of the text and the background rather than a palette role, because the roles
    between them (Mid, Midlight) are drawn for bevels and sit too close to a dark window.
    """
    colours = colours if colours is not None else palette()
    text = colours.color(QPalette.ColorRole.Text)
    base = colours.color(QPalette.ColorRole.Base)
    return QColor.fromRgbF(0.6 * text.redF() + 0.4 * base.redF(),
                           0.6 * text.greenF() + 0.4 * base.greenF(),
                           0.6 * text.blueF() + 0.4 * base.blueF())


def accent_colour(colours: QPalette | None = None) -> QColor:
    """What stands out (a graph's people): the palette's highlight."""
    colours = colours if colours is not None else palette()
    return colours.color(QPalette.ColorRole.Highlight)


@dataclass(frozen=True)
class Tone:
    """A meaningful colour pair: a background and the text that reads on it."""

    background: QColor
    text: QColor


# (light background, light text, dark background, dark text). The words are always shown
# too; a colour only helps the eye find them.
_RELEASE: Final[dict[str, tuple[str, str, str, str]]] = {
    "in_force": ("#d4edda", "#141414", "#1f4d2c", "#e8f5ec"),
    "expiring": ("#ffecb3", "#141414", "#5c4a10", "#fff4d6"),
    "expired": ("#e0e0e0", "#141414", "#474747", "#ececec"),
    "revoked": ("#f8d7da", "#141414", "#5e232a", "#fbe3e5"),
    "not_yet_signed": ("#e0e0e0", "#141414", "#474747", "#ececec"),
}
#: Release states, keyed as the chart's release table keys them ("in_force" is the core's
#: "active" when not expiring within the Today screen's window).
RELEASE_STATES: Final = tuple(_RELEASE)

_RISK: Final[dict[str, tuple[str, str, str, str]]] = {
    "none": ("#e0e0e0", "#141414", "#474747", "#ececec"),
    "low": ("#d4edda", "#141414", "#1f4d2c", "#e8f5ec"),
    "moderate": ("#ffecb3", "#141414", "#5c4a10", "#fff4d6"),
    "high": ("#f8d7da", "#5c0011", "#6b1a24", "#ffdfe3"),
}
#: Risk levels a progress note records (practice.services.notes.RISK_LEVELS).
RISK_LEVELS: Final = tuple(_RISK)

_PROBLEM: Final = ("#b00020", "#ff8a80")  # a form's problem: light window, dark window


def _tone(table: dict[str, tuple[str, str, str, str]], key: str,
          colours: QPalette | None) -> Tone:
    light_bg, light_text, dark_bg, dark_text = table[key]
    if is_dark(colours):
        return Tone(QColor(dark_bg), QColor(dark_text))
    return Tone(QColor(light_bg), QColor(light_text))


def release_tone(state: str, colours: QPalette | None = None) -> Tone:
    """The colours of a release's state cell, for a light or a dark palette.

    Args:
        state: One of ``RELEASE_STATES``.
        colours: The palette; the application's when None.

    Raises:
        KeyError: Not a release state.
    """
    return _tone(_RELEASE, state, colours)


def risk_tone(level: str, colours: QPalette | None = None) -> Tone:
    """The colours of a note's risk level, for a light or a dark palette.

    Args:
        level: One of ``RISK_LEVELS``.
        colours: The palette; the application's when None.

    Raises:
        KeyError: Not a risk level.
    """
    return _tone(_RISK, level, colours)


def problem_colour(colours: QPalette | None = None) -> QColor:
    """The colour of a form's problem line, readable on a light or a dark window."""
    return QColor(_PROBLEM[1] if is_dark(colours) else _PROBLEM[0])


def show_as_problem(label: QWidget) -> None:
    """Colour a label's words as a problem, in the version that reads on its window.

    Args:
        label: The label (a form's problem line).
    """
    colours = label.palette()
    colours.setColor(label.foregroundRole(), problem_colour(colours))
    label.setPalette(colours)


# --- charts ---------------------------------------------------------------------------------

#: A measure's score bands behind its trend line, best to worst: calm to alarming (drawn
#: faint, so they read on a light or a dark chart alike).
BAND_TONES: Final = ("#6fbf73", "#b5d77a", "#f2d16b", "#f0a35e", "#e0625a")
#: The marks of a reliable change since the first score: (improved, deteriorated).
CHANGE_COLOURS: Final = ("#2e7d32", "#c62828")
#: The lines of a chart with several (a unit's CSI per relationship), in turn.
LINE_COLOURS: Final = ("#3d6fb6", "#b5533c", "#6a4c93", "#2a9d8f", "#c08a1e", "#8a5a44")
# A relationship's latest satisfaction score: (light window, dark window).
_DISTRESS: Final = ("#c62828", "#ff8a80")
_SATISFIED: Final = ("#2e7d32", "#81c784")


def distress_colour(distressed: bool, colours: QPalette | None = None) -> QColor:
    """The colour of a relationship whose latest score is below (True) or above the cutoff.

    Args:
        distressed: Whether the score is below the measure's cutoff.
        colours: The palette; the application's when None.
    """
    light, dark = _DISTRESS if distressed else _SATISFIED
    return QColor(dark if is_dark(colours) else light)


# --- themes ---------------------------------------------------------------------------------

#: The choices in Settings, in order: the key kept in preferences and its words.
THEMES: Final = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))

# A calm dark palette (after Fusion's): (role, active and inactive colour, disabled colour).
_DARK: Final = (
    (QPalette.ColorRole.Window, "#2b2d30", "#2b2d30"),
    (QPalette.ColorRole.WindowText, "#e6e6e6", "#7f7f7f"),
    (QPalette.ColorRole.Base, "#1f2023", "#26272a"),
    (QPalette.ColorRole.AlternateBase, "#303236", "#303236"),
    (QPalette.ColorRole.ToolTipBase, "#3d3a2a", "#3d3a2a"),
    (QPalette.ColorRole.ToolTipText, "#f2efe0", "#9a978c"),
    (QPalette.ColorRole.PlaceholderText, "#8c8c8c", "#6a6a6a"),
    (QPalette.ColorRole.Text, "#e6e6e6", "#7f7f7f"),
    (QPalette.ColorRole.Button, "#35373b", "#2f3034"),
    (QPalette.ColorRole.ButtonText, "#e6e6e6", "#7f7f7f"),
    (QPalette.ColorRole.BrightText, "#ff6b6b", "#ff6b6b"),
    (QPalette.ColorRole.Light, "#45474c", "#45474c"),
    (QPalette.ColorRole.Midlight, "#3a3c40", "#3a3c40"),
    (QPalette.ColorRole.Mid, "#5f6167", "#4a4b50"),
    (QPalette.ColorRole.Dark, "#1b1c1e", "#1b1c1e"),
    (QPalette.ColorRole.Shadow, "#0e0e0f", "#0e0e0f"),
    (QPalette.ColorRole.Highlight, "#3d6fb6", "#4a4b50"),
    (QPalette.ColorRole.HighlightedText, "#ffffff", "#9a9a9a"),
    (QPalette.ColorRole.Link, "#7fb0ff", "#6a86b0"),
    (QPalette.ColorRole.LinkVisited, "#b79cff", "#8c7fb0"),
)


def dark_palette() -> QPalette:
    """The dark palette the Dark theme sets (and the screenshots' dark versions use)."""
    made = QPalette()
    for role, colour, disabled in _DARK:
        made.setColor(QPalette.ColorGroup.Active, role, QColor(colour))
        made.setColor(QPalette.ColorGroup.Inactive, role, QColor(colour))
        made.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return made


class _System:
    """The style and palette the platform gave, kept before a theme first replaces them."""

    style: str | None = None
    palette: QPalette | None = None


def apply_theme(app: QApplication, theme: str) -> None:
    """Set the light or dark theme, or go back to following the system.

    Light and Dark use the Fusion style (it draws every control from the palette, so the
    whole window follows); "system" restores the platform's own style and palette.

    Args:
        app: The running application.
        theme: A key of ``THEMES``; anything else follows the system.
    """
    if _System.style is None:
        _System.style = app.style().name()
        _System.palette = QPalette(app.palette())
    if theme in ("light", "dark"):
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if theme == "dark" else app.style().standardPalette())
        return
    app.setStyle(_System.style)
    app.setPalette(_System.palette if _System.palette is not None else QPalette())
