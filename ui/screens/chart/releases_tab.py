"""The chart's Releases tab: each release of information with its state at a glance.

A release is recorded, its signed scan attached and viewed, and it is revoked on a date;
never deleted. The scan is stored encrypted in the store and shown from memory only: it is
never written to a file in the clear, temporary or not.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from practice.models.releases import MAX_SCAN_BYTES
from practice.services.common.dates import parse_day
from ui.models.providers import ReleaseRow, ReleaseTableModel, scope_words
from ui.screens.chart.record_tab import DATE_HINT, RecordTab
from ui.widgets.organisation_form import line
from ui.widgets.pdf_preview import PdfPreview
from ui.widgets.record_form import RecordForm, Work
from ui.widgets.release_form import ReleaseForm
from ui.widgets.row_table import named_button as button

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.releases import ReleaseView, Scan, ScanInfo
    from ui.context import AppContext

REVOKE_TITLE = "Revoke release"
ATTACH_TITLE = "Attach signed scan"
VIEW_TITLE = "Signed release"
SCAN_FILTER = "Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)"
# What a chosen file claims to be, by its ending; the core checks its first bytes agree.
_MEDIA_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
                ".jpeg": "image/jpeg", ".tif": "image/tiff", ".tiff": "image/tiff"}


def media_type(path: Path) -> str:
    """The media type a scan's file name claims ("application/octet-stream" if none)."""
    return _MEDIA_TYPES.get(path.suffix.casefold(), "application/octet-stream")


class RevokeForm(RecordForm):
    """Record the client's revocation of a release, effective from a date.

    Args:
        context: The application context.
        row: The release and its recipient.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, row: ReleaseRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, REVOKE_TITLE, parent)
        self.release_id = row.release.id
        which = QLabel(f"To {row.recipient}: {scope_words(row.release.details.scopes)}, "
                       f"signed {row.release.details.signed_on.isoformat()}")
        which.setWordWrap(True)
        which.setAccessibleName("Release")
        self.fields.addRow("Release:", which)
        self.revoked_on = line("Revocation date", date.today().isoformat(),
                               placeholder=DATE_HINT)
        self.add_field("Revocation date", self.revoked_on)
        self.start()

    def work(self) -> Work:
        """Read the date, then revoke on the worker."""
        from practice.services.releases import revoke_release

        on = parse_day(self.revoked_on.text(), "Revocation date", required=True)
        assert on is not None  # required above
        release_id = self.release_id
        return lambda sessions: revoke_release(sessions, release_id, on)


class ScanViewer(QDialog):
    """A signed release's scan, shown from the bytes in memory (an image or a PDF).

    Args:
        scan: The scan read from the store.
        parent: The parent widget.
    """

    def __init__(self, scan: Scan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(VIEW_TITLE)
        self.setAccessibleName(VIEW_TITLE)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(700, 800)
        self.pdf: PdfPreview | None = None
        self.image = QLabel("")
        self.image.setAccessibleName("Signed release scan")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        caption = QLabel(f"{scan.info.filename} — {scan.info.size_bytes // 1024 + 1} KB")
        caption.setAccessibleName("Scan file")
        layout.addWidget(caption)
        if scan.info.media_type == "application/pdf":
            self.pdf = PdfPreview(self)
            self.pdf.view.setAccessibleName("Signed release scan")
            self.pdf.show_pdf(scan.content)
            layout.addWidget(self.pdf, 1)
        else:
            picture = QImage.fromData(scan.content)
            if picture.isNull():
                self.image.setText("This scan cannot be shown here: its image format is not "
                                   "one this computer can display.")
            else:
                self.image.setPixmap(QPixmap.fromImage(picture))
            scroll = QScrollArea()
            scroll.setAccessibleName("Signed release scan, scrolled")
            scroll.setWidget(self.image)
            scroll.setWidgetResizable(True)
            layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(self._forget_bytes)

    @property
    def shows_picture(self) -> bool:
        """Whether an image or a PDF with pages is on show."""
        if self.pdf is not None:
            return self.pdf.ready
        pixmap = self.image.pixmap()
        return pixmap is not None and not pixmap.isNull()

    def _forget_bytes(self) -> None:
        if self.pdf is not None:
            self.pdf.clear()
        self.image.clear()


class ReleasesTab(RecordTab):
    """The client's releases in a table, newest first, with their actions.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        self.today = date.today()
        self.viewer: ScanViewer | None = None
        self.model = ReleaseTableModel()
        self.record_button = button("Record release…", "Record release")
        self.attach_button = button("Attach signed scan…", "Attach signed scan")
        self.view_button = button("View scan", "View scan")
        self.revoke_button = button("Revoke…", "Revoke release")
        super().__init__(
            context, "Releases of information", self.model,
            (self.record_button, self.attach_button, self.view_button, self.revoke_button),
            "No releases of information on file. A release the client signs lets you write "
            "to their other providers about them.", ("Record release…", self.record_release),
            parent)
        self.model.setParent(self)
        self.record_button.clicked.connect(self.record_release)
        self.attach_button.clicked.connect(self.choose_scan)
        self.view_button.clicked.connect(self.view_scan)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.table.activated.connect(lambda _index: self.view_scan())  # Enter or double-click
        self.message = QLabel("")
        self.message.setAccessibleName("Releases message")
        self.body.addWidget(self.message)
        self.enable()

    def show_releases(self, client_id: int, releases: tuple[ReleaseView, ...],
                      providers: dict[int, str], organisations: dict[int, str],
                      today: date) -> None:
        """Show a client's releases, keeping the selected one selected.

        Args:
            client_id: The client.
            releases: Their releases, newest first.
            providers: Recipient providers' names by id.
            organisations: Recipient organisations' names by id.
            today: The day states are judged on.
        """
        selected = self.selected()
        self.today = today
        rows = tuple(ReleaseRow(r, providers.get(r.details.provider_id or -1)
                                or organisations.get(r.details.organisation_id or -1)
                                or "Unknown recipient") for r in releases)
        self.model.set_releases(rows, today)
        self.shown(client_id, [r.id for r in releases],
                   None if selected is None else selected.release.id)

    def selected(self) -> ReleaseRow | None:
        """The release selected in the table, with its recipient, if any."""
        row = self.selected_row()
        return None if row is None else self.model.row(row)

    # --- actions -------------------------------------------------------------------------

    def record_release(self) -> None:
        """Open the form for a newly signed release."""
        if self.client_id is not None and self.can_act():
            self.opened(ReleaseForm(self.context, self.client_id, parent=self))

    def revoke_selected(self) -> None:
        """Open the form that revokes the selected release on a date."""
        row = self.selected()
        if row is not None and row.release.revoked_on is None and self.can_act():
            self.opened(RevokeForm(self.context, row, self))

    def choose_scan(self) -> None:
        """Ask which file holds the signed release's scan (an image or a PDF)."""
        if self.selected() is None:
            return
        dialog = QFileDialog(self, ATTACH_TITLE, str(Path.home()), SCAN_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        # Qt's own dialog: the same on every system, and one a test can type a path into.
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda chosen: self.attach_file(Path(chosen)))
        dialog.open()

    def attach_file(self, path: Path) -> None:
        """Keep ``path``'s bytes in the store as the selected release's scan.

        Args:
            path: The chosen file (read on the worker; it is not copied anywhere else).
        """
        row = self.selected()
        if row is None:
            return
        release_id, kind = row.release.id, media_type(path)

        def work(sessions: sessionmaker[Session]) -> ScanInfo:
            from practice.errors import PracticeError
            from practice.services.releases import attach_scan

            try:
                with path.open("rb") as chosen:
                    # One byte past the limit is enough for the core to refuse a file too
                    # large, without reading all of it into memory first.
                    content = chosen.read(MAX_SCAN_BYTES + 1)
            except OSError as error:
                raise PracticeError("That file could not be read. Check that it is still "
                                    "there and try again.") from error
            return attach_scan(sessions, release_id, content, filename=path.name,
                               media_type=kind)

        self.context.write(work, on_success=self._attached, parent=self)

    def _attached(self, _info: ScanInfo) -> None:
        self.message.setText("The signed scan is attached, stored encrypted with the record.")
        self.changed.emit()

    def view_scan(self) -> None:
        """Show the selected release's scan inside the app."""
        row = self.selected()
        if row is None or not row.release.has_scan:
            return
        release_id = row.release.id

        def work(sessions: sessionmaker[Session]) -> Scan | None:
            from practice.services.releases import get_scan

            return get_scan(sessions, release_id)

        # A write: viewing a signed scan is logged in the audit trail.
        self.context.write(work, on_success=self._show_scan, parent=self)

    def _show_scan(self, scan: Scan | None) -> None:
        if scan is None:
            return
        if self.viewer is not None:
            self.viewer.close()
        viewer = ScanViewer(scan, self)
        self.viewer = viewer
        viewer.finished.connect(lambda _result: self._forget_viewer(viewer))
        viewer.open()

    def _forget_viewer(self, viewer: ScanViewer) -> None:
        if self.viewer is viewer:
            self.viewer = None

    def enable(self) -> None:
        """Attach, view and revoke apply to the selected release (view only with a scan)."""
        row = self.selected()
        self.attach_button.setEnabled(row is not None)
        self.view_button.setEnabled(row is not None and row.release.has_scan)
        self.revoke_button.setEnabled(row is not None and row.release.revoked_on is None)

    def clear(self) -> None:
        """Show nothing and close any scan on show (an open form stays, shelved by a lock)."""
        if self.viewer is not None:
            self.viewer.close()
        self.model.set_releases((), self.today)
        self.message.clear()
        self.cleared()
