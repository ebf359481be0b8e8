"""Setup's second way in: a practice brought from an export file instead of an empty store.

A therapist moving to a new computer exports her practice on the old one (Settings →
"Export practice…" or ``practice export``) and, on the new one, ticks "Bring in my
practice from an export file" on setup's first page. The new store is then built from the
file (``import_practice``) where an empty one would have been created: the same passphrase
page, the same recovery key, and everything the export held, checked as it is read.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PASSPHRASE_HINT = "Leave blank only for an export written without one (--plain)."


class ImportChoice(QWidget):
    """The tick box, and once ticked, the export file and its own passphrase.

    Args:
        parent: The parent widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wanted = QCheckBox("Bring in my practice from an export file (moving from "
                                "another computer)")
        self.wanted.setAccessibleName("Bring in a practice from an export file")
        self.file = QLineEdit()
        self.file.setAccessibleName("Export file")
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose the export file")
        browse.clicked.connect(self._browse)
        self.passphrase = QLineEdit()
        self.passphrase.setAccessibleName("Export passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(PASSPHRASE_HINT)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        self.details = QWidget()
        form = QFormLayout(self.details)
        form.addRow("Export file:", row)
        form.addRow("The export's passphrase:", self.passphrase)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.wanted)
        layout.addWidget(self.details)
        self.details.setVisible(False)
        self.wanted.toggled.connect(self.details.setVisible)

    def chosen(self) -> tuple[Path, str] | None:
        """The export file and its passphrase, or None for an empty store.

        Raises:
            ValueError: Ticked, but no readable file named (the message says what to do).
        """
        if not self.wanted.isChecked():
            return None
        text = self.file.text().strip()
        if not text:
            raise ValueError("Choose the export file to bring in, or untick the box.")
        path = Path(text).expanduser()
        if not path.is_file():
            raise ValueError("There is no export file there; choose the file again.")
        return path, self.passphrase.text()

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, "Choose the export file",
                                                      self.file.text() or str(Path.home()))
        if chosen:
            self.file.setText(chosen)
