"""The face: one design module, icons that follow the palette, a theme chosen in Settings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from practice.paths import resources_dir
from tests.ui.conftest import ContextFactory
from ui import design, icons
from ui.screens.settings import SettingsScreen
from ui.settings import THEME
from ui.workspace import SECTIONS, Workspace

ROOT = Path(__file__).resolve().parents[2]
# A colour spelled out: a hex literal in a string, rgb()/hsl() in a style sheet, a QColor
# built from numbers, a name or a Qt global colour (transparent is the absence of one).
COLOUR_LITERALS = (
    re.compile(r"""["'][^"'\n]*#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?\b"""),
    re.compile(r"\b(?:rgba?|hsla?)\s*\("),
    re.compile(r"QColor\s*\(\s*(?:\d|[\"']|Qt\.)"),
    re.compile(r"QColor\.from(?:Rgb|Rgba|RgbF|Hsv|HsvF|Hsl|HslF|String)\b"),
    re.compile(r"GlobalColor\.(?!transparent\b)\w+"),
    re.compile(r"setStyleSheet\s*\("),
)


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    """The application, put back to following the system after the test."""
    yield qapp
    design.apply_theme(qapp, "system")


def _drawn_colours(icon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> set[str]:
    """The colours of an icon's solid pixels, drawn at 48 px."""
    image = icon.pixmap(QSize(48, 48), 1.0, mode).toImage()
    assert image.width() == 48  # drawn at the size asked for, not scaled from a smaller one
    found = set()
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() == 255:
                found.add(pixel.name())
    return found


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_sidebar_section_shows_its_icon_in_the_palettes_text_colour(
        qtbot: QtBot, themed: QApplication, make_context: ContextFactory, tmp_path: Path,
        theme: str) -> None:
    design.apply_theme(themed, theme)
    assert design.is_dark() == (theme == "dark")
    workspace = Workspace(make_context(tmp_path / "store"))
    qtbot.addWidget(workspace)
    text = themed.palette().color(QPalette.ColorRole.Text).name()
    selected = themed.palette().color(QPalette.ColorRole.HighlightedText).name()
    for row, section in enumerate(SECTIONS):
        item = workspace.sidebar.item(row)
        assert item.text() == section.title
        assert not item.icon().isNull(), section.title
        assert _drawn_colours(item.icon()) == {text}, section.title
        assert _drawn_colours(item.icon(), QIcon.Mode.Selected) == {selected}, section.title


def test_an_icon_on_show_takes_the_new_colour_when_the_theme_changes(
        themed: QApplication) -> None:
    icon = icons.section_icon("Clients")
    design.apply_theme(themed, "light")
    light = _drawn_colours(icon)
    design.apply_theme(themed, "dark")
    dark = _drawn_colours(icon)
    assert light != dark
    assert dark == {themed.palette().color(QPalette.ColorRole.Text).name()}


def test_icons_are_crisp_on_a_high_density_screen(themed: QApplication) -> None:
    picture = icons.icon("stethoscope").pixmap(QSize(20, 20), 2.0)
    assert picture.deviceIndependentSize().toSize() == QSize(20, 20)
    assert picture.size() == QSize(40, 40)  # drawn at 40 device pixels, not blown up


def test_every_icon_the_app_names_is_bundled_with_its_licence_and_no_other_is() -> None:
    folder = resources_dir() / "icons" / "lucide"
    named = {*icons.SECTION_ICONS.values(), *icons.ACTION_ICONS.values(),
             *icons.RELEASE_ICONS.values(), icons.EMPTY, icons.RISK}
    bundled = {path.stem for path in folder.glob("*.svg")}
    assert named == bundled
    assert "ISC License" in (folder / "LICENSE").read_text(encoding="utf-8")
    for name in bundled:  # drawn in the text's colour, so recolouring reaches every line
        assert 'stroke="currentColor"' in (folder / f"{name}.svg").read_text(encoding="utf-8")
    with pytest.raises(LookupError, match="no bundled icon"):
        icons.icon("no-such-icon")


def test_release_states_and_risk_levels_have_their_own_light_and_dark_colours(
        themed: QApplication) -> None:
    light, dark = QApplication.style().standardPalette(), design.dark_palette()
    assert not design.is_dark(light) and design.is_dark(dark)
    for state in ("in_force", "expiring", "expired", "revoked"):
        on_light, on_dark = design.release_tone(state, light), design.release_tone(state, dark)
        assert on_light.background != on_dark.background, state
        # Readable: light words on the dark version, dark words on the light one.
        assert on_light.text.lightness() < on_light.background.lightness()
        assert on_dark.text.lightness() > on_dark.background.lightness()
    for level in design.RISK_LEVELS:
        assert design.risk_tone(level, light).background != design.risk_tone(level, dark).background
    assert design.release_tone("in_force", light).background != \
        design.release_tone("revoked", light).background
    assert design.problem_colour(light) != design.problem_colour(dark)
    assert design.problem_colour(dark).lightness() > QColor(dark.color(
        QPalette.ColorRole.Window)).lightness()


def test_the_type_scale_grows_from_the_body_size(qapp: QApplication) -> None:
    body = design.font(design.TypeStep.BODY)
    sizes = [design.font(step).pointSizeF() for step in design.TypeStep]
    assert sizes == sorted(sizes)
    assert design.font(design.TypeStep.HEADING).pointSizeF() > body.pointSizeF()


def test_no_screen_spells_out_a_colour_outside_the_design_module() -> None:
    found = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path == ROOT / "ui" / "design.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(pattern.search(line) for pattern in COLOUR_LITERALS):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_no_screen_sets_its_own_spacing_outside_the_scale() -> None:
    # A margin or gap is a step of design.Space (zero, "flush", needs no step).
    own_number = re.compile(
        r"set(?:ContentsMargins|Spacing|Margin|HorizontalSpacing|VerticalSpacing)"
        r"\([^)]*\b[1-9]")
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in sorted((ROOT / "ui").rglob("*.py")) if path.name != "design.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if own_number.search(line)]
    assert found == []


def test_the_colour_check_would_see_a_colour_spelled_out() -> None:
    for line in ('label.setStyleSheet("color: red")', "QColor(176, 0, 32)",
                 'QColor("#b00020")', "brush = Qt.GlobalColor.red", 'x = "#fff"',
                 "QColor.fromRgb(1, 2, 3)", 'css = "background: rgb(1, 2, 3)"'):
        assert any(pattern.search(line) for pattern in COLOUR_LITERALS), line
    for line in ("image.fill(Qt.GlobalColor.transparent)", "# see issue #12",
                 "QColor(dark.color(role))", 'f"Ctrl+{index}"'):
        assert not any(pattern.search(line) for pattern in COLOUR_LITERALS), line


def test_choosing_dark_in_settings_darkens_the_app_and_is_kept(
        qtbot: QtBot, themed: QApplication, make_context: ContextFactory,
        tmp_path: Path) -> None:
    context = make_context(tmp_path / "store")
    screen = SettingsScreen(context)
    qtbot.addWidget(screen)
    choice = screen.appearance.theme
    assert choice.accessibleName() == "Theme"
    assert [choice.itemText(i) for i in range(choice.count())] == [
        "Follow the system", "Light", "Dark"]
    assert choice.currentData() == "system"
    choice.setCurrentIndex(choice.findText("Dark"))
    assert design.is_dark()
    assert context.settings.get(THEME) == "dark"
    choice.setCurrentIndex(choice.findText("Light"))
    assert not design.is_dark()
    assert context.settings.get(THEME) == "light"
    again = SettingsScreen(context)  # the next time Settings opens, the choice is shown
    qtbot.addWidget(again)
    assert again.appearance.theme.currentText() == "Light"
