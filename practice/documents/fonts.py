"""The bundled letter fonts (DejaVu Sans), registered with ReportLab once, on first use."""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from pathlib import Path

from practice.paths import resources_dir

REGULAR = "PracticeSans"
BOLD = "PracticeSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}

# Rendering may run on a worker thread while a warm-up runs on another; parsing the
# TrueType files twice would be harmless but wasteful.
_lock = threading.Lock()


def fonts_dir() -> Path:
    """Return the folder holding the bundled fonts and their licence."""
    return resources_dir() / "fonts"


def font_files() -> tuple[Path, ...]:
    """Return the letter fonts' files, the regular one first."""
    return tuple(fonts_dir() / filename for filename in _FILES.values())


def ensure_fonts() -> Mapping[str, Mapping[int, int]]:
    """Register the letter fonts with ReportLab if not yet done.

    Returns:
        Each font's character map (code point to glyph id), by registered font name.
    """
    with _lock:
        return _register()


@functools.cache
def _register() -> Mapping[str, Mapping[int, int]]:
    # Imported here so that importing practice.letters stays cheap.
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    cmaps: dict[str, Mapping[int, int]] = {}
    for name, filename in _FILES.items():
        font = TTFont(name, str(fonts_dir() / filename))
        pdfmetrics.registerFont(font)
        cmaps[name] = font.face.charToGlyph
    # So that <b> inside a paragraph picks the bundled bold, not Helvetica-Bold.
    for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
        addMapping(REGULAR, bold, italic, face)
    return cmaps
