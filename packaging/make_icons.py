"""Render the hand-drawn SVG app icon to the hicolor PNG sizes.

Run after editing ``packaging/linux/icons/hicolor/scalable/apps/practice.svg``; the PNGs it
writes are committed::

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HICOLOR = Path(__file__).resolve().parent / "linux" / "icons" / "hicolor"
SVG = HICOLOR / "scalable" / "apps" / "practice.svg"
SIZES = (16, 32, 48, 64, 128, 256)


def png_path(size: int) -> Path:
    """Where the ``size``-pixel PNG of the icon lives."""
    return HICOLOR / f"{size}x{size}" / "apps" / "practice.png"


def render(svg: Path, size: int, target: Path) -> None:
    """Render ``svg`` to a transparent ``size`` x ``size`` PNG at ``target`` (a .png path).

    Raises:
        ValueError: The SVG could not be read, or the PNG could not be written.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"not a valid SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target)):
        raise ValueError(f"could not write {target}")


def main() -> int:
    """Render every size and print the files written."""
    from PySide6.QtGui import QGuiApplication

    # QPainter on a QImage needs a GUI application for its font and colour machinery.
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        render(SVG, size, png_path(size))
        print(png_path(size))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
