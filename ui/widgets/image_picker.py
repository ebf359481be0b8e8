"""Choosing a letterhead logo or signature image: a preview, Choose…, Remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_IMAGE_BYTES = 2 * 1024 * 1024
_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
_PREVIEW_WIDTH, _PREVIEW_HEIGHT = 200, 80


def image_problem(content: bytes) -> str | None:
    """Say why bytes cannot be a logo or signature, or None when they can.

    Args:
        content: The file's bytes.

    Returns:
        A plain sentence, or None.
    """
    if len(content) > MAX_IMAGE_BYTES:
        return "That image is larger than 2 MB; choose a smaller one."
    if not content.startswith(_MAGIC) or QImage.fromData(content).isNull():
        return "Use a PNG or JPEG image."
    return None


class ImagePicker(QWidget):
    """One image (or none), with a preview.

    Args:
        what: What the image is ("logo", "signature"), used in labels.
        parent: The parent widget.
    """

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.content: bytes | None = None
        self.preview = QLabel("None chosen")
        self.preview.setAccessibleName(f"{what} preview")
        self.preview.setFixedSize(_PREVIEW_WIDTH, _PREVIEW_HEIGHT)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.choose = QPushButton("Choose…")
        self.choose.setAccessibleName(f"Choose the {what} image")
        self.remove = QPushButton("Remove")
        self.remove.setAccessibleName(f"Remove the {what} image")
        self.message = QLabel("")
        self.message.setAccessibleName(f"{what} message")
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        row.addLayout(buttons)
        row.addWidget(self.message, 1)
        self.choose.clicked.connect(self._browse)
        self.remove.clicked.connect(lambda: self.set_content(None))
        self.set_content(None)

    def load_file(self, path: Path) -> bool:
        """Take the image from a file, or say under the preview why not.

        Args:
            path: The chosen file.

        Returns:
            True when the image was taken.
        """
        try:
            content = path.read_bytes()
        except OSError:
            self.message.setText("That file could not be read.")
            return False
        problem = image_problem(content)
        if problem is not None:
            self.message.setText(problem)
            return False
        self.set_content(content)
        return True

    def set_content(self, content: bytes | None) -> None:
        """Show (or with None, remove) the image.

        Args:
            content: PNG or JPEG bytes, or None.
        """
        self.content = content
        self.message.clear()
        self.remove.setEnabled(content is not None)
        if content is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("None chosen")
            return
        pixmap = QPixmap.fromImage(QImage.fromData(content)).scaled(
            _PREVIEW_WIDTH, _PREVIEW_HEIGHT, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(pixmap)

    def _browse(self) -> None:
        # Opened, not exec'd: the event loop (and an idle lock) keeps running meanwhile.
        dialog = QFileDialog(self, f"Choose the {self.what} image", str(Path.home()),
                             "Images (*.png *.jpg *.jpeg)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.load_file(Path(name)))
        dialog.open()
