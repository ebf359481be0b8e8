"""Settings: where backups go, how many are kept, backing up now, and restoring one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ui.context import AppContext
from ui.models.backups import BackupTableModel
from ui.operations import Job
from ui.screens.settings.restore_dialog import RestoreDialog, RestoreRequest, backup_table
from ui.settings import BACKUP_DIR, BACKUP_GENERATIONS

if TYPE_CHECKING:
    from practice.store.backup import BackupResult
    from practice.store.backup_catalog import BackupEntry

NO_BACKUPS_YET = "No backups in this folder yet: \"Back up now\" makes the first."
READING = "Looking for backups…"


def describe_backup(result: BackupResult) -> str:
    """Say what a finished backup holds and how it was checked.

    Args:
        result: What the core reported.

    Returns:
        One or two plain sentences.
    """
    return (
        f"Backup saved to {result.path} and verified: it opened with your key, every page "
        f"passed its checksum and the structure check, and all {result.tables} tables hold "
        f"the same {result.rows} rows as your store."
    )


class BackupPanel(QGroupBox):
    """Backup location and generations, "Back up now", the backups there, and "Restore…".

    The list of backups is read on the worker whenever the panel is shown, the folder
    changes or a backup is made.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    restore_requested = Signal(object)  # RestoreRequest

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Backups", parent)
        self.context = context
        self.location = QLineEdit(str(context.backup_dir()))
        self.location.setAccessibleName("Backup folder")
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose the backup folder")
        self.generations = QSpinBox()
        self.generations.setAccessibleName("Number of backups to keep")
        self.generations.setRange(BACKUP_GENERATIONS.minimum or 1,
                                  BACKUP_GENERATIONS.maximum or 100)
        self.generations.setValue(context.settings.get(BACKUP_GENERATIONS))
        self.backup_button = QPushButton("Back up now")
        self.backup_button.setAccessibleName("Back up now")
        self.restore_button = QPushButton("Restore from a backup…")
        self.restore_button.setAccessibleName("Restore from a backup")
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Backup result")
        self.found = BackupTableModel(self)
        self.backup_list = backup_table(self.found, "Backups in the backup folder")
        self.list_state = QLabel("")
        self.list_state.setAccessibleName("Backups listed")
        self.list_state.setWordWrap(True)
        self.restore_selected = QPushButton("Restore this backup…")
        self.restore_selected.setAccessibleName("Restore the selected backup")
        self.restore_selected.setEnabled(False)
        self._listing_of: Path | None = None  # the folder the pending read is for
        self._lay_out(choose)
        choose.clicked.connect(self._browse)
        self.location.editingFinished.connect(self._location_edited)
        self.generations.valueChanged.connect(
            lambda value: context.settings.set(BACKUP_GENERATIONS, value))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(lambda: self.ask_restore())
        self.restore_selected.clicked.connect(lambda: self.ask_restore(self.selected()))
        self.backup_list.selectionModel().selectionChanged.connect(
            lambda *_: self.restore_selected.setEnabled(self.selected() is not None))
        self.backup_list.doubleClicked.connect(lambda _index: self.ask_restore(self.selected()))

    def _lay_out(self, choose: QPushButton) -> None:
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(choose)
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        form = QFormLayout(self)
        form.addRow("Back up to:", where)
        form.addRow("Backups to keep:", self.generations)
        form.addRow(actions)
        form.addRow(self.result)
        listed = QHBoxLayout()
        listed.addWidget(self.list_state, 1)
        listed.addWidget(self.restore_selected)
        form.addRow("Backups there:", self.backup_list)
        form.addRow(listed)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's API
        """List the backups afresh each time Settings is shown."""
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Read the backup folder on the worker and list what is there."""
        folder = self.context.backup_dir()
        self._listing_of = folder
        self.list_state.setText(READING)

        def work(_job: Job) -> tuple[BackupEntry, ...]:
            from practice.store.backup_catalog import find_backups

            return find_backups(folder)

        self.context.ops.run(work, on_success=lambda found: self._listed(folder, found),
                             on_failure=lambda error: self._not_listed(folder, error))

    def selected(self) -> Path | None:
        """The folder of the backup selected in the list, if any."""
        rows = self.backup_list.selectionModel().selectedRows()
        return self.found.entry(rows[0].row()).path if rows else None

    def _listed(self, folder: Path, found: tuple[BackupEntry, ...]) -> None:
        if folder != self._listing_of:
            return  # the folder changed while this one was read
        chosen = self.selected()
        self.found.set_entries(found)
        row = self.found.row_of(chosen) if chosen is not None else None
        if row is not None:
            self.backup_list.selectRow(row)
        self.restore_selected.setEnabled(self.selected() is not None)
        count = len(found)
        self.list_state.setText(
            NO_BACKUPS_YET if not count else
            f"{count} backup{'' if count == 1 else 's'}, newest first. Choose one to restore it.")

    def _not_listed(self, folder: Path, _error: BaseException) -> None:
        if folder == self._listing_of:
            self.found.set_entries(())
            self.list_state.setText("The backup folder cannot be read; check the location.")

    def back_up_now(self) -> None:
        """Write a verified backup on the worker, with progress after a moment."""
        store = self.context.store
        if store is None:
            return
        destination = self.context.backup_dir()
        generations = self.context.settings.get(BACKUP_GENERATIONS)

        def work(job: Job) -> BackupResult:
            from practice.store.backup import backup

            return backup(store, destination, generations=generations,
                          progress=job.progress, cancelled=job.cancelled)

        self.backup_button.setEnabled(False)
        self.result.setText("Backing up…")
        self.context.ops.run(work, on_success=self._backed_up, on_failure=self._failed,
                             label="Backing up your store…", parent=self)

    def clear(self) -> None:
        """Forget the last result (it names a folder, nothing more, but the view is reset)."""
        self.result.clear()
        self.backup_button.setEnabled(True)
        self.found.set_entries(())
        self.list_state.clear()
        self.restore_selected.setEnabled(False)

    def _backed_up(self, result: BackupResult) -> None:
        self.backup_button.setEnabled(True)
        self.result.setText(describe_backup(result))
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        from ui.errors import show_error

        self.backup_button.setEnabled(True)
        self.result.setText("No backup was made.")
        show_error(self, error)

    def _location_edited(self) -> None:
        text = self.location.text().strip()
        self.context.settings.set(BACKUP_DIR, str(Path(text).expanduser()) if text else "")
        self.location.setText(str(self.context.backup_dir()))
        if self.context.backup_dir() != self._listing_of:
            self.refresh()

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose the backup folder",
                                                  self.location.text())
        if chosen:
            self.location.setText(chosen)
            self._location_edited()

    def ask_restore(self, chosen: Path | None = None) -> RestoreDialog:
        """Open the restore dialog (window-modal, without a nested event loop).

        Args:
            chosen: The backup to offer first (default: the newest listed).

        Returns:
            The dialog; accepting it emits ``restore_requested``.
        """
        dialog = RestoreDialog(self.found.entries(), self, chosen=chosen)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._restore_chosen(dialog.request()))
        dialog.open()
        return dialog

    def _restore_chosen(self, request: RestoreRequest | None) -> None:
        if request is not None:
            self.restore_requested.emit(request)


__all__ = ["BackupPanel", "RestoreRequest", "describe_backup"]
