"""A PDF shown from memory (QtPdf reads a QBuffer: the letter never touches disk); printing it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QVBoxLayout, QWidget

from practice.errors import PracticeError

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
    from PySide6.QtPrintSupport import QPrinter

#: Pages are rasterised at this resolution for the printer (a high-resolution printer's own
#: 1200 dpi would make each page image hundreds of megabytes).
PRINT_DPI = 300


class PrintFailed(PracticeError):
    """The printer (or the file it prints to) could not be started."""


class PdfPreview(QWidget):
    """Shows PDF bytes page by page; the bytes stay in memory.

    The PDF view is made when the first PDF is shown (or the document is asked for): QtPdf
    and its view cost about 6 MB, which a screen that never shows a PDF should not pay.

    Args:
        parent: The parent widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document: QPdfDocument | None = None
        self._view: QPdfView | None = None
        self._bytes = QByteArray()
        self._buffer: QBuffer | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def document(self) -> QPdfDocument:
        """The document shown (empty until a PDF is), made on first use."""
        if self._document is None:
            from PySide6.QtPdf import QPdfDocument
            from PySide6.QtPdfWidgets import QPdfView

            self._document = QPdfDocument(self)
            view = QPdfView(self)
            view.setAccessibleName("Letter preview")
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            view.setDocument(self._document)
            self._layout.addWidget(view)
            self._view = view
        return self._document

    @property
    def view(self) -> QPdfView:
        """The view the pages are shown in, made on first use."""
        _ = self.document
        assert self._view is not None
        return self._view

    @property
    def ready(self) -> bool:
        """Whether a PDF is loaded and has pages."""
        if self._document is None:
            return False
        from PySide6.QtPdf import QPdfDocument

        return (self._document.status() == QPdfDocument.Status.Ready
                and self._document.pageCount() > 0)

    def show_pdf(self, pdf: bytes) -> None:
        """Show a PDF, replacing whatever was shown.

        Args:
            pdf: The PDF's bytes.
        """
        self.clear()
        self._bytes = QByteArray(pdf)
        buffer = QBuffer(self)
        buffer.setData(self._bytes)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)

    def clear(self) -> None:
        """Show nothing and drop the bytes."""
        if self._document is not None:
            self._document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        self._bytes = QByteArray()


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Print every page of a loaded PDF, each scaled to fit the printer's page.

    Args:
        document: A document whose status is Ready.
        printer: A configured printer (a real one, or a PDF file in tests).

    Returns:
        The number of pages printed.

    Raises:
        PrintFailed: The printer could not be started.
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed("The printer could not be started. Check that it is connected "
                          "and try again.")
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            _print_page(document, page, painter, printer)
    finally:
        painter.end()
    return document.pageCount()


def _print_page(document: QPdfDocument, page: int, painter: QPainter, printer: QPrinter) -> None:
    points = document.pagePointSize(page)
    pixels = QSize(round(points.width() * PRINT_DPI / 72), round(points.height() * PRINT_DPI / 72))
    image = document.render(page, pixels)
    area = painter.viewport()
    scaled = pixels.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    painter.save()
    painter.setViewport(QRect(area.x(), area.y(), scaled.width(), scaled.height()))
    painter.setWindow(image.rect())
    painter.drawImage(0, 0, image)
    painter.restore()
