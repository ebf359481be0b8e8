"""The recovery key on paper or in a file the therapist chooses (owner-only permissions)."""

from __future__ import annotations

import html
import os
from datetime import date
from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

OWNER_ONLY = 0o600
SUGGESTED_FILE_NAME = "Practice recovery key.txt"
ADVICE = (
    "This key opens your Practice store if you forget your passphrase. Anyone who has it "
    "and a copy of your store can read your records. Keep it somewhere safe and apart "
    "from the computer: a locked drawer, a safe, or a password manager."
)


def recovery_text(code: str, store_path: Path, made_on: date) -> str:
    """The words of the recovery sheet.

    Args:
        code: The recovery key as formatted by the core.
        store_path: The store's folder (to tell sheets of two stores apart).
        made_on: The day the key was made.

    Returns:
        Plain text, ready for a file.
    """
    return (
        "Practice recovery key\n\n"
        f"    {code}\n\n"
        f"Store: {store_path}\n"
        f"Made on: {made_on.isoformat()}\n\n"
        f"{ADVICE}\n"
    )


def recovery_document(code: str, store_path: Path, made_on: date) -> QTextDocument:
    """The recovery sheet as a document for printing.

    Args:
        code: The recovery key.
        store_path: The store's folder.
        made_on: The day the key was made.

    Returns:
        A document with the key in large monospaced type.
    """
    doc = QTextDocument()
    doc.setHtml(
        "<h1>Practice recovery key</h1>"
        f"<p style='font-family: monospace; font-size: 20pt'>{html.escape(code)}</p>"
        f"<p>Store: {html.escape(str(store_path))}<br>Made on: {made_on.isoformat()}</p>"
        f"<p>{html.escape(ADVICE)}</p>"
    )
    return doc


def write_recovery_file(path: Path, code: str, store_path: Path, made_on: date) -> None:
    """Write the recovery sheet to a file only its owner can read.

    Args:
        path: The file the therapist chose (replaced if it exists).
        code: The recovery key.
        store_path: The store's folder.
        made_on: The day the key was made.

    Raises:
        OSError: The file could not be written.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), OWNER_ONLY)  # an existing file keeps its old mode otherwise
        handle.write(recovery_text(code, store_path, made_on))


def print_recovery_sheet(parent: QWidget, code: str, store_path: Path) -> bool:
    """Ask for a printer and print the recovery sheet.

    Args:
        parent: The dialog's parent.
        code: The recovery key.
        store_path: The store's folder.

    Returns:
        True when it was sent to the printer.
    """
    # Print support is loaded only when someone prints.
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the recovery key")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    recovery_document(code, store_path, date.today()).print_(printer)
    return True


def choose_recovery_file(parent: QWidget) -> Path | None:
    """Ask where to save the recovery sheet.

    Args:
        parent: The dialog's parent.

    Returns:
        The chosen file, or None when cancelled.
    """
    name, _filter = QFileDialog.getSaveFileName(
        parent, "Save the recovery key", str(Path.home() / SUGGESTED_FILE_NAME),
        "Text files (*.txt)",
    )
    return Path(name) if name else None
