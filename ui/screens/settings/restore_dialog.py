"""Choosing a backup to restore and the passphrase (or recovery key) that opens it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from practice.store.credentials import Credential, Passphrase, RecoveryKey
from ui.models.backups import BackupTableModel
from ui.widgets.passphrase import secret_field

if TYPE_CHECKING:
    from practice.store.backup_catalog import BackupEntry


RESTORE_EXPLAINED = (
    "Practice locks, copies the backup beside your store, opens it with the passphrase or "
    "recovery key below and checks every page, the structure and the audit trail. Only if "
    "all of that passes does it replace your store; the store it replaces is kept in a "
    "\"replaced-…\" folder inside the store folder."
)


@dataclass(frozen=True, repr=False)
class RestoreRequest:
    """Which backup to restore, and what opens it (repr hidden: it holds a secret)."""

    source: Path
    credential: Credential


class RestoreDialog(QDialog):
    """Lists the backups in the backup folder; any other backup folder can be chosen.

    Args:
        backups: The backups found, newest first.
        parent: The parent widget.
        chosen: The backup to select (default: the newest).
    """

    def __init__(self, backups: Sequence[BackupEntry], parent: QWidget | None = None, *,
                 chosen: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self.backups = BackupTableModel(self)
        self.backups.set_entries(tuple(backups))
        self.listing = backup_table(self.backups, "Backups")
        other = QPushButton("Another backup folder…")
        other.setAccessibleName("Choose another backup folder")
        other.clicked.connect(self._browse)
        self.found = QLabel("")
        self.found.setAccessibleName("Backups found")
        self.found.setWordWrap(True)
        self.secret = secret_field("Passphrase of the backup")
        self.is_recovery_key = QCheckBox("This is the recovery key")
        self.is_recovery_key.setAccessibleName("The secret is the recovery key")
        explained = QLabel(RESTORE_EXPLAINED)
        explained.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName("Restore the chosen backup")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Backup:", self.listing)
        form.addRow(other)
        form.addRow(self.found)
        form.addRow("Its passphrase:", self.secret)
        form.addRow(self.is_recovery_key)
        form.addRow(explained)
        form.addRow(self.buttons)
        self.select(chosen)
        self.listing.selectionModel().selectionChanged.connect(self._update)
        self.secret.textChanged.connect(self._update)
        self._update()

    def select(self, path: Path | None) -> None:
        """Select the backup at ``path`` (None: the first listed, the newest)."""
        row = 0 if path is None else self.backups.row_of(path)
        if row is not None and row < self.backups.rowCount():
            self.listing.selectRow(row)

    def add_backup(self, path: Path) -> None:
        """Offer one more backup folder (and select it).

        Args:
            path: The backup folder.
        """
        from practice.store.backup_catalog import backup_entry

        self.listing.selectRow(self.backups.add_entry(backup_entry(path)))

    def chosen(self) -> Path | None:
        """The selected backup's folder, if any."""
        rows = self.listing.selectionModel().selectedRows()
        return self.backups.entry(rows[0].row()).path if rows else None

    def request(self) -> RestoreRequest | None:
        """The chosen backup and credential, or None while something is missing."""
        source = self.chosen()
        text = self.secret.text()
        if source is None or not text:
            return None
        credential: Credential = (RecoveryKey(text) if self.is_recovery_key.isChecked()
                                  else Passphrase(text))
        return RestoreRequest(source, credential)

    def _update(self) -> None:
        self.restore_button.setEnabled(self.request() is not None)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose a backup folder")
        if chosen:
            self.add_folder(Path(chosen))

    def add_folder(self, folder: Path) -> None:
        """Offer a backup, or every backup in a backup folder (selecting the newest).

        Args:
            folder: One backup, or a folder ``Back up now`` writes into.
        """
        from practice.store.backup_catalog import NO_BACKUPS, find_backups, is_backup

        if is_backup(folder):
            self.add_backup(folder)
            self.found.clear()
            return
        found = find_backups(folder)
        if not found:
            self.found.setText(NO_BACKUPS)
            return
        rows = [self.backups.add_entry(entry) for entry in found]
        self.listing.selectRow(rows[0])
        self.found.setText(f"{len(found)} backup{'' if len(found) == 1 else 's'} found there; "
                           "the newest is chosen.")


def backup_table(model: BackupTableModel, name: str) -> QTableView:
    """A read-only, whole-row-selecting table of backups.

    Args:
        model: The backups.
        name: Its accessible name.

    Returns:
        The view.
    """
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setMinimumHeight(view.verticalHeader().defaultSectionSize() * 5)
    return view
