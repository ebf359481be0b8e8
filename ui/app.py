"""Builds the application context and starts the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path


def run_app(store: Path | None = None, demo: bool = False) -> int:
    """Start the desktop app and return its exit status.

    Args:
        store: The store folder to open (default: the user data folder).
        demo: Open the demo practice instead, creating it on first use.
    """
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Practice (demo)" if demo else "Practice")
    window.setCentralWidget(QLabel("Practice is being built."))
    window.show()
    return int(app.exec())
