"""Settings: where backups go, how many are kept, backing up now, and restoring one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
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
from ui.operations import Job
from ui.screens.settings.restore_dialog import RestoreDialog, RestoreRequest
from ui.settings import BACKUP_DIR, BACKUP_GENERATIONS

if TYPE_CHECKING:
    from practice.store.backup import BackupResult


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
    """Backup location and generations, "Back up now" and "Restore…".

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
        self._lay_out(choose)
        choose.clicked.connect(self._browse)
        self.location.editingFinished.connect(self._location_edited)
        self.generations.valueChanged.connect(
            lambda value: context.settings.set(BACKUP_GENERATIONS, value))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.ask_restore)

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

    def _backed_up(self, result: BackupResult) -> None:
        self.backup_button.setEnabled(True)
        self.result.setText(describe_backup(result))

    def _failed(self, error: BaseException) -> None:
        from ui.errors import show_error

        self.backup_button.setEnabled(True)
        self.result.setText("No backup was made.")
        show_error(self, error)

    def _location_edited(self) -> None:
        text = self.location.text().strip()
        self.context.settings.set(BACKUP_DIR, str(Path(text).expanduser()) if text else "")
        self.location.setText(str(self.context.backup_dir()))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose the backup folder",
                                                  self.location.text())
        if chosen:
            self.location.setText(chosen)
            self._location_edited()

    def ask_restore(self) -> RestoreDialog:
        """Open the restore dialog (window-modal, without a nested event loop).

        Returns:
            The dialog; accepting it emits ``restore_requested``.
        """
        from practice.store.backup import list_backups

        dialog = RestoreDialog(list_backups(self.context.backup_dir()), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._restore_chosen(dialog.request()))
        dialog.open()
        return dialog

    def _restore_chosen(self, request: RestoreRequest | None) -> None:
        if request is not None:
            self.restore_requested.emit(request)


__all__ = ["BackupPanel", "RestoreRequest", "describe_backup"]
